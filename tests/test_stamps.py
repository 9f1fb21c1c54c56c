"""A rebuild decides from the files' sizes and times alone when nothing a deck reads changed
(stamps.Inputs), and from the full stamp otherwise; never "up to date" after a real change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lecture_tool import stamps
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

DATA = Path(__file__).parent / "data" / "project"
OPTIONS = BuildOptions(targets=("html",), smoke=True, device="cpu")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    return root


def _build(root: Path, **options):
    from dataclasses import replace

    return build(replace(OPTIONS, **options), project=load_project(root))


def _deck_parses(parsed: list[str], root: Path) -> int:
    return parsed.count((root / "slides" / "demo.md").read_text())


def test_an_unchanged_deck_is_neither_parsed_nor_rendered(root, parses):
    first = _build(root)
    assert first.problems == [] and first.snippets_run == 2
    parses.clear()
    again = _build(root)
    html = root / "build" / "html" / "demo.html"
    assert (again.outputs, again.unchanged) == ([], [html])
    assert (again.snippets_run, again.snippets_cached) == (0, 2)
    assert parses == []
    # Other options are other outputs: --smoke off plans (and runs) again.
    assert _build(root, smoke=False).snippets_run == 2


@pytest.mark.parametrize(
    "change",
    [
        "deck text",
        "snippet text",
        "new sibling module",
        "new image",
        "pyproject",
        "deleted output",
    ],
)
def test_any_change_to_what_a_deck_reads_plans_it_again(root, parses, change):
    _build(root)
    folder = root / "snippets" / "demo"
    if change == "deck text":
        deck = root / "slides" / "demo.md"
        deck.write_text(deck.read_text() + "\n---\n\n# One more\n")
    elif change == "snippet text":
        snippet = folder / "basics.py"
        snippet.write_text(snippet.read_text() + "\n# a comment\n")
    elif change == "new sibling module":
        (folder / "helpers.py").write_text("X = 1\n")
    elif change == "new image":
        shutil.copy(root / "slides" / "images" / "dot.png", root / "slides" / "images" / "two.png")
    elif change == "pyproject":
        pyproject = root / "pyproject.toml"
        pyproject.write_text(pyproject.read_text() + "\n# edited\n")
    else:
        (root / "build" / "html" / "demo.html").unlink()
    parses.clear()
    report = _build(root)
    assert report.problems == []
    assert _deck_parses(parses, root) == 1, change
    assert (root / "build" / "html" / "demo.html").is_file()


def test_a_same_size_edit_within_the_same_clock_tick_is_seen(root):
    # A file written just before its record may be written again in the same mtime tick with
    # the same size: its content hash is recorded too (git's "racily clean" entries).
    deck = root / "slides" / "demo.md"
    _build(root)  # runs the snippets: the build below takes their results from the cache
    deck.write_text(deck.read_text() + "\nold text\n")
    _build(root)  # records the deck's time a moment after it was written
    before = deck.stat()
    deck.write_text(deck.read_text().replace("old text", "new text"))
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size
    report = _build(root)
    assert report.outputs == [root / "build" / "html" / "demo.html"]
    assert "new text" in report.outputs[0].read_text()


def test_an_unchanged_deck_says_its_warnings_again(root, parses):
    deck = root / "slides" / "demo.md"
    deck.write_text(deck.read_text() + "\n---\n\n<!-- theme: my-university -->\n\n# Tail\n")
    first = [str(w) for w in _build(root).warnings]
    assert any("theme 'my-university' not found" in w for w in first)
    parses.clear()
    assert [str(w) for w in _build(root).warnings] == first
    assert parses == []


def test_a_module_installed_since_plans_the_deck_again(root, parses, monkeypatch):
    snippet = root / "snippets" / "demo" / "needs.py"
    snippet.write_text(
        "# ---\n# lecture:\n#   requires: [no_such_module_here]\n# ---\n# %% a\nprint(1)\n"
    )
    deck = root / "slides" / "demo.md"
    deck.write_text(deck.read_text() + '\n---\n\n```output {file="demo/needs.py" cell="a"}\n```\n')
    _build(root)
    parses.clear()
    _build(root)
    assert parses == []
    monkeypatch.setattr(stamps, "_installed", lambda name: name == "no_such_module_here")
    _build(root)
    assert _deck_parses(parses, root) == 1


def _png(red: int) -> bytes:
    """A valid 1×1 PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("where", ["beside slides/", "in allow_outside"])
def test_an_image_from_outside_slides_is_read_again_when_it_changes(tmp_path, root, where):
    if where == "beside slides/":
        folder, src = root / "figures", "../figures/photo.png"
    else:
        folder, src = tmp_path / "shared", "../../shared/photo.png"
        pyproject = root / "pyproject.toml"
        pyproject.write_text(pyproject.read_text() + 'allow_outside = ["../shared"]\n')
    folder.mkdir()
    image = folder / "photo.png"
    image.write_bytes(_png(10))
    deck = root / "slides" / "demo.md"
    deck.write_text(deck.read_text() + f"\n---\n\n![]({src})\n")
    html = root / "build" / "html" / "demo.html"
    assert _build(root).problems == []
    before = html.read_text()
    image.write_bytes(_png(200) + b"\0")  # another picture, and another size
    report = _build(root)
    assert report.outputs == [html]
    assert html.read_text() != before
    # A deck whose image went missing is rendered again too (with its error box).
    image.unlink()
    assert _build(root, keep_going=True).outputs == [html]
