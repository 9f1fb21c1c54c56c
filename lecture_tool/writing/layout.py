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

MIN_FIGURE_TEXT_PT = 14
"""The smallest text a snippet's figure may show, in points as projected: a slide is 1280 px
wide, 960 pt, so a figure's 10 pt labels drawn 6.4 in wide and shown 600 px wide are 9.8 pt."""


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
    figure_text_pt: float | None = None
    """Set (pt, under MIN_FIGURE_TEXT_PT) when a figure's smallest text is that small as
    projected; `pixels` is then 0."""


# Every slide the viewer marked as still overflowing, or as pressing on its footer:
# [slide, pixels, index of the <pre>, footer gap].
_OVERFLOW_SCRIPT = """Array.prototype.map.call(
  document.querySelectorAll(
    ".lt-deck > section[data-lt-overflow][data-slide], .lt-deck > section[data-lt-footer-gap][data-slide]"),
  function (s) {
    return [s.dataset.slide, s.getAttribute("data-lt-overflow") || "",
            s.getAttribute("data-lt-overflow-pre") || "", s.getAttribute("data-lt-footer-gap") || ""];
  })"""


# The smallest figure text of each slide as projected, in pt: a figure's text size (pt) times
# how much larger than its own size (in, at 96 px an inch) it is shown. A background figure
# is drawn inside its box as its background-size says. The slides with figures are shown
# (all together) to be measured, at the slide's own size.
_FIGURE_TEXT_SCRIPT = """(function () {
  function shownWidth(el, width, height, box) {
    if (el.tagName !== "FIGURE") return box.width;
    var size = getComputedStyle(el).backgroundSize.split(" "), aspect = width / height;
    if (size[0] === "contain") return Math.min(box.width, box.height * aspect);
    if (size[0] === "cover") return Math.max(box.width, box.height * aspect);
    if (/%$/.test(size[0])) return box.width * parseFloat(size[0]) / 100;
    if (/px$/.test(size[0])) return parseFloat(size[0]);
    if (/%$/.test(size[1] || "")) return box.height * parseFloat(size[1]) / 100 * aspect;
    if (/px$/.test(size[1] || "")) return parseFloat(size[1]) * aspect;
    return width * 96; // auto: the picture's own size
  }
  var deck = document.querySelector(".lt-deck"), transform = deck.style.transform, found = [];
  var sections = Array.prototype.filter.call(
    document.querySelectorAll(".lt-deck > section[data-slide]"),
    function (section) { return section.querySelector("[data-lt-figure-text]"); });
  deck.style.transform = "none";
  // All shown at once, so one layout measures them all: a section's size is fixed, so what
  // is inside it lays out the same whatever else is shown.
  sections.forEach(function (section) { section.setAttribute("data-lt-measure", ""); });
  sections.forEach(function (section) {
    var smallest = Infinity;
    section.querySelectorAll("[data-lt-figure-text]").forEach(function (el) {
      var p = el.getAttribute("data-lt-figure-text").split(" ").map(Number);
      var box = el.getBoundingClientRect();
      if (!(p[0] > 0 && p[1] > 0 && p[2] > 0 && box.width > 0)) return;
      smallest = Math.min(smallest, p[0] * shownWidth(el, p[1], p[2], box) / (96 * p[1]));
    });
    if (smallest < Infinity) found.push([section.dataset.slide, smallest]);
  });
  sections.forEach(function (section) { section.removeAttribute("data-lt-measure"); });
  deck.style.transform = transform;
  return found;
})()"""


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
    for number, points in page.evaluate(_FIGURE_TEXT_SCRIPT):
        if number.isdigit() and points < MIN_FIGURE_TEXT_PT - 0.05:
            slide = slides.get(int(number))
            line = slide.line if slide else 0
            found.append(Overflow(int(number), 0, line, figure_text_pt=round(points, 1)))
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
        if overflow.footer_gap is None and overflow.figure_text_pt is None
        else LayoutWarning(
            f"slide {overflow.slide}: figure text is {overflow.figure_text_pt:g} pt as "
            f"projected (under {MIN_FIGURE_TEXT_PT} pt)",
            deck_path,
            overflow.line,
            hint="give the figure's text a larger fontsize, or a smaller figsize, or show it larger",
            figure_text_pt=overflow.figure_text_pt,
        )
        if overflow.figure_text_pt is not None
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
