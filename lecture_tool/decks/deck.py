"""Marp source → `Deck`: slides cut at top-level breaks, each with its settings, its tokens
and its references — the deck text is parsed once, here, and never again."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from lecture_tool.decks.directives import (
    LOCAL_KEYS,
    SIZES,
    Directive,
    ignored,
    local_value,
    read_comment,
    read_front_matter,
    resolve_globals,
)
from lecture_tool.decks.images import parse_image_alt
from lecture_tool.decks.markdown import add_heading_ids, shared_parser
from lecture_tool.decks.references import Reference, ReferenceFinder
from lecture_tool.decks.settings import DeckSettings, SlideSettings
from lecture_tool.errors import DeckError, DeckWarning
from lecture_tool.text import read_source

_COMMENT = re.compile(r"<!--+\s*([\s\S]*?)\s*--+>")
_FIT = "fit"  # `# <!-- fit --> Title`: marp-core's fitting-header marker, not a note


@dataclass(frozen=True)
class Slide:
    """One slide of a deck as written, with the directives that apply to it."""

    number: int
    """1-based position in the deck."""
    line: int
    """1-based line in the deck file of the first line of `markdown`."""
    markdown: str
    """The slide's source lines verbatim (comments included), without the `---` separators
    and front matter; blank lines at either end are trimmed, so line `i` (0-based) of
    `markdown` is line `line + i` of the file."""
    settings: SlideSettings
    """Resolved local directives: inherited locals overlaid with this slide's spot ones."""
    notes: tuple[str, ...]
    """Presenter notes: the text of HTML comments that are not directives, in order."""
    page: int = 0
    """Marpit's page number: counts slides, except those with `paginate: hold` or `skip`."""
    tokens: tuple[Token, ...] = field(default=(), repr=False, compare=False)
    """The slide's markdown-it block tokens, from the one parse of the deck (maps are
    0-based file lines); references are attached as `token.meta["reference"]`."""
    references: tuple[Reference, ...] = field(default=(), compare=False)
    """What the slide references, in reading order (header and footer images included, on
    the first slide that shows them)."""
    header_tokens: tuple[Token, ...] = field(default=(), repr=False, compare=False)
    """The `header` directive's Markdown parsed inline: one `inline` token whose map is the
    directive's line; the same tuple on every slide that inherits it. Empty when unset."""
    footer_tokens: tuple[Token, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Deck:
    """A parsed deck: global directives, slides and any legacy Marp syntax it uses."""

    path: Path
    settings: DeckSettings
    """Global directives (last value wins)."""
    slides: tuple[Slide, ...]
    legacy: tuple[tuple[int, str], ...] = ()
    """(line, what to write instead) for each use of pre-2019 Marp syntax."""
    warnings: tuple[DeckWarning, ...] = ()
    """What was ignored or replaced as Marp would (bad directive values, unknown theme)."""

    @property
    def pages(self) -> int:
        """The last page number (Marpit's pagination total)."""
        return max((slide.page for slide in self.slides), default=0)

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every slide's references, in reading order."""
        return tuple(reference for slide in self.slides for reference in slide.references)

    @property
    def theme(self) -> str:
        return self.settings.theme or "default"

    @property
    def size(self) -> tuple[int, int]:
        """Slide width and height in pixels."""
        size = self.settings.size or "16:9"
        if size not in SIZES:
            raise DeckError(
                f"unknown size {size!r}", self.path, None, hint="use `size: 16:9` or `size: 4:3`"
            )
        return SIZES[size]


@dataclass(frozen=True)
class _Comment:
    """An HTML comment outside code, where it was found."""

    line: int
    """1-based file line where the comment's text (after `<!--` and spaces) begins."""
    body: str
    token: int
    """Index of the block token holding it (decides which slide it belongs to)."""
    in_heading: bool


@dataclass(frozen=True)
class _Break:
    """Where one slide ends and the next begins."""

    end_line: int
    """0-based line index where the ending slide's text stops (exclusive)."""
    end_token: int
    """Index of the token where the ending slide's tokens stop (exclusive)."""
    next_line: int
    """0-based line index where the next slide's text starts."""
    next_token: int
    """Index of the first token of the next slide."""


def load_deck(
    path: Path, themes: Collection[str] | None = None, snippets_dir: Path | None = None
) -> Deck:
    """Read and parse the deck at `path`."""
    return parse_deck(read_source(Path(path)), Path(path), themes, snippets_dir)


def parse_deck(
    text: str,
    path: Path,
    themes: Collection[str] | None = None,
    snippets_dir: Path | None = None,
) -> Deck:
    """Parse Marp markdown into slides, their settings and their references.

    `themes`, when given, are the theme names that exist; any other `theme` is an error.
    `snippets_dir` is where `file=` paths start (default: `snippets/` beside the deck's
    folder, the standard project layout).
    """
    text = text.removeprefix("\ufeff")  # a BOM would hide the front matter's first `---`
    tokens = shared_parser().parse(text)
    # markdown-it's line numbers count only these line endings (not str.splitlines's).
    lines = re.split(r"\r\n?|\n", text)
    legacy: list[tuple[int, str]] = []
    warnings: list[DeckWarning] = []

    front: list[Directive] = []
    body_start = 0
    if tokens and tokens[0].type == "front_matter":
        # The YAML starts on the line after the opening `---`.
        first_line = (tokens[0].map[0] if tokens[0].map else 0) + 2
        front = read_front_matter(tokens[0].content, first_line, path, legacy, warnings)
        body_start = tokens[0].map[1] if tokens[0].map else 0

    notes_by_token: list[tuple[int, str]] = []
    comment_directives: list[tuple[int, list[Directive]]] = []
    for comment in _iter_comments(tokens):
        if comment.in_heading and comment.body == _FIT:
            continue
        directives, note = read_comment(comment.body, comment.line, path, legacy, warnings)
        if directives:
            comment_directives.append((comment.token, directives))
        if note:
            notes_by_token.append((comment.token, note))

    all_directives = front + [d for _, ds in comment_directives for d in ds]
    deck_globals = resolve_globals(all_directives, path, themes, warnings)
    breaks = _find_breaks(tokens, _divider_levels(deck_globals.get("headingDivider")), body_start)
    legacy.extend(_legacy_images(tokens))

    slides = _build_slides(
        lines, body_start, breaks, front, comment_directives, notes_by_token, path, warnings
    )
    # Marp's section ids are the slide numbers, so a heading never takes one.
    add_heading_ids(tokens, taken=(str(number) for number in range(1, len(slides) + 1)))
    finder = ReferenceFinder(path, snippets_dir or path.resolve().parent.parent / "snippets")
    starts = [1 if tokens and tokens[0].type == "front_matter" else 0]
    starts += [b.next_token for b in breaks]
    ends = [b.end_token for b in breaks] + [len(tokens)]
    found_chrome: set[int] = set()

    def chrome_references(part: tuple[Token, ...]) -> tuple[Reference, ...]:
        # An inherited header is one token tuple: its images are references once.
        if not part or id(part) in found_chrome:
            return ()
        found_chrome.add(id(part))
        return finder.find(part)

    for index, (first, end) in enumerate(zip(starts, ends, strict=True)):
        slide, slide_tokens = slides[index], tuple(tokens[first:end])
        references = (
            chrome_references(slide.header_tokens)
            + finder.find(slide_tokens)
            + chrome_references(slide.footer_tokens)
        )
        slides[index] = dataclasses.replace(slide, tokens=slide_tokens, references=references)
    return Deck(
        path=path,
        settings=DeckSettings.from_directives(deck_globals),
        slides=tuple(slides),
        legacy=tuple(sorted(legacy)),
        warnings=tuple(sorted(warnings, key=lambda warning: warning.line or 0)),
    )


# --- comments --------------------------------------------------------------------------


def _iter_comments(tokens: list[Token]) -> Iterator[_Comment]:
    """Every HTML comment in block or inline HTML (never inside code), in document order."""
    for index, token in enumerate(tokens):
        if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            start = (token.map[0] if token.map else 0) + 1
            for m in _COMMENT.finditer(token.content):
                line = start + token.content.count("\n", 0, m.start(1))
                yield _Comment(line, m.group(1), index, in_heading=False)
        elif token.type == "inline" and token.children:
            in_heading = index > 0 and tokens[index - 1].type == "heading_open"
            line = (token.map[0] if token.map else 0) + 1
            for child in token.children:
                if child.type == "html_inline" and (m := _COMMENT.fullmatch(child.content)):
                    body_line = line + child.content.count("\n", 0, m.start(1))
                    yield _Comment(body_line, m.group(1), index, in_heading)
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                else:
                    line += child.content.count("\n")


# --- slides --------------------------------------------------------------------------


def _divider_levels(setting: Any) -> frozenset[int]:
    if setting is False or setting is None:
        return frozenset()
    if isinstance(setting, int):
        return frozenset(range(1, setting + 1))
    return frozenset(setting)


def _find_breaks(tokens: list[Token], levels: frozenset[int], body_start: int) -> list[_Break]:
    """Slide breaks: top-level thematic breaks, and headings when `headingDivider` says so."""
    breaks: list[_Break] = []
    has_content = False
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            continue
        start, end = token.map if token.map else (body_start, body_start)
        # Marpit checks a heading's tag, not its depth: `> ## Quote` divides too (the
        # blockquote then spans two slides, in Marp as here).
        if token.type == "heading_open" and int(token.tag[1]) in levels and has_content:
            breaks.append(_Break(start, end_token=index, next_line=start, next_token=index))
        if token.level != 0:
            continue
        if token.type == "hr":
            breaks.append(_Break(start, end_token=index, next_line=end, next_token=index + 1))
        # Marpit divides before a heading when anything visible came before it anywhere in
        # the deck — a ruler included, so `---` then `# Title` makes an empty slide in Marp,
        # and here. Comment blocks are hidden (Marpit takes a block opening with `<!--` as one).
        if not _is_comment_block(token):
            has_content = True
    return breaks


def _is_comment_block(token: Token) -> bool:
    return token.type == "html_block" and token.content.lstrip().startswith("<!--")


def _build_slides(
    lines: list[str],
    body_start: int,
    breaks: list[_Break],
    front: list[Directive],
    comment_directives: list[tuple[int, list[Directive]]],
    notes_by_token: list[tuple[int, str]],
    path: Path,
    warnings: list[DeckWarning],
) -> list[Slide]:
    starts = [(body_start, 0)] + [(b.next_line, b.next_token) for b in breaks]
    ends = [b.end_line for b in breaks] + [len(lines)]

    def slide_of(token: int) -> int:
        return sum(1 for b in breaks if b.next_token <= token)

    per_slide: list[list[Directive]] = [[] for _ in starts]
    per_slide[0].extend(front)
    for token, directives in comment_directives:
        per_slide[slide_of(token)].extend(directives)
    notes: list[list[str]] = [[] for _ in starts]
    for token, note in notes_by_token:
        notes[slide_of(token)].append(note)

    slides = []
    inherited: dict[str, Any] = {}
    inherited_lines: dict[str, int] = {}
    chrome = _ChromeParser()
    page = 0
    for i, ((start, _), end) in enumerate(zip(starts, ends, strict=True)):
        spot: dict[str, Any] = {}
        spot_lines: dict[str, int] = {}
        for d in per_slide[i]:
            key, target, lines_of = (
                (d.key, inherited, inherited_lines)
                if d.key in LOCAL_KEYS
                else (d.key[1:], spot, spot_lines)
            )
            if key in LOCAL_KEYS and (value := _local(key, d, path, warnings)) is not None:
                target[key] = value
                lines_of[key] = d.line
        settings = SlideSettings.from_directives({**inherited, **spot})
        line_of = {**inherited_lines, **spot_lines}
        if settings.paginate not in ("hold", "skip"):
            page += 1
        first, text = _trim(lines[start:end], start)
        slides.append(
            Slide(
                number=i + 1,
                line=first + 1,
                markdown=text,
                settings=settings,
                notes=tuple(notes[i]),
                page=max(page, 1),
                header_tokens=chrome.parse(settings.header, line_of.get("header")),
                footer_tokens=chrome.parse(settings.footer, line_of.get("footer")),
            )
        )
    return slides


class _ChromeParser:
    """Header and footer Markdown parsed inline, once per directive (inherited ones share)."""

    def __init__(self):
        self._md = None
        self._parsed: dict[tuple[str, int], tuple[Token, ...]] = {}

    def parse(self, markdown: str | None, line: int | None) -> tuple[Token, ...]:
        if not markdown:
            return ()
        key = (markdown, line or 0)
        if key not in self._parsed:
            self._md = self._md or shared_parser()
            tokens = self._md.parseInline(markdown)
            for token in tokens:
                # File lines, as block tokens have: references name the directive's line.
                token.map = [key[1] - 1, key[1]] if line else None
            self._parsed[key] = tuple(tokens)
        return self._parsed[key]


def _local(key: str, d: Directive, path: Path, warnings: list[DeckWarning]) -> Any:
    """A local directive's value; one Marp would not apply is reported and dropped (None) —
    except `paginate`, which Marpit reads as false whatever it says."""
    try:
        return local_value(key, d, path)
    except DeckError as error:
        if key == "paginate":
            warnings.append(DeckWarning(f"{error.message}; it counts as false", path, d.line))
            return False
        warnings.append(ignored(error))
        return None


def _trim(chunk: list[str], start: int) -> tuple[int, str]:
    """Drop blank lines at both ends; return the 0-based index of the first line kept."""
    lo, hi = 0, len(chunk)
    while lo < hi and not chunk[lo].strip():
        lo += 1
    while hi > lo and not chunk[hi - 1].strip():
        hi -= 1
    return start + (lo if lo < hi else 0), "\n".join(chunk[lo:hi])


def _legacy_images(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Images using the old `center` keyword (today's Marp has no such keyword)."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = (token.map[0] if token.map else 0) + 1
        for child in token.children:
            if child.type == "image" and parse_image_alt(child.content).center:
                yield line, f"legacy image keyword `center` in `![{child.content}]`; style it"
            if child.type in ("softbreak", "hardbreak"):
                line += 1
