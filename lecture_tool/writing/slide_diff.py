"""What changed between two builds of a deck's HTML page: the slides to swap in an open tab,
the page styles if they changed, or that the page must reload.

`serve` sends a tab the changed slides' `<section>` markup instead of making it reload a
2–3 MB page and fit every slide again. A swap is only safe when everything around the slides
is the same: the same number of slides, the same `<html>` attributes (theme, size), the same
viewer script. Anything else is a structure change, and the tab reloads.

Pure: two strings in, a `SlideSwap` (or None) out. The page is the one `html.render_html`
writes (deck.html.j2): its slides are the `<section id="N" data-slide="N" …>` elements that
open a line inside `<div class="lt-deck" id="lt-deck">`, its styles the first `<style>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DECK_OPEN = '<div class="lt-deck" id="lt-deck">\n'
# The deck's closing tag, before the QR codes' template (presenter tools) or the script.
_DECK_CLOSE = re.compile(r"\n</div>\n(?=<template id=\"lt-qr-codes\">|<script>)")
# Slide N opens a line of the deck's markup with its number twice and its fit key (see
# sections.py), and slides come in order: a `<section>` that raw HTML put inside a slide
# is not taken for the next slide.
_SLIDE_START = '\n<section id="{n}" data-slide="{n}" data-lt-key="'
_STYLE = re.compile(r"<style>\n?(.*?)</style>", re.DOTALL)


@dataclass(frozen=True)
class DeckPage:
    """A built page cut into what a swap can replace and what it cannot."""

    frame: str
    """The page with each slide's markup and the page styles left out: equal frames mean
    the same structure."""
    styles: str
    sections: tuple[str, ...]
    """Each slide's markup, `<section …>…</section>` (and what follows it up to the next
    slide: a printed-notes block), in slide order."""


@dataclass(frozen=True)
class SlideSwap:
    """How an open tab of the old page becomes the new one without reloading."""

    slides: tuple[tuple[int, str], ...]
    """(slide number, its new `<section>` markup) for each slide that changed."""
    styles: str | None
    """The page's new styles, None when they did not change."""

    @property
    def empty(self) -> bool:
        return not self.slides and self.styles is None


def split_page(page: str) -> DeckPage | None:
    """`page` cut into frame, styles and slides; None when it is not a deck page."""
    start = page.find(_DECK_OPEN)
    closing = list(_DECK_CLOSE.finditer(page))
    end = closing[-1].start() if closing else -1
    style = _STYLE.search(page, 0, start if start >= 0 else len(page))
    if start < 0 or end < start or style is None:
        return None
    body = page[start + len(_DECK_OPEN) - 1 : end]  # from the newline before slide 1
    starts: list[int] = []
    while (
        found := body.find(_SLIDE_START.format(n=len(starts) + 1), starts[-1] if starts else 0)
    ) >= 0:
        starts.append(found)
    if not starts or body[: starts[0]].strip():
        return None
    sections = tuple(
        body[begin:finish].strip()
        for begin, finish in zip(starts, [*starts[1:], len(body)], strict=True)
    )
    frame = (
        page[: style.start(1)]
        + page[style.end(1) : start + len(_DECK_OPEN)]
        + f"[{len(sections)} slides]"
        + page[end:]
    )
    return DeckPage(frame, style.group(1), sections)


def diff_pages(old: str, new: str) -> SlideSwap | None:
    """The swap that turns a tab showing `old` into `new`; None when it must reload (the
    slide count, theme, size or script changed, or either is not a deck page)."""
    before, after = split_page(old), split_page(new)
    if before is None or after is None or before.frame != after.frame:
        return None
    slides = tuple(
        (number, section)
        for number, (was, section) in enumerate(
            zip(before.sections, after.sections, strict=True), 1
        )
        if was != section
    )
    return SlideSwap(slides, after.styles if after.styles != before.styles else None)
