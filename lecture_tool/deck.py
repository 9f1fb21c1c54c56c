"""Marp source → `Deck`: slides cut at top-level breaks, directives resolved the way Marp does."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from lecture_tool.errors import DeckError
from lecture_tool.images import parse_image_alt

# Marp's global directives (Marpit's, marp-core's `size`/`math`, marp-cli's metadata).
GLOBAL_KEYS = frozenset(
    {
        "theme",
        "style",
        "headingDivider",
        "lang",
        "size",
        "math",
        "marp",
        "title",
        "description",
        "author",
        "keywords",
        "url",
        "image",
    }
)
LOCAL_KEYS = frozenset(
    {
        "backgroundColor",
        "backgroundImage",
        "backgroundPosition",
        "backgroundRepeat",
        "backgroundSize",
        "class",
        "color",
        "footer",
        "header",
        "paginate",
    }
)
SIZES: Mapping[str, tuple[int, int]] = MappingProxyType({"16:9": (1280, 720), "4:3": (960, 720)})

# Pre-2019 Marp directives and what they are today (`*` was its spot prefix, `$` global).
_LEGACY_KEYS = {
    "$theme": "theme",
    "$size": "size",
    "$width": "$width",
    "$height": "$height",
    "$prerender": None,
    "page_number": "paginate",
    "*page_number": "_paginate",
    "template": "class",
    "*template": "_class",
    "*footer": "_footer",
    "prerender": None,
    "*prerender": None,
}
# A comment is read the legacy way (one `key: value` per line, other lines are prose) when
# it uses one of these keys: `*key:` is not even valid YAML (an alias).
_LEGACY_LINE = re.compile(r"^\s*(\$[A-Za-z_]+|\*[A-Za-z_]+|page_number|template|prerender)\s*:")
_KEY_VALUE_LINE = re.compile(r"^\s*([$*_]?[A-Za-z_]+)\s*:\s*(.*?)\s*$")
_COMMENT = re.compile(r"<!--+\s*([\s\S]*?)\s*--+>")
# Marp-core reads directive YAML loosely: `footer: Part 1: tensors` is one string. It
# quotes a value unless it starts with a character that means something in YAML.
_YAML_SPECIAL = "[\"'{|>~&*"
_KNOWN = "|".join(sorted(GLOBAL_KEYS | LOCAL_KEYS))
_LOOSE_LINE = re.compile(rf"^(\s*[_$]?(?:{_KNOWN})\s*:)(.+)$")
_DIRECTIVE_START = re.compile(rf"^\s*[_$]?(?:{_KNOWN})\s*:")
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
    directives: Mapping[str, Any]
    """Resolved local directives (inherited locals overlaid with this slide's spot
    directives): `class`, `paginate` (bool), `header`, `footer`, `color`,
    `background*`. A key that is absent is unset."""
    notes: tuple[str, ...]
    """Presenter notes: the text of HTML comments that are not directives, in order."""


@dataclass(frozen=True)
class Deck:
    """A parsed deck: global directives, slides and any legacy Marp syntax it uses."""

    path: Path
    globals: Mapping[str, Any]
    """Global directives that were set (`theme`, `size`, `math`, `headingDivider` as an int
    or list of ints, `style`, `title`, `marp` as bool …); last value wins."""
    slides: tuple[Slide, ...]
    legacy: tuple[tuple[int, str], ...] = ()
    """(line, what to write instead) for each use of pre-2019 Marp syntax."""

    @property
    def theme(self) -> str:
        return self.globals.get("theme", "default")

    @property
    def size(self) -> tuple[int, int]:
        """Slide width and height in pixels."""
        size = self.globals.get("size", "16:9")
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
class _Directive:
    """One `key: value` from front matter or a comment, key already modernised."""

    key: str
    value: Any
    line: int
    legacy_key: str | None = None
    """The pre-2019 spelling it was written in, if any (for error messages)."""


@dataclass(frozen=True)
class _Break:
    """Where one slide ends and the next begins."""

    end_line: int
    """0-based line index where the ending slide's text stops (exclusive)."""
    next_line: int
    """0-based line index where the next slide's text starts."""
    next_token: int
    """Index of the first token of the next slide."""


def load_deck(path: Path, themes: Collection[str] | None = None) -> Deck:
    """Read and parse the deck at `path`."""
    return parse_deck(Path(path).read_text(encoding="utf-8"), Path(path), themes)


def parse_deck(text: str, path: Path, themes: Collection[str] | None = None) -> Deck:
    """Parse Marp markdown into slides and directives.

    `themes`, when given, are the theme names that exist; any other `theme` is an error.
    """
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    tokens = md.parse(text)
    # markdown-it's line numbers count only these line endings (not str.splitlines's).
    lines = re.split(r"\r\n?|\n", text)
    legacy: list[tuple[int, str]] = []

    front: list[_Directive] = []
    body_start = 0
    if tokens and tokens[0].type == "front_matter":
        front = _read_front_matter(tokens[0], path, legacy)
        body_start = tokens[0].map[1] if tokens[0].map else 0

    notes_by_token: list[tuple[int, str]] = []
    comment_directives: list[tuple[int, list[_Directive]]] = []
    for comment in _iter_comments(tokens):
        if comment.in_heading and comment.body == _FIT:
            continue
        directives, note = _read_comment(comment, path, legacy)
        if directives:
            comment_directives.append((comment.token, directives))
        if note:
            notes_by_token.append((comment.token, note))

    all_directives = front + [d for _, ds in comment_directives for d in ds]
    deck_globals = _resolve_globals(all_directives, path, themes)
    breaks = _find_breaks(tokens, _divider_levels(deck_globals.get("headingDivider")), body_start)
    legacy.extend(_legacy_images(tokens))

    slides = _build_slides(
        lines, body_start, breaks, front, comment_directives, notes_by_token, path
    )
    return Deck(
        path=path,
        globals=deck_globals,
        slides=tuple(slides),
        legacy=tuple(sorted(legacy)),
    )


# --- reading front matter and comments -----------------------------------------------


def _read_front_matter(token: Token, path: Path, legacy: list[tuple[int, str]]) -> list[_Directive]:
    first_line = (token.map[0] if token.map else 0) + 2  # content starts after the `---`
    try:
        data = _load_yaml(token.content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DeckError(
            f"front matter is not valid YAML: {problem}",
            path,
            line,
            hint="fix the YAML between the `---` lines; quote a value that contains `: ` "
            "or starts with `*`, `[` or `{`",
        ) from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise DeckError(
            "front matter is not a mapping",
            path,
            first_line - 1,
            hint="write `key: value` lines between the `---` lines",
        )
    # A key's line is where it appears; front matter keys are one per line in practice.
    directives = []
    for key, value in data.items():
        line = _key_line(token.content, key, first_line)
        directives.extend(_modernise(key, value, line, legacy))
    return directives


def _key_line(content: str, key: str, first_line: int) -> int:
    for i, text in enumerate(content.splitlines()):
        if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*:", text):
            return first_line + i
    return first_line


def _load_yaml(text: str) -> Any:
    """YAML with every scalar a string (Marp's failsafe schema), read loosely when strict fails."""
    try:
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        loose = _loosen(text)
        if loose != text:
            with contextlib.suppress(yaml.YAMLError):
                return yaml.load(loose, Loader=yaml.BaseLoader)
        raise  # the strict parse's error, whose line is the one the author wrote


def _loosen(text: str) -> str:
    """Quote directive values the way marp-core's loose YAML does."""
    out = []
    for line in text.splitlines():
        m = _LOOSE_LINE.match(line)
        value = m.group(2).strip() if m else ""
        if m and value and value[0] not in _YAML_SPECIAL:
            line = f"{m.group(1)} {json.dumps(value, ensure_ascii=False)}"
        out.append(line)
    return "\n".join(out)


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


def _read_comment(
    comment: _Comment, path: Path, legacy: list[tuple[int, str]]
) -> tuple[list[_Directive], str | None]:
    """The directives in a comment and the note it is (None when it is only directives)."""
    body_lines = comment.body.splitlines()
    if any(_LEGACY_LINE.match(line) for line in body_lines):
        return _read_legacy_comment(comment, legacy)
    try:
        data = _load_yaml(comment.body)
    except yaml.YAMLError:
        if _DIRECTIVE_START.match(comment.body):
            raise DeckError(
                "directive comment is not valid YAML",
                path,
                comment.line,
                hint='quote the value, e.g. `<!-- footer: "**Part 1**" -->`',
            ) from None
        return [], comment.body
    if not isinstance(data, dict):
        return [], comment.body
    directives: list[_Directive] = []
    for key, value in data.items():
        line = _key_line(comment.body, str(key), comment.line)
        directives.extend(_modernise(str(key), value, line, legacy))
    if not directives:
        # No known key: Marp shows it as a presenter note.
        return [], comment.body
    return directives, None


def _read_legacy_comment(
    comment: _Comment, legacy: list[tuple[int, str]]
) -> tuple[list[_Directive], str | None]:
    """Old Marp read one `key: value` per line and ignored the other lines (we keep them
    as a note, since they were written for the presenter)."""
    directives: list[_Directive] = []
    prose: list[str] = []
    for offset, text in enumerate(comment.body.splitlines()):
        m = _KEY_VALUE_LINE.match(text)
        found = _modernise(m.group(1), m.group(2), comment.line + offset, legacy) if m else []
        if found or (m and m.group(1) in _LEGACY_KEYS):
            directives.extend(found)
        else:
            prose.append(text)
    note = "\n".join(prose).strip()
    return directives, note or None


def _modernise(key: str, value: Any, line: int, legacy: list[tuple[int, str]]) -> list[_Directive]:
    """Today's directive for `key`, recording legacy spellings; [] for unknown keys."""
    if key in _LEGACY_KEYS:
        modern = _LEGACY_KEYS[key]
        if modern is None:
            legacy.append((line, f"legacy `{key}` has no effect today; delete it"))
            return []
        if not modern.startswith("$"):
            legacy.append((line, f"legacy `{key}: {value}` → `{modern}: {value}`"))
        else:
            legacy.append((line, f"legacy `{key}: {value}` → `size: 16:9` or `size: 4:3`"))
        return [_Directive(modern, value, line, legacy_key=key)]
    if key.startswith("$") and key[1:] in GLOBAL_KEYS:
        legacy.append((line, f"legacy `{key}` → `{key[1:]}`"))
        return [_Directive(key[1:], value, line)]
    if key in GLOBAL_KEYS or key in LOCAL_KEYS or (key[:1] == "_" and key[1:] in LOCAL_KEYS):
        return [_Directive(key, value, line)]
    return []


# --- directive values ----------------------------------------------------------------


def _resolve_globals(
    directives: list[_Directive], path: Path, themes: Collection[str] | None
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    legacy_box: dict[str, _Directive] = {}
    for d in directives:
        if d.key in ("$width", "$height"):
            legacy_box[d.key] = d
        elif d.key in GLOBAL_KEYS:
            values[d.key] = _global_value(d, path)
            lines[d.key] = d.line
    if legacy_box:
        values["size"] = _legacy_box_size(legacy_box, path)
    theme = values.get("theme")
    if themes is not None and theme is not None and theme not in themes:
        raise DeckError(
            f"unknown theme {theme!r}",
            path,
            lines.get("theme"),
            hint=f"use one of: {', '.join(sorted(themes))}, or add a CSS file with "
            f"`/* @theme {theme} */` under slides/themes/",
        )
    return values


def _global_value(d: _Directive, path: Path) -> Any:
    if d.key == "headingDivider":
        return _heading_divider(d, path)
    if d.key == "size":
        size = d.value.strip() if isinstance(d.value, str) else d.value
        if isinstance(size, str) and size in SIZES:
            return size
        what = (
            f"legacy `{d.legacy_key}: {d.value}` has no equivalent today"
            if d.legacy_key
            else f"unknown size {d.value!r}"
        )
        raise DeckError(what, path, d.line, hint="use `size: 16:9` or `size: 4:3`")
    if d.key == "marp":
        return _boolean(d, path)
    if d.key == "keywords" and isinstance(d.value, list):
        return tuple(str(v) for v in d.value)
    return _text(d, path)


def _heading_divider(d: _Directive, path: Path) -> int | tuple[int, ...] | bool:
    def level(v: Any) -> int | None:
        return int(v) if isinstance(v, str) and re.fullmatch(r"\s*[1-6]\s*", v) else None

    if isinstance(d.value, str) and d.value.strip().lower() == "false":
        return False
    if isinstance(d.value, list):
        levels = [level(v) for v in d.value]
        if levels and None not in levels:
            return tuple(sorted(set(levels)))  # type: ignore[arg-type]
    elif (n := level(d.value)) is not None:
        return n
    raise DeckError(
        f"headingDivider must be a heading level, not {d.value!r}",
        path,
        d.line,
        hint="write a level 1–6 (`headingDivider: 2`), a list (`headingDivider: [1, 3]`) "
        "or `false`",
    )


def _legacy_box_size(box: dict[str, _Directive], path: Path) -> str:
    """Old `$width`/`$height` in pixels, mapped to the size they equal today."""
    dims = {"$width": 1280, "$height": 720}
    for key, d in box.items():
        m = re.fullmatch(r"\s*(\d+)\s*(?:px)?\s*", str(d.value))
        if not m:
            raise DeckError(
                f"legacy `{key}: {d.value}` cannot be mapped to a slide size",
                path,
                d.line,
                hint="replace it with `size: 16:9` or `size: 4:3`",
            )
        dims[key] = int(m.group(1))
    for name, (w, h) in SIZES.items():
        if (dims["$width"], dims["$height"]) == (w, h):
            return name
    last = max(box.values(), key=lambda d: d.line)
    raise DeckError(
        f"legacy slide size {dims['$width']}x{dims['$height']} has no equivalent",
        path,
        last.line,
        hint="replace `$width`/`$height` with `size: 16:9` (1280x720) or `size: 4:3` (960x720)",
    )


def _local_value(key: str, d: _Directive, path: Path) -> Any:
    if key == "paginate":
        return _boolean(d, path, allow_empty=True)
    if key == "class" and isinstance(d.value, list):
        return " ".join(str(v) for v in d.value)
    return _text(d, path)


def _boolean(d: _Directive, path: Path, allow_empty: bool = False) -> bool:
    value = d.value.strip().lower() if isinstance(d.value, str) else d.value
    if value in ("true", "false") or (allow_empty and value == ""):
        return value == "true"
    raise DeckError(
        f"{d.key} must be true or false, not {d.value!r}",
        path,
        d.line,
        hint=f"write `{d.key}: true` or `{d.key}: false`",
    )


def _text(d: _Directive, path: Path) -> str:
    if isinstance(d.value, str):
        return d.value
    raise DeckError(
        f"{d.key} must be text, not a {type(d.value).__name__}",
        path,
        d.line,
        hint=f"write `{d.key}: value` on one line, quoting the value if needed",
    )


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
        if token.level != 0 or token.type == "front_matter":
            continue
        start, end = token.map if token.map else (body_start, body_start)
        if token.type == "hr":
            breaks.append(_Break(end_line=start, next_line=end, next_token=index + 1))
            has_content = False
            continue
        if token.type == "heading_open" and int(token.tag[1]) in levels and has_content:
            breaks.append(_Break(end_line=start, next_line=start, next_token=index))
        if token.nesting >= 0 and not _is_comment_block(token):
            has_content = True
    return breaks


def _is_comment_block(token: Token) -> bool:
    return token.type == "html_block" and not _COMMENT.sub("", token.content).strip()


def _build_slides(
    lines: list[str],
    body_start: int,
    breaks: list[_Break],
    front: list[_Directive],
    comment_directives: list[tuple[int, list[_Directive]]],
    notes_by_token: list[tuple[int, str]],
    path: Path,
) -> list[Slide]:
    starts = [(body_start, 0)] + [(b.next_line, b.next_token) for b in breaks]
    ends = [b.end_line for b in breaks] + [len(lines)]

    def slide_of(token: int) -> int:
        return sum(1 for b in breaks if b.next_token <= token)

    per_slide: list[list[_Directive]] = [[] for _ in starts]
    per_slide[0].extend(front)
    for token, directives in comment_directives:
        per_slide[slide_of(token)].extend(directives)
    notes: list[list[str]] = [[] for _ in starts]
    for token, note in notes_by_token:
        notes[slide_of(token)].append(note)

    slides = []
    inherited: dict[str, Any] = {}
    for i, ((start, _), end) in enumerate(zip(starts, ends, strict=True)):
        spot: dict[str, Any] = {}
        for d in per_slide[i]:
            if d.key in LOCAL_KEYS:
                inherited[d.key] = _local_value(d.key, d, path)
            elif d.key[:1] == "_" and d.key[1:] in LOCAL_KEYS:
                spot[d.key[1:]] = _local_value(d.key[1:], d, path)
        first, text = _trim(lines[start:end], start)
        slides.append(
            Slide(
                number=i + 1,
                line=first + 1,
                markdown=text,
                directives={**inherited, **spot},
                notes=tuple(notes[i]),
            )
        )
    return slides


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
