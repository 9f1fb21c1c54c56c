"""`lecture-tool migrate`: a legacy (pre-2019 Marp app) deck rewritten in today's directives.

Global settings (`$theme`, `$size`, `$width`/`$height`) move to front matter as the deck
resolves them; local and spot ones are renamed where they stand (`page_number` → `paginate`,
`*template` → `_class`, `*footer` → `_footer` …); prose that shared a comment with them stays
a presenter note in a comment of its own; the image keyword `center`, which today's Marp does
not have, is dropped. The migrated deck parses to the same slides (count, classes, footers,
pagination, notes) as the legacy one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lecture_tool.decks.deck import parse_deck
from lecture_tool.decks.directives import (
    _KEY_VALUE_LINE,
    _LEGACY_KEYS,
    _LEGACY_LINE,
    GLOBAL_KEYS,
    SIZES,
)
from lecture_tool.decks.markdown import markdown_parser

_COMMENT = re.compile(r"<!--+([\s\S]*?)--+>")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(")
_YAML_SPECIAL = "[\"'{|>~&*!%@`#,?:-"
_GLOBALS = {"$theme": "theme", "$size": "size", "$width": "size", "$height": "size"}


def migrate_text(text: str, path: Path) -> str:
    """The deck `text` (read from `path`, for error messages) in today's syntax."""
    deck = parse_deck(text, path)
    code = _code_lines(text)
    globals_: dict[str, str] = {}
    pieces: list[str] = []
    last = 0
    for match in _COMMENT.finditer(text):
        line = text.count("\n", 0, match.start())
        if line in code:
            continue
        replacement = _migrate_comment(match.group(1), globals_)
        if replacement is None:
            continue
        before = _migrate_images(text[last : match.start()], code, _line_of(text, last))
        pieces += [before, replacement]
        last = match.end()
        whole_line = match.start() == 0 or text[match.start() - 1] == "\n"
        if not replacement and whole_line and text[last : last + 1] == "\n":
            last += 1  # a comment that held only globals leaves no blank line behind
    pieces.append(_migrate_images(text[last:], code, _line_of(text, last)))
    body = "".join(pieces)
    if "size" in globals_:
        size = next((name for name, box in SIZES.items() if box == deck.size), None)
        globals_["size"] = size or globals_["size"]
    if "theme" in globals_:
        globals_["theme"] = deck.settings.theme or globals_["theme"]
    return _with_front_matter(body, globals_)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index)


def _migrate_comment(body: str, globals_: dict[str, str]) -> str | None:
    """Today's comment(s) for a legacy one, or None to leave a comment as it is."""
    lines = body.strip("\n").splitlines() if "\n" in body else [body.strip()]
    if not any(_LEGACY_LINE.match(line) for line in lines):
        return None
    directives, prose = [], []
    for text in lines:
        match = _KEY_VALUE_LINE.match(text)
        key, value = (match.group(1), match.group(2)) if match else ("", "")
        if key in _GLOBALS or (key.startswith("$") and key[1:] in GLOBAL_KEYS):
            globals_[_GLOBALS.get(key, key[1:])] = value
        elif key in _LEGACY_KEYS:
            if _LEGACY_KEYS[key] is not None:
                directives.append(f"<!-- {_LEGACY_KEYS[key]}: {_quote(value)} -->")
        elif match and _is_directive(key):
            directives.append(f"<!-- {key}: {_quote(value)} -->")
        else:
            prose.append(text)
    note = "\n".join(prose).strip()
    if note:
        directives.append(f"<!--\n{note}\n-->" if "\n" in note else f"<!-- {note} -->")
    return "\n".join(directives)


def _is_directive(key: str) -> bool:
    from lecture_tool.decks.directives import LOCAL_KEYS

    return key in GLOBAL_KEYS or key.lstrip("_") in LOCAL_KEYS


def _quote(value: str) -> str:
    """A value as YAML reads it back unchanged (Marp reads directive values as YAML)."""
    if not value or value[0] in _YAML_SPECIAL or ": " in value or " #" in value:
        return json.dumps(value, ensure_ascii=False)
    return value


def _migrate_images(text: str, code: set[int], first_line: int) -> str:
    """Drop the legacy `center` keyword from image alts outside code."""

    def fix(match: re.Match) -> str:
        if first_line + text.count("\n", 0, match.start()) in code:
            return match.group(0)
        words = [word for word in match.group(1).split(" ") if word != "center"]
        return f"![{' '.join(words)}]("

    return _IMAGE.sub(fix, text)


def _with_front_matter(body: str, globals_: dict[str, str]) -> str:
    lines = [f"{key}: {_quote(str(value))}" for key, value in globals_.items()]
    if body.startswith("---\n"):  # add to the front matter that is already there
        head, rest = body[4:].split("\n---", 1) if "\n---" in body[4:] else ("", body[4:])
        keep = [line for line in head.splitlines() if line.split(":")[0] not in globals_]
        if not any(line.startswith("marp:") for line in keep):
            keep.insert(0, "marp: true")
        return "---\n" + "\n".join(keep + lines) + "\n---" + rest
    return "---\nmarp: true\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body


def _code_lines(text: str) -> set[int]:
    """0-based lines inside fenced or indented code, where nothing is a directive."""
    lines: set[int] = set()
    for token in markdown_parser().parse(text):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines
