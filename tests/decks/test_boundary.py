"""Issue 14 item 1: a deck reads and runs only files inside its project (or `allow_outside`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_tool.commands.check import check_project
from lecture_tool.config import load_project
from lecture_tool.errors import BrokenReference, ConfigError
from lecture_tool.pipeline import BuildOptions, build

DATA = Path(__file__).parents[1] / "data" / "project"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The demo project with a secret image and a snippet beside it, outside the project."""
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    (tmp_path / "secret.txt").write_text("the build machine's secret\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "evil.py").write_text(
        f"# %% a\nopen({str(tmp_path / 'ran')!r}, 'w').write('ran')\nprint('evil ran')\n"
    )
    shutil.copy(DATA / "slides" / "images" / "dot.png", tmp_path / "shared" / "dot.png")
    return root


def _deck(root: Path, body: str) -> Path:
    deck = root / "slides" / "leak.md"
    deck.write_text("---\nmarp: true\n---\n\n# Leak\n\n" + body)
    return deck


LEAKS = (
    '```python {file="../../secret.txt"}\n```\n\n'  # line 7
    '```output {file="../../shared/evil.py" cell="a"}\n```\n\n'  # line 10
    "![](../../secret.txt)\n\n"  # line 13
    "![bg](figure:../../shared/evil.py#a)\n"  # line 15
)


def test_check_reports_every_file_outside_the_project(project, tmp_path):
    deck = _deck(project, LEAKS)
    report = check_project(load_project(project), [deck])
    messages = [str(error) for error in report.errors]
    assert messages == [
        f"{deck}:7: snippet {tmp_path / 'secret.txt'} is outside the project — move it into "
        'the project, or allow its folder with allow_outside = ["…"] in [tool.lecture_tool]',
        f"{deck}:10: snippet {tmp_path / 'shared/evil.py'} is outside the project — move it into "
        'the project, or allow its folder with allow_outside = ["…"] in [tool.lecture_tool]',
        f"{deck}:13: image ../../secret.txt is outside the project ({tmp_path / 'secret.txt'}) — "
        'move it into the project, or allow its folder with allow_outside = ["…"] in '
        "[tool.lecture_tool]",
        f"{deck}:15: snippet figure:../../shared/evil.py#a is outside the project "
        f"({tmp_path / 'shared/evil.py'}) — move it into the project, or allow its folder with "
        'allow_outside = ["…"] in [tool.lecture_tool]',
    ]


def test_build_fails_before_running_or_inlining_anything_outside(project, tmp_path):
    _deck(project, LEAKS)
    with pytest.raises(BrokenReference, match=r"leak\.md:7: snippet .*secret\.txt is outside"):
        build(
            BuildOptions(decks=(project / "slides" / "leak.md",), device="cpu"),
            load_project(project),
        )
    assert not (tmp_path / "ran").exists()


def test_keep_going_shows_errors_and_never_runs_or_embeds_the_outside_files(project, tmp_path):
    deck = _deck(project, LEAKS)
    report = build(
        BuildOptions(decks=(deck,), targets=("html",), device="cpu", keep_going=True),
        load_project(project),
    )
    assert [error.line for error in report.problems] == [7, 10, 13, 15]
    assert not (tmp_path / "ran").exists()
    html = (project / "build" / "html" / "leak.html").read_text()
    assert "secret" not in html.replace("secret.txt", "")
    assert "evil ran" not in html


def test_a_symlink_inside_the_project_to_a_file_outside_is_outside(project, tmp_path):
    (project / "slides" / "images" / "link.txt").symlink_to(tmp_path / "secret.txt")
    deck = _deck(project, "![](images/link.txt)\n")
    report = check_project(load_project(project), [deck])
    assert [str(e).split(" — ")[0] for e in report.errors] == [
        f"{deck}:7: image images/link.txt is outside the project ({tmp_path / 'secret.txt'})"
    ]


def test_allow_outside_opts_a_folder_in(project, tmp_path):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'allow_outside = ["../shared"]\n')
    deck = _deck(
        project,
        '```output {file="../../shared/evil.py" cell="a"}\n```\n\n![](../../shared/dot.png)\n\n'
        "![](../../secret.txt)\n",
    )
    loaded = load_project(project)
    assert loaded.allow_outside == ((tmp_path / "shared").resolve(),)
    report = check_project(loaded, [deck])
    assert [str(e).split(" — ")[0] for e in report.errors] == [
        f"{deck}:12: image ../../secret.txt is outside the project ({tmp_path / 'secret.txt'})"
    ]


def test_allow_outside_must_be_a_list_of_folders(project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'allow_outside = "../shared"\n')
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    assert str(caught.value) == (
        f"{pyproject}: allow_outside must be a list of folder paths — write "
        'allow_outside = ["../shared-data"] (relative to the project root)'
    )


def test_remote_images_stay_as_they_are(project):
    deck = _deck(project, "![](https://example.org/a.png)\n")
    assert check_project(load_project(project), [deck]).errors == []


def test_cli_build_exits_1_naming_the_line(project):
    _deck(project, "![](../../secret.txt)\n")
    done = subprocess.run(
        [sys.executable, "-m", "lecture_tool", "build", "slides/leak.md"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    assert "slides/leak.md:7: image ../../secret.txt is outside the project" in done.stderr
