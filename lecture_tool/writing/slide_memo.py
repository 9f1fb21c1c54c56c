"""Rendered slides kept between builds: a slide none of whose inputs changed since the last
build is not rendered again.

An edit usually changes one slide of a deck; rendering the other 39 (or 119) again cost a
build most of its rendering time. A slide's key hashes everything its markup depends on:
- the deck's *rendering context* (stamps.py: the results and code of its snippets, the images
  and themes it may show, the build options, the tool's own code),
- the deck's path and global settings,
- the slide as parsed: its number, page, settings, notes and every token of it (with their
  lines, attributes and attached references), header and footer tokens included. Tokens
  carry what the rest of the deck decides for a slide: a link definition elsewhere, a
  heading id made unique against an earlier one.

Only a slide rendered without a problem is kept: an error box must be reported again. A slide
whose CSS reads files by `url()` is always rendered.
Answers live in a render memo (writing/memo.py) as JSON.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from lecture_tool.writing.memo import DiskMemo
from lecture_tool.writing.rendered import Background, Formula, RenderedSlide

if TYPE_CHECKING:
    from markdown_it.token import Token

    from lecture_tool.decks.deck import Deck, Slide

_MEMO = DiskMemo(
    "slides",
    sources=(__file__,),  # the rendering code itself is in the context (the tool's files)
    libraries=("markdown_it", "mdit_py_plugins", "linkify_it", "pygments", "latex2mathml"),
    max_entries=4_000,  # a slide with figures holds them inline: up to ~100 KB
)


class SlideMemo:
    """Rendered slides of one deck, by what they were rendered from."""

    def __init__(self, deck: Deck, context: str):
        self._deck = f"{deck.path}\0{deck.settings!r}\0{context}"

    def key(self, slide: Slide) -> str | None:
        """What `slide` renders from, hashed (before rendering: it marks some tokens); None
        for a slide whose CSS reads files by `url()` (a style block or directive): the context
        knows the files in slides/ and the images the deck shows, not those."""
        if "url(" in slide.markdown or "url(" in repr(slide.settings):
            return None
        parts = (
            slide.number,
            slide.page,
            slide.line,
            slide.settings,
            slide.notes,
            _tokens(slide.tokens),
            _tokens(slide.header_tokens),
            _tokens(slide.footer_tokens),
        )
        text = f"{self._deck}\0{parts!r}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> RenderedSlide | None:
        found = _DECODED.get(key)
        if found is None and (kept := _MEMO.get(key)) is not None:
            found = _decoded(key, _from_json(kept))
        return found

    def put(self, key: str, slide: RenderedSlide) -> None:
        _MEMO.put(key, json.dumps(asdict(slide)))
        _decoded(key, slide)


_DECODED: dict[str, RenderedSlide] = {}
"""Slides this process already has (`serve` rebuilds in one process): read once."""


def _decoded(key: str, slide: RenderedSlide) -> RenderedSlide:
    if len(_DECODED) >= _MEMO.max_entries:  # a long `serve`: forget the lot, not grow
        _DECODED.clear()
    _DECODED[key] = slide
    return slide


def _tokens(tokens: tuple[Token, ...] | list[Token] | None) -> tuple:
    return tuple(
        (
            token.type,
            token.tag,
            token.nesting,
            token.attrs,
            token.map,
            token.level,
            token.info,
            token.markup,
            token.content,
            token.hidden,
            token.block,
            repr(token.meta) if token.meta else "",
            _tokens(token.children),
        )  # fmt: skip
        for token in tokens or ()
    )


def _from_json(text: str) -> RenderedSlide:
    fields = json.loads(text)
    return RenderedSlide(
        **{
            **fields,
            "notes": tuple(fields["notes"]),
            "backgrounds": tuple(Background(**b) for b in fields["backgrounds"]),
            "style": tuple((prop, value) for prop, value in fields["style"]),
            "pre_lines": tuple(fields["pre_lines"]),
            "formulas": tuple(Formula(**f) for f in fields["formulas"]),
        }
    )
