"""Slides kept between builds: an edited deck's page is byte for byte the page a build without
any memo draws, whatever the edit reaches beyond its own slide."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DECK = """\
---
marp: true
paginate: true
header: "Course **header**"
---

# Intro

See [the docs][docs] and [home](https://example.org).

---

<!-- class: invert -->

# Intro

- one
- two

<!-- a note for the lecturer -->

---

## Formula

$$ \\sum_{k=1}^{n} k = \\frac{n(n+1)}{2} $$

---

[docs]: https://docs.example.org/v1

# Links

* fragment one
* fragment two
"""

BUILD = """
import sys
from lecture_tool.writing import slide_memo
from lecture_tool.commands.cli import main
seen = {"kept": 0, "rendered": 0}
get = slide_memo.SlideMemo.get
def counted(self, key):
    found = get(self, key)
    seen["kept" if found is not None else "rendered"] += 1
    return found
slide_memo.SlideMemo.get = counted
code = main(["build", "--to", "html", "--out", sys.argv[1]])
print(seen["kept"], seen["rendered"])
sys.exit(code)
"""


def _build(root: Path, cache: Path, out: str) -> tuple[str, list[int]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, out], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    counts = [int(n) for n in done.stdout.split()[-2:]]
    return (root / out / "html" / "deck.html").read_text(), counts


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "slides").mkdir(parents=True)
    (root / "snippets").mkdir()
    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (root / "slides" / "deck.md").write_text(DECK)
    return root


@pytest.mark.parametrize(
    ("old", "new", "rendered"),
    [
        ("- two", "- two, edited", 1),  # prose: only its own slide is rendered
        # A link defined on slide 4 (where it shows nothing) and used on slide 1.
        ("docs.example.org/v1", "docs.example.org/v2", 1),
        # A second `Intro` heading on slide 1: slide 2's `Intro` becomes `intro-2`.
        ("See [the docs][docs] and [home](https://example.org).", "# Intro", 2),
        ("<!-- class: invert -->", "<!-- class: lead -->", 3),  # carried to slides 3 and 4
        ("paginate: true", "paginate: false", 4),  # a global directive
        ("- one\n", "- one\n- one and a half\n", 3),  # a line more: later slides move down
    ],
)
def test_an_edited_deck_renders_the_slides_it_changed_and_no_other(
    project, tmp_path, old, new, rendered
):
    memo = tmp_path / "memo"
    _build(project, memo, "first")
    deck = project / "slides" / "deck.md"
    deck.write_text(deck.read_text().replace(old, new, 1))
    page, (kept, drawn) = _build(project, memo, "again")
    fresh, (_, all_drawn) = _build(project, tmp_path / "fresh", "fresh")
    assert page == fresh
    assert all_drawn == 4
    assert (drawn, kept) == (rendered, 4 - rendered)


def test_a_slide_with_an_error_box_is_rendered_and_reported_again(project, tmp_path):
    deck = project / "slides" / "deck.md"
    deck.write_text(deck.read_text() + '\n---\n\n```python {file="missing.py"}\n```\n')
    memo = tmp_path / "memo"
    env = {**os.environ, "XDG_CACHE_HOME": str(memo), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "lecture_tool", "build", "--keep-going"]
    for edit in ("", "- two, edited"):
        deck.write_text(deck.read_text().replace("- two", edit or "- two", 1))
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 1
        assert "1 problem(s)" in done.stdout  # the box on slide 5 is drawn and reported each time
        assert "missing.py" in done.stdout + done.stderr


def test_a_slide_whose_css_reads_a_file_shows_that_files_bytes_of_today(project, tmp_path):
    """A `url()` in a slide's CSS may name a file beside the project's slides/ that nothing
    else tracks: such a slide is always rendered, so a changed file shows."""
    (project / "assets").mkdir()
    picture = project / "assets" / "bg.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="red"/></svg>')
    deck = project / "slides" / "deck.md"
    style = "<style scoped>section { background: url(../assets/bg.svg); }</style>\n\n## Formula"
    deck.write_text(deck.read_text().replace("## Formula", style, 1))
    memo = tmp_path / "memo"
    first, _ = _build(project, memo, "first")
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="blue"/></svg>')
    deck.write_text(deck.read_text().replace("- two", "- two, edited", 1))
    page, (kept, drawn) = _build(project, memo, "again")
    fresh, _ = _build(project, tmp_path / "fresh", "fresh")
    assert page == fresh != first
    assert (drawn, kept) == (1, 2)  # slide 3 does not even ask the memo
