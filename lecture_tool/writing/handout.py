"""Handouts (`build --to handout`): each slide as a picture beside its presenter notes, two
to four slides an A4 page, with the full code of every cell the slide shows (even where the
slide shows only `lines=`), printed to PDF by the same Chromium as the decks."""

from __future__ import annotations

from dataclasses import dataclass

from lecture_tool.decks.deck import Deck
from lecture_tool.writing.outputs import DeckOutputs, Hidden
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide

THUMB_WIDTH = 330
"""Width in CSS pixels of a slide picture on the A4 page (about 87 mm)."""


@dataclass(frozen=True)
class Listing:
    caption: str
    html: str
    """Highlighted code (safe markup)."""


@dataclass(frozen=True)
class HandoutRow:
    slide: RenderedSlide
    listings: tuple[Listing, ...]
    section: str
    """The slide's `<section>` markup (sections.py), drawn as a thumbnail."""


def render_handout(deck: Deck, rendered: RenderedDeck, outputs: DeckOutputs) -> str:
    """The handout of one deck as a printable HTML page."""
    from lecture_tool.writing.html import render_template
    from lecture_tool.writing.render import code_block
    from lecture_tool.writing.sections import section_html

    rows = []
    for slide, shown in zip(deck.slides, rendered.slides, strict=True):
        listings = []
        seen = set()
        for reference in slide.references:
            if reference.kind != "code" or (reference.file, reference.cell) in seen:
                continue
            seen.add((reference.file, reference.cell))
            full = outputs.code(_whole(reference))
            if isinstance(full, Hidden):
                continue
            where = outputs.table.shown(reference.file)
            caption = f"{where}, cell {reference.cell}" if reference.cell else where
            listings.append(Listing(caption, code_block(full, "python")))
        rows.append(HandoutRow(shown, tuple(listings), section_html(shown, rendered)))
    zoom = THUMB_WIDTH / rendered.width
    return render_template(
        "handout.html.j2",
        rendered,
        rows=rows,
        zoom=f"{zoom:.4f}",
        thumb_width=THUMB_WIDTH,
        thumb_height=round(rendered.height * zoom),
        print_notes=False,
    )


def _whole(reference):
    """The same reference without `lines=`: the handout shows the full cell."""
    from dataclasses import replace

    return replace(reference, lines=None)
