"""`lecture-tool build PATH` for a deck outside the working folder's project (issue 24)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
DECK = """\
---
marp: true
header: ![h:20](img/missing.png)
---

# One

![w:100](img/logo.png)

---

# Two

---

# Three
"""


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A lecture project (the working folder) and a talk folder elsewhere."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    talk = tmp_path / "talks"
    (talk / "img").mkdir(parents=True)
    (talk / "img" / "logo.png").write_bytes(PNG)
    (talk / "deck.md").write_text(DECK)
    return course, talk


def _build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_tool", "build", *args, "--to", "html"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_deck_elsewhere_is_built_in_its_own_folder_and_reads_its_images(places):
    course, talk = places
    result = _build(course, str(talk / "deck.md"), "--keep-going")
    assert "outside the project" not in result.stdout + result.stderr
    html = (talk / "build" / "html" / "deck.html").read_text()
    assert html.count("data:image/png;base64,") >= 1  # logo.png, read beside the deck
    assert not (course / "build" / "html" / "deck.html").exists()
    # The header's missing image is every slide's problem; it is reported once.
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {talk / 'deck.md'}:3: image not found: img/missing.png"]
    assert "1 problem(s)" in result.stdout
    assert result.returncode == 1


def test_a_deck_under_another_lecture_project_belongs_to_that_project(places):
    course, talk = places
    (talk / "pyproject.toml").write_text('[tool.lecture_tool]\nbuild = "out"\n')
    (talk / "sub").mkdir()
    deck = talk / "sub" / "deck.md"
    deck.write_text(DECK.replace("img/", "../img/").replace("missing.png", "logo.png"))
    result = _build(course, str(deck))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (talk / "out" / "html" / "deck.html").is_file()
