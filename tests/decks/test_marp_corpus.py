"""Decks built both ways — by lecture_tool and by marp-cli — agree slide by slide.

The corpus (tests/data/marp_corpus/*.md) holds small decks of our own that reproduce what
real Marp decks use: directives of every kind, heading dividers next to rulers, notes,
missing images in split layouts. For each slide we compare what a reader sees of the
structure: classes, the page number, header and footer, background images and the split,
and the presenter notes. marp-cli is the reference (CI installs it with `npm ci` in bench/).
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

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parents[1] / "data" / "marp_corpus"
DECKS = sorted(CORPUS.glob("*.md"))


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
    subprocess.run(
        [*command, "--html", "--input-dir", str(CORPUS), "-o", str(out)],
        env=marp_cli.marp_env(),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def our_html(tmp_path_factory) -> Path:
    """Our HTML of every corpus deck (--keep-going: the corpus has missing images on purpose)."""
    root = tmp_path_factory.mktemp("ours")
    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    shutil.copytree(CORPUS, root / "slides")
    build(BuildOptions(targets=("html",), keep_going=True), project=load_project(root))
    return root / "build" / "html"


@pytest.mark.parametrize("deck", DECKS, ids=[deck.stem for deck in DECKS])
def test_deck_matches_marp_cli_slide_by_slide(deck, marp_html, our_html):
    theirs = marp_slides((marp_html / f"{deck.stem}.html").read_text())
    ours = our_slides((our_html / f"{deck.stem}.html").read_text())
    assert len(ours) == len(theirs)
    for number, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert mine == reference, f"{deck.name} slide {number}"


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
