"""Issue 14 item 3: decks and snippets are UTF-8 (a BOM accepted); bad bytes are clean errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_tool.commands.check import check_project
from lecture_tool.config import load_project
from lecture_tool.decks.deck import load_deck
from lecture_tool.errors import EncodingError
from lecture_tool.running.snippet import load_snippet

DATA = Path(__file__).parent / "data" / "project"
REPO = Path(__file__).resolve().parents[1]
HINT = "save the file as UTF-8 (most editors: 'Save with Encoding' → UTF-8)"


def _cli(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_tool", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    return root


def test_a_deck_with_a_bom_keeps_its_front_matter(tmp_path):
    deck = tmp_path / "bom.md"
    deck.write_bytes(b"\xef\xbb\xbf---\nmarp: true\npaginate: true\n---\n\n# One\n\n---\n\n# Two\n")
    parsed = load_deck(deck)
    assert [slide.markdown for slide in parsed.slides] == ["# One", "# Two"]
    assert parsed.slides[0].settings.paginate is True
    assert parsed.slides[0].line == 6


def test_a_snippet_with_a_bom_parses(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes(b"\xef\xbb\xbf# %% a\nprint('\xc3\xa9')\n")
    assert [(c.name, c.source, c.line) for c in load_snippet(path).cells] == [
        ("a", "print('é')", 2)
    ]


def test_a_deck_that_is_not_utf8_names_the_file_line_and_byte(tmp_path):
    deck = tmp_path / "latin1.md"
    deck.write_bytes(b"---\nmarp: true\n---\n\n# Caf\xe9\n")
    with pytest.raises(EncodingError) as caught:
        load_deck(deck)
    assert str(caught.value) == f"{deck}:5: not valid UTF-8: byte 0xe9 at offset 25 — {HINT}"
    assert caught.value.exit_code == 1


def test_a_snippet_that_is_not_utf8_names_the_file_line_and_byte(tmp_path):
    path = tmp_path / "s.py"
    path.write_bytes(b"\xef\xbb\xbf# %% a\nprint('\xff')\n")
    with pytest.raises(EncodingError) as caught:
        load_snippet(path)
    # offsets count from the file's first byte, BOM included
    assert str(caught.value) == f"{path}:2: not valid UTF-8: byte 0xff at offset 17 — {HINT}"


def test_build_check_and_run_report_undecodable_files_and_exit_1(project):
    (project / "slides" / "bad.md").write_bytes(b"# ok\n\n\x80\n")
    snippet = project / "snippets" / "demo" / "bad.py"
    snippet.write_bytes(b"# %% a\nx = '\xfe'\n")
    built = _cli("build", "slides/bad.md", cwd=project)
    assert built.returncode == 1
    assert built.stderr.decode() == (
        f"error: {project}/slides/bad.md:3: not valid UTF-8: byte 0x80 at offset 6 — {HINT}\n"
    )
    ran = _cli("run", "snippets/demo/bad.py", cwd=project)
    assert ran.returncode == 1
    assert ran.stderr.decode() == (
        f"error: snippets/demo/bad.py:2: not valid UTF-8: byte 0xfe at offset 12 — {HINT}\n"
    )
    report = check_project(load_project(project), [project / "slides" / "bad.md"])
    assert [str(error) for error in report.errors] == [
        f"{project}/slides/bad.md:3: not valid UTF-8: byte 0x80 at offset 6 — {HINT}"
    ]


def test_a_cli_argument_that_is_not_utf8_is_a_usage_error(project):
    done = _cli("run", os.fsdecode(b"snippets/\xffx.py"), cwd=project)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "error: argument 'snippets/\\xffx.py' is not valid UTF-8 (byte 0xff at offset 9)"
        " — rename the file, or pass the argument as UTF-8\n"
    )
