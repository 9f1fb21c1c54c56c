"""The course that ships in slides/: every deck builds, and follows the course's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.decks.deck import load_deck
from lecture_tool.pipeline import BuildOptions, build
from lecture_tool.writing.themes import available_themes

ROOT = Path(__file__).resolve().parent.parent
PROJECT = load_project(ROOT)
DECKS = sorted(PROJECT.slides.glob("*.md"))


@pytest.mark.parametrize("deck_path", DECKS, ids=[path.stem for path in DECKS])
def test_deck_builds_to_html(deck_path, tmp_path):
    report = build(
        BuildOptions(decks=(deck_path,), targets=("html",), smoke=True, device="cpu", out=tmp_path),
        project=PROJECT,
    )
    assert report.problems == []
    html = (tmp_path / "html" / f"{deck_path.stem}.html").read_text()
    slides = len(load_deck(deck_path, themes=available_themes([PROJECT.themes])).slides)
    assert html.count("<section") == slides


@pytest.mark.parametrize("deck_path", DECKS, ids=[path.stem for path in DECKS])
def test_deck_shape_and_every_code_block_is_a_reference(deck_path):
    deck = load_deck(deck_path, available_themes([PROJECT.themes]), PROJECT.snippets)
    references = deck.references
    # The syllabus asks for about 25–40 slides; three exercises a deck and one block of output
    # per slide take room, so up to 50: past that, cut or split the deck.
    assert 25 <= len(deck.slides) <= 50
    assert len({r.file for r in references if r.file is not None}) >= 6
    assert len({(r.file, r.cell, r.figure) for r in references if r.kind == "figure"}) >= 4
    pasted = [
        (deck_path.name, token.map[0] + 1)
        for slide in deck.slides
        for token in slide.tokens
        if token.type in ("fence", "code_block") and "{" not in token.info
    ]
    assert pasted == [], "code pasted into slides instead of referenced"


# Slides that are not taught from: a deck's title and section dividers, its reference list.
UNTAUGHT_CLASSES = {"lead", "references"}


@pytest.mark.parametrize("deck_path", DECKS, ids=[path.stem for path in DECKS])
def test_every_content_slide_has_presenter_notes(deck_path):
    deck = load_deck(deck_path, themes=available_themes([PROJECT.themes]))
    silent = [
        (deck_path.name, slide.line)
        for slide in deck.slides
        if not "".join(slide.notes).strip()
        and not UNTAUGHT_CLASSES & set((slide.settings.css_class or "").split())
    ]
    assert silent == [], "content slides without presenter notes (deck, line)"


@pytest.mark.browser
def test_course_prints_to_pdf_one_page_per_slide(tmp_path, chromium):
    import re
    import subprocess

    build(BuildOptions(targets=("pdf",), smoke=True, device="cpu", out=tmp_path), project=PROJECT)
    for deck_path in DECKS:
        pdf = tmp_path / "pdf" / f"{deck_path.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        slides = len(load_deck(deck_path, themes=available_themes([PROJECT.themes])).slides)
        assert re.search(rf"^Pages:\s+{slides}$", info, re.MULTILINE), (deck_path.name, info)
