"""End to end: the tiny project under tests/data/project built for real (engine included)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.errors import LectureError, SnippetFailed
from lecture_tool.pipeline import BuildOptions, build

DATA = Path(__file__).parent / "data" / "project"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo project, copied and built once to HTML and Marp."""
    root = tmp_path_factory.mktemp("demo") / "project"
    shutil.copytree(DATA, root)
    report = build(
        BuildOptions(targets=("html", "marp"), smoke=True, device="cpu"), project=load_project(root)
    )
    return root, report


def _sections(html: str) -> list[str]:
    return re.findall(r"<section\b[^>]*\bdata-slide=\"(\d+)\"", html)


def test_build_writes_one_self_contained_html_per_deck(built):
    root, report = built
    html = (root / "build" / "html" / "demo.html").read_text()
    assert report.problems == [] and report.snippets_run == 2  # the snippet + the {run} blocks
    assert _sections(html) == ["1", "2", "3", "4", "5"]
    assert "http://" not in html and "https://" not in html
    assert "data:image/svg+xml;base64," in html and "data:image/png;base64," in html


def test_captured_text_is_escaped(built):
    html = (built[0] / "build" / "html" / "demo.html").read_text()
    assert (
        "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in html
        or "&lt;script&gt;alert('hi')&lt;/script&gt; &amp; &lt;b&gt;" in html
    )
    assert "<script>alert" not in html


def test_code_output_run_and_pycon_blocks_come_from_execution(built):
    html = (built[0] / "build" / "html" / "demo.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    assert "x = torch.arange(STEPS)" in text
    assert "tensor([0, 1])" in text  # smoke: STEPS = 2
    assert "tensor([3., 3.])" in text
    assert "&gt;&gt;&gt; 1 + 1\n2\n" in text
    assert "ZeroDivisionError: division by zero" in text


def test_marp_output_inlines_everything(built):
    root, _ = built
    marp = (root / "build" / "marp" / "demo.md").read_text()
    assert "{file=" not in marp and "figure:" not in marp and "{run}" not in marp
    assert "```python\nimport torch\n\nx = torch.arange(STEPS)\nprint(x)\n```" in marp
    assert "```text\ntensor([0, 1])\n```" in marp
    assert "](demo/demo-basics-plot-1.png)" in marp and "](demo/images/dot.png)" in marp
    assert (root / "build" / "marp" / "demo" / "demo-basics-plot-1.png").is_file()
    assert "<!-- _class: lead -->" in marp  # directives stay as written


def test_second_build_takes_every_result_from_the_cache(built):
    root, _ = built
    report = build(
        BuildOptions(targets=("html",), smoke=True, device="cpu"), project=load_project(root)
    )
    assert (report.snippets_run, report.snippets_cached) == (0, 2)


def _project_with(tmp_path: Path, deck_tail: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    (root / "snippets" / "demo" / "broken.py").write_text(
        "# %% fine\nprint('ok')\n# %% bad\nvalue = {}['missing']\n"
    )
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(deck_tail)
    return root


def test_failed_snippet_fails_the_build_naming_deck_line_and_error(tmp_path):
    root = _project_with(tmp_path, '\n---\n\n```output {file="demo/broken.py" cell="fine"}\n```\n')
    line = (root / "slides" / "demo.md").read_text().splitlines().index(
        '```output {file="demo/broken.py" cell="fine"}'
    ) + 1
    with pytest.raises(SnippetFailed) as caught:
        build(BuildOptions(smoke=True, device="cpu"), project=load_project(root))
    assert str(caught.value).startswith(
        f"{root / 'slides' / 'demo.md'}:{line}: snippet demo/broken.py failed in cell 'bad': "
        "KeyError: 'missing' (line 4)"
    )
    assert caught.value.exit_code == 1
    assert not (root / "build" / "html" / "demo.html").exists()  # nothing half-written


def test_keep_going_shows_an_error_box_and_still_fails(tmp_path):
    root = _project_with(
        tmp_path,
        '\n---\n\n```output {file="demo/broken.py" cell="fine"}\n```\n\n'
        '```python {file="demo/nope.py" cell="x"}\n```\n',
    )
    report = build(
        BuildOptions(targets=("html", "marp"), smoke=True, device="cpu", keep_going=True),
        project=load_project(root),
    )
    assert [problem.message.split(":")[0] for problem in report.problems] == [
        "snippet demo/broken.py failed in cell 'bad'",
        "snippet file not found",
    ]
    html = (root / "build" / "html" / "demo.html").read_text()
    assert html.count('class="lt-error"') == 2
    assert len(_sections(html)) == 6
    marp = (root / "build" / "marp" / "demo.md").read_text()
    assert marp.count("> **Build error:** ") == 2
    assert "snippet file not found: demo/nope.py" in marp


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ('```python {file="demo/nope.py"}\n```\n', "snippet file not found: demo/nope.py"),
        (
            '```output {file="demo/basics.py" cell="zzz"}\n```\n',
            "no cell 'zzz' in demo/basics.py — its cells are: params, create, html, plot, oops",
        ),
        (
            "![](figure:demo/basics.py#plot/3)\n",
            "cell 'plot' of demo/basics.py drew 1 figure(s); there is no figure 3",
        ),
        (
            '```python {file="demo/basics.py" cell="create" lines="2-40"}\n```\n',
            "lines=2-40 is past the end of cell 'create' of demo/basics.py (4 lines)",
        ),
        ("![](images/missing.png)\n", "image not found: images/missing.png"),
        (
            '```python {file="demo/basics.py" colour="red"}\n```\n',
            "unknown attribute 'colour' on a ```python block",
        ),
    ],
)
def test_reference_errors_name_the_deck_line(tmp_path, tail, message):
    root = _project_with(tmp_path, "\n---\n\n" + tail)
    line = len((root / "slides" / "demo.md").read_text().splitlines()) - tail.count("\n") + 1
    with pytest.raises(LectureError) as caught:
        build(BuildOptions(smoke=True, device="cpu"), project=load_project(root))
    assert str(caught.value).startswith(f"{root / 'slides' / 'demo.md'}:{line}: {message}")


def test_cli_build_exit_codes(tmp_path):
    root = _project_with(tmp_path, '\n---\n\n```output {file="demo/broken.py" cell="fine"}\n```\n')

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "lecture_tool", "build", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )

    failed = cli("--smoke", "--device", "cpu")
    assert failed.returncode == 1
    assert "snippet demo/broken.py failed in cell 'bad'" in failed.stderr
    kept = cli("--smoke", "--device", "cpu", "--keep-going")
    assert kept.returncode == 1 and (root / "build" / "html" / "demo.html").is_file()
    assert cli("--to", "docx").returncode == 2
    assert cli("slides/none.md").returncode == 2


def test_the_command_runs_its_exit_handlers_before_it_leaves(built, tmp_path):
    """`lecture-tool` ends without tearing the interpreter down (cli.run), but only after the
    exit handlers ran: the render memos they write are there for the next build."""
    root, _ = built
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "lecture_tool", "build", "--smoke", "--device", "cpu", "--force"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote " in done.stdout and done.stdout.endswith("\n")  # flushed, whole
    shells = list((tmp_path / "lecture_tool" / "render").glob("page-shell-*/*"))
    assert shells, "the page-shell memo was not written at exit"


def test_fully_cached_build_never_imports_torch(built):
    root, _ = built
    code = (
        "import sys; from lecture_tool.pipeline import BuildOptions, build;"
        "from lecture_tool.config import load_project;"
        "r = build(BuildOptions(smoke=True, device='cpu'), project=load_project());"
        "print(r.snippets_run, r.snippets_cached, 'torch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "0 2 False", done.stderr


@pytest.mark.browser
def test_pdf_has_one_page_per_slide(built, chromium):
    root, _ = built
    report = build(
        BuildOptions(targets=("pdf",), smoke=True, device="cpu"), project=load_project(root)
    )
    pdf = root / "build" / "pdf" / "demo.pdf"
    assert pdf in report.outputs
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+5$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+960 x 540 pts", info, re.MULTILINE)


def test_pdf_without_a_browser_exits_2_with_how_to_install(built, monkeypatch):
    root, _ = built
    monkeypatch.setenv("CHROME_PATH", str(root / "no-such-browser"))
    with pytest.raises(LectureError) as caught:
        build(BuildOptions(targets=("pdf",), smoke=True, device="cpu"), project=load_project(root))
    assert caught.value.exit_code == 2
    assert "chromium" in str(caught.value).lower()


def test_editing_a_run_block_reruns_it(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    deck = root / "slides" / "demo.md"
    options = BuildOptions(targets=("html",), smoke=True, device="cpu")
    build(options, project=load_project(root))
    deck.write_text(deck.read_text().replace("print(", "print('edited', ", 1))
    report = build(options, project=load_project(root))
    assert (report.snippets_run, report.snippets_cached) == (1, 1)
    assert "edited" in (root / "build" / "html" / "demo.html").read_text()


def test_a_deck_is_parsed_once_per_build(built, parses):
    root, _ = built
    deck = root / "slides" / "demo.md"
    os.utime(deck)  # a touch: planned again (unchanged decks are not parsed: test_stamps.py)
    build(
        BuildOptions(targets=("html", "marp"), smoke=True, device="cpu"), project=load_project(root)
    )
    deck_text = deck.read_text()
    assert parses.count(deck_text) == 1
    assert all(len(text) < 200 for text in parses if text != deck_text)  # header/footer only


def test_cli_exit_codes_for_a_broken_deck_and_for_warnings(tmp_path):
    root = _project_with(tmp_path, "\n---\n\n<!-- theme: my-university -->\n\n# Tail\n")

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "lecture_tool", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )

    fine = cli("build", "--smoke", "--device", "cpu")
    assert fine.returncode == 0, fine.stderr
    assert "warning: " in fine.stdout and "theme 'my-university' not found, using default" in (
        fine.stdout
    )
    assert cli("build", "--smoke", "--device", "cpu", "--strict").returncode == 1
    assert cli("check").returncode == 0
    assert cli("check", "--strict").returncode == 1
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write('\n```output {file="demo/basics.py" cell="nope"}\n```\n')
    broken = cli("build", "--smoke", "--device", "cpu")
    assert broken.returncode == 1
    assert "no cell 'nope' in demo/basics.py" in broken.stderr
    assert cli("check").returncode == 1
