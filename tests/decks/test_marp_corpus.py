"""Decks built both ways — by lecture_tool and by marp-cli — agree slide by slide.

The corpus (tests/data/marp_corpus/*.md) holds small decks of our own that reproduce what
real Marp decks use: directives of every kind, heading dividers next to rulers, notes,
missing images in split layouts, themes with their own CSS. For each slide we compare what
a reader sees of the structure: classes, the page number, header and footer, background
images and the split, and the presenter notes. Then both PDFs are compared page by page as
small greyscale images (`page_images`), so a deck cannot match in structure and look
different. marp-cli is the reference (CI installs it with `npm ci` in bench/).
"""

from __future__ import annotations

import html as html_lib
import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build
from lecture_tool.writing.pdf import find_browser
from tests.decks.page_images import page_difference, page_images, pdftoppm, side_by_side

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parents[1] / "data" / "marp_corpus"
DECKS = sorted(CORPUS.glob("*.md"))

PAGE_TOLERANCE = 0.005
"""Largest grey difference (0–1) allowed between our page and marp-cli's, in the worst of
4×4 tiles, comparing 4×4-pixel cell means (`page_images.page_difference`). Matching pages
measure 0.000–0.003 (anti-aliasing, glyph positions, a syntax colour); a missing background,
a wrapped line, a different size or margin measure 0.007 and more (docs/marp-compat.md)."""

LOOKS_DIFFERENT: dict[str, str] = {
    "backgrounds": "its images are missing on purpose: we draw a hatched box naming each, "
    "marp-cli draws nothing",
    "math_block_paragraph": "display math is MathML here, MathJax SVG in marp-cli: the same "
    "formula, other glyph boxes and margins",
    "wild_math_styles": "display math is MathML here, MathJax SVG in marp-cli",
    "wild_navbar:1": "a `<!-- fit -->` heading: we scale its font, Marp scales an SVG; the "
    "text sits 2–3 px apart",
    "wild_bg_fit:1": "a `<!-- fit -->` heading (as wild_navbar:1)",
    "wild_workshop:4": "a code block in a list item ends 0.4 px apart from Marp's (`marp-pre` "
    "rounding); on this slide's high-contrast gaia colours that one pixel row shows",
}
"""Decks (`deck`) or pages (`deck:page`) whose pages differ from marp-cli's by design, and
why (their structure still matches); every other page must look like marp-cli's."""


@dataclass(frozen=True)
class SlideView:
    """What both renderers must agree on for one slide."""

    classes: frozenset[str]
    page: str | None
    """The page number shown (`data-marpit-pagination`), None when not shown."""
    header: str | None
    footer: str | None
    backgrounds: int
    split: str | None
    notes: tuple[str, ...]
    chrome_images: tuple[str, ...] = ()
    """Sizes of the header's and footer's images (`header height:24px`), in order."""
    links: tuple[str, ...] = ()
    """Every link's href on the slide, in order (linkify and slugs included)."""
    breaks: int = 0
    """Line breaks (`<br>`) in the slide's content."""
    heading_ids: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def marp_html(tmp_path_factory) -> Path:
    """marp-cli's HTML of every corpus deck, in one run."""
    spec = importlib.util.spec_from_file_location("marp_cli", REPO / "bench" / "marp_cli.py")
    marp_cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(marp_cli)
    command = marp_cli.find_marp()
    if command is None:
        pytest.skip("marp-cli not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)")
    out = tmp_path_factory.mktemp("marp")
    for extra in ((), ("--pdf", "--allow-local-files")):  # the HTML, then the PDF
        subprocess.run(
            [*command, "--html", *extra, "--input-dir", str(CORPUS), "-o", str(out),
             "--theme-set", str(CORPUS / "themes")],
            env=_english(marp_cli.marp_env()),
            check=True,
            capture_output=True,
            timeout=600,
        )  # fmt: skip
    return out


def _english(env: dict[str, str]) -> dict[str, str]:
    # marp-cli writes the process locale as each slide's `lang` ("C" under LANG=C), and
    # Chromium picks fonts by language: both renderers print as the same en-US document.
    return {**env, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Path:
    """Our HTML and PDF of every corpus deck (--keep-going: the corpus has missing images
    on purpose); `build/html` and `build/pdf` under the folder returned."""
    root = tmp_path_factory.mktemp("ours")
    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    shutil.copytree(CORPUS, root / "slides")
    targets = ("html", "pdf") if find_browser() is not None else ("html",)
    build(BuildOptions(targets=targets, keep_going=True), project=load_project(root))
    return root / "build"


@pytest.fixture(scope="module")
def our_html(ours) -> Path:
    return ours / "html"


@pytest.mark.parametrize("deck", DECKS, ids=[deck.stem for deck in DECKS])
def test_deck_matches_marp_cli_slide_by_slide(deck, marp_html, our_html):
    theirs = marp_slides((marp_html / f"{deck.stem}.html").read_text())
    ours = our_slides((our_html / f"{deck.stem}.html").read_text())
    assert len(ours) == len(theirs)
    for number, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert mine == reference, f"{deck.name} slide {number}"


@pytest.mark.parametrize("deck", DECKS, ids=[deck.stem for deck in DECKS])
def test_deck_pages_look_like_marp_cli(deck, marp_html, ours, tmp_path):
    if find_browser() is None or pdftoppm() is None:
        pytest.skip("needs Chromium and poppler's pdftoppm (make browser)")
    if deck.stem in LOOKS_DIFFERENT:
        pytest.skip(f"differs by design: {LOOKS_DIFFERENT[deck.stem]}")
    theirs = page_images(marp_html / f"{deck.stem}.pdf")
    mine = page_images(ours / "pdf" / f"{deck.stem}.pdf")
    assert len(mine) == len(theirs)
    for number, (page, reference) in enumerate(zip(mine, theirs, strict=True), start=1):
        if f"{deck.stem}:{number}" in LOOKS_DIFFERENT:
            continue
        difference = page_difference(page, reference)
        if difference >= PAGE_TOLERANCE:
            side_by_side(page, reference, tmp_path / f"{deck.stem}-{number}.png")
        assert difference < PAGE_TOLERANCE, (
            f"{deck.name} page {number} differs from marp-cli's by {difference:.4f} "
            f"(ours | marp-cli | difference: {tmp_path / f'{deck.stem}-{number}.png'})"
        )


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler's pdfinfo")
def test_pdf_metadata_is_marp_clis(marp_html, ours):
    """Title, author, subject (description) and keywords as marp-cli writes them; tagged;
    and (more than marp-cli without --pdf-outlines) an outline of the headings."""
    fields = ("Title", "Author", "Subject", "Keywords", "Tagged", "Pages")
    theirs = _pdfinfo(marp_html / "pdf_metadata.pdf")
    mine = _pdfinfo(ours / "pdf" / "pdf_metadata.pdf")
    assert {f: mine.get(f) for f in fields} == {f: theirs.get(f) for f in fields}
    assert mine["Tagged"] == "yes" and mine["Author"] == "A. Lecturer"
    assert b"/Outlines" in (ours / "pdf" / "pdf_metadata.pdf").read_bytes()


def _pdfinfo(pdf: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in result.stdout.splitlines())
    }


# -- reading marp-cli's HTML ------------------------------------------------------------------


def marp_slides(document: str) -> list[SlideView]:
    """One view per `<svg data-marpit-svg>`: with advanced backgrounds a slide is three
    sections (background, content, pseudo); the content one carries the slide."""
    notes: dict[int, list[str]] = {}
    for index, body in re.findall(
        r'<div class="bespoke-marp-note" data-index="(\d+)"[^>]*>(.*?)</div>', document, re.S
    ):
        notes[int(index)] = [_text(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]
    views = []
    # Split at each slide's own <svg>: math (MathJax) puts more <svg> elements inside a slide.
    for index, svg in enumerate(re.split(r"(?=<svg data-marpit-svg)", document)[1:]):
        sections = re.findall(r"(<section\b[^>]*>)(.*?)</section>", svg, re.S)
        content = next(
            (
                s
                for s in sections
                if 'advanced-background="background"' not in s[0]
                and 'advanced-background="pseudo"' not in s[0]
            ),
        )
        background = next((s for s in sections if 'advanced-background="background"' in s[0]), None)
        views.append(
            _view(
                content[0],
                content[1],
                backgrounds=background[1].count("<figure") if background else 0,
                split=_attr(background[0], "data-marpit-advanced-background-split")
                if background
                else None,
                notes=tuple(notes.get(index, ())),
            )
        )
    return views


# -- reading ours ------------------------------------------------------------------------


def our_slides(document: str) -> list[SlideView]:
    views = []
    for tag, body in re.findall(
        r"(<section\b[^>]*\bdata-slide=[^>]*>)(.*?)</section>", document, re.S
    ):
        aside = re.search(r'<aside class="lt-notes">(.*?)</aside>', body, re.S)
        views.append(
            _view(
                tag,
                body,
                backgrounds=len(re.findall(r'<figure class="lt-bg-image"', body)),
                split=_attr(tag, "data-split"),
                notes=tuple(_text(p) for p in re.findall(r"<p>(.*?)</p>", aside[1], re.S))
                if aside
                else (),
            )
        )
    return views


def _view(tag: str, body: str, *, backgrounds: int, split, notes) -> SlideView:
    body = re.sub(r"<aside.*?</aside>", "", body, flags=re.S)  # our notes are in the section
    header = re.search(r"<header>(.*?)</header>", body, re.S)
    footer = re.search(r"<footer>(.*?)</footer>", body, re.S)
    chrome = [(name, part[1]) for name, part in (("header", header), ("footer", footer)) if part]
    return SlideView(
        chrome_images=tuple(
            f"{name} {size[0]}:{size[1].strip()}"
            for name, markup in chrome
            for image in re.findall(r"<img\b[^>]*>", markup)
            for size in re.findall(r"(width|height):\s*([^;\"]+)", image)
        ),
        links=tuple(html_lib.unescape(h) for h in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', body)),
        breaks=len(re.findall(r"<br\b", body)),
        heading_ids=tuple(re.findall(r'<h[1-6]\b[^>]*\bid="([^"]*)"', body)),
        classes=frozenset((_attr(tag, "class") or "").split()),
        page=_attr(tag, "data-marpit-pagination"),
        header=_text(header[1]) if header and _text(header[1]) else None,
        footer=_text(footer[1]) if footer and _text(footer[1]) else None,
        backgrounds=backgrounds,
        split=split,
        notes=notes,
    )


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return html_lib.unescape(found[1]) if found else None


def _text(markup: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", markup)).split())
