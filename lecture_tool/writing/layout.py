"""Slides measured in headless Chromium: what still overflows after the viewer has fitted it.

The viewer (viewer.js, `fitSlide`) shrinks code, output and display math to fit each slide,
never below 60%, and marks a slide whose content still does not fit with
`data-lt-overflow="PX"` (and `data-lt-overflow-pre`, the index of the `<pre>` to shorten).
Here Chromium loads the built HTML at the deck's size, runs that script, and hands back the
DOM (`--dump-dom`): the same fitting the audience and the PDF get, measured with no extra
dependency. Used by PDF builds and `lecture-tool check --layout`.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import DeckWarning, PdfError
from lecture_tool.writing.pdf import CHROMIUM_FLAGS, require_browser
from lecture_tool.writing.rendered import RenderedDeck

MEASURE_TIMEOUT_S = 120
_SECTION = re.compile(r"<section\b([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class Overflow:
    """A slide whose content does not fit, even at the smallest fitted size."""

    slide: int
    pixels: int
    line: int
    """The deck line of the block to shorten (else the slide's first line)."""


def measure_overflow(html_path: Path, deck: RenderedDeck) -> list[Overflow]:
    """Load `html_path` in Chromium at the deck's size; every slide that still overflows."""
    dom = _dump_dom(Path(html_path).resolve(), deck.width, deck.height)
    slides = {slide.number: slide for slide in deck.slides}
    found = []
    for match in _SECTION.finditer(dom):
        attrs = {key: html.unescape(value) for key, value in _ATTR.findall(match.group(1))}
        if "data-lt-overflow" not in attrs or "data-slide" not in attrs:
            continue
        number = int(attrs["data-slide"])
        slide = slides.get(number)
        line = slide.line if slide else 0
        pre = attrs.get("data-lt-overflow-pre", "")
        if slide and pre.isdigit() and int(pre) < len(slide.pre_lines):
            line = slide.pre_lines[int(pre)]
        found.append(Overflow(number, int(float(attrs["data-lt-overflow"])), line))
    return found


def overflow_warnings(html_path: Path, deck: RenderedDeck, deck_path: Path) -> list[DeckWarning]:
    """`deck.md:LINE: slide N overflows by P px — split the slide or show fewer lines`."""
    return [
        DeckWarning(
            f"slide {overflow.slide} overflows by {overflow.pixels} px",
            deck_path,
            overflow.line,
            hint="split the slide or show fewer lines",
        )
        for overflow in measure_overflow(html_path, deck)
    ]


def timed_overflow_warnings(
    html_path: Path, deck: RenderedDeck, deck_path: Path
) -> tuple[list[DeckWarning], float]:
    """`overflow_warnings` and the seconds the measuring took."""
    started = time.perf_counter()
    warnings = overflow_warnings(html_path, deck, deck_path)
    return warnings, time.perf_counter() - started


def _dump_dom(html_path: Path, width: int, height: int) -> str:
    browser = require_browser()
    with tempfile.TemporaryDirectory(prefix="lecture-tool-layout-") as profile:
        command = [
            str(browser),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=10000",  # fonts load and the viewer fits before the dump
            "--dump-dom",
            html_path.as_uri(),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=MEASURE_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not finish laying out the deck within {MEASURE_TIMEOUT_S} s",
                html_path,
                hint="check that the HTML opens in a browser",
            ) from None
    if result.returncode != 0 or "<section" not in result.stdout:
        tail = "\n".join((result.stderr or "").strip().splitlines()[-10:])
        raise PdfError(
            f"Chromium could not lay out the deck (exit {result.returncode}):\n{tail}",
            html_path,
            hint="see Chromium's messages above",
        )
    return result.stdout
