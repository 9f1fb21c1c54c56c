"""Slides measured in headless Chromium: what still overflows after the viewer has fitted it.

The viewer (viewer.js, `fitSlide`) shrinks code, output and display math to fit each slide,
never below 60%, and marks a slide whose content still does not fit with
`data-lt-overflow="PX"` (and `data-lt-overflow-pre`, the index of the `<pre>` to shorten).
Here Chromium loads the built HTML at the deck's size, runs that script, and is asked which
sections it marked: the same fitting the audience and the PDF get, measured with no extra
dependency, in the same page a PDF build then prints (writing/printer.py). Used by PDF builds
and `lecture-tool check --layout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import LayoutWarning
from lecture_tool.writing.chromium import Browser, Page
from lecture_tool.writing.pdf import CHROMIUM_FLAGS, require_browser
from lecture_tool.writing.rendered import RenderedDeck

FOOTER_MARGIN_PX = 8
"""The space a slide with a footer keeps above it (viewer.js `FOOTER_MARGIN`)."""


@dataclass(frozen=True)
class Overflow:
    """A slide whose content does not fit, even at the smallest fitted size."""

    slide: int
    pixels: int
    line: int
    """The deck line of the block to shorten (else the slide's first line)."""
    footer_gap: int | None = None
    """Set (px, under FOOTER_MARGIN_PX) when the slide fits but its last block presses
    against its footer; `pixels` is then 0."""


# Every slide the viewer marked as still overflowing, or as pressing on its footer:
# [slide, pixels, index of the <pre>, footer gap].
_OVERFLOW_SCRIPT = """Array.prototype.map.call(
  document.querySelectorAll(
    ".lt-deck > section[data-lt-overflow][data-slide], .lt-deck > section[data-lt-footer-gap][data-slide]"),
  function (s) {
    return [s.dataset.slide, s.getAttribute("data-lt-overflow") || "",
            s.getAttribute("data-lt-overflow-pre") || "", s.getAttribute("data-lt-footer-gap") || ""];
  })"""


def read_overflow(page: Page, deck: RenderedDeck) -> list[Overflow]:
    """What overflows on a `page` that has loaded `deck`'s HTML (see `Page.load`)."""
    slides = {slide.number: slide for slide in deck.slides}
    found = []
    for number, pixels, pre, gap in page.evaluate(_OVERFLOW_SCRIPT):
        if not number.isdigit():
            continue
        slide = slides.get(int(number))
        line = slide.line if slide else 0
        if not pixels:
            if gap.lstrip("-").isdigit():
                found.append(Overflow(int(number), 0, line, footer_gap=int(gap)))
            continue
        if slide and pre.isdigit() and int(pre) < len(slide.pre_lines):
            line = slide.pre_lines[int(pre)]
        found.append(Overflow(int(number), int(float(pixels)), line))
    return found


def measure_overflow(html_path: Path, deck: RenderedDeck) -> list[Overflow]:
    """Load `html_path` in its own Chromium at the deck's size; every slide that still
    overflows. (A build measures in the Chromium it prints with: writing/printer.py.)"""
    with Browser(require_browser(), CHROMIUM_FLAGS) as browser:
        page = browser.page(deck.width, deck.height)
        page.load(Path(html_path))
        return read_overflow(page, deck)


def warnings_for(overflows: list[Overflow], deck_path: Path) -> list[LayoutWarning]:
    """`deck.md:LINE: slide N overflows by P px — split the slide or show fewer lines`, and
    `deck.md:LINE: slide N ends G px above its footer (under 8 px) — …` for a slide that fits
    but leaves its footer no margin."""
    return [
        LayoutWarning(
            f"slide {overflow.slide} overflows by {overflow.pixels} px",
            deck_path,
            overflow.line,
            hint="split the slide or show fewer lines",
        )
        if overflow.footer_gap is None
        else LayoutWarning(
            f"slide {overflow.slide} ends {overflow.footer_gap} px above its footer "
            f"(under {FOOTER_MARGIN_PX} px)",
            deck_path,
            overflow.line,
            hint="leave a margin above the footer: shorten the slide or split it",
            footer_gap=overflow.footer_gap,
        )
        for overflow in overflows
    ]


def overflow_warnings(html_path: Path, deck: RenderedDeck, deck_path: Path) -> list[LayoutWarning]:
    """The overflow report of `html_path`, measured in its own Chromium."""
    return warnings_for(measure_overflow(html_path, deck), deck_path)
