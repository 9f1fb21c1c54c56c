"""Marp directives: the known keys, read from front matter and comments, checked and resolved."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lecture_tool.decks.directive_yaml import YamlProblem, read_loose_yaml
from lecture_tool.decks.legacy import legacy_box_size
from lecture_tool.decks.settings import SIZES
from lecture_tool.errors import DeckError, DeckWarning

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
# Marp reads directive YAML loosely (Marpit's `looseYAML`): before parsing, each line that
# starts with a known key gets its value put in double quotes, so `footer: Part 1: tensors`
# is one string and `color: #c00` a colour, not a comment. A value that starts with a
# character meaning something in YAML is left as written.
_YAML_SPECIAL = "[\"'{|>~&*"
_KNOWN = "|".join(sorted(GLOBAL_KEYS | LOCAL_KEYS))
_LOOSE_LINE = re.compile(
    rf"""^((?:[_$]?(?:{_KNOWN})|"_?(?:{_KNOWN})"|'_?(?:{_KNOWN})')\s*:)(.+)$"""
)
_DIRECTIVE_START = re.compile(rf"^\s*[_$]?(?:{_KNOWN})\s*:")
# A comment can only be a directive comment when some line starts with a known key (quoted
# or not) or it is a flow mapping: every other comment is a note, without the YAML parse
# (pure-Python YAML costs ~1.5 ms a comment; a course has hundreds of notes).
_MAYBE_DIRECTIVE = re.compile(rf"^\s*(?:\{{|['\"]?[_$]?(?:{_KNOWN})['\"]?\s*:)", re.MULTILINE)


@dataclass(frozen=True)
class Directive:
    """One `key: value` from front matter or a comment, key already modernised."""

    key: str
    value: Any
    line: int
    legacy_key: str | None = None
    """The pre-2019 spelling it was written in, if any (for error messages)."""


# --- reading front matter and comments -----------------------------------------------


def read_front_matter(
    content: str,
    first_line: int,
    path: Path,
    legacy: list[tuple[int, str]],
    warnings: list[DeckWarning],
) -> list[Directive]:
    """The directives in front matter whose YAML `content` starts at file line `first_line`.

    Front matter that is not a YAML mapping is ignored, as Marp ignores it (with a warning).
    """
    try:
        data = _load_yaml(content)
    except YamlProblem as exc:
        warnings.append(
            DeckWarning(
                f"front matter is not valid YAML: {exc.problem}; it is ignored",
                path,
                first_line + exc.line,
                hint="fix the YAML between the `---` lines; quote a value that contains `: ` "
                "or starts with `*`, `[` or `{`",
            )
        )
        return []
    if data is None:
        return []
    if not isinstance(data, dict):
        warnings.append(
            DeckWarning(
                "front matter is not a mapping; it is ignored",
                path,
                first_line - 1,
                hint="write `key: value` lines between the `---` lines",
            )
        )
        return []
    # A key's line is where it appears; front matter keys are one per line in practice.
    directives = []
    for key, value in data.items():
        line = _key_line(content, key, first_line)
        directives.extend(_modernise(key, value, line, legacy))
    return directives


def _key_line(content: str, key: str, first_line: int) -> int:
    for i, text in enumerate(content.splitlines()):
        if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*:", text):
            return first_line + i
    return first_line


def _load_yaml(text: str) -> Any:
    """YAML with every scalar a string (Marp's failsafe schema), values quoted first as
    Marpit quotes them (`_loosen`); see `directive_yaml.read_loose_yaml`."""
    return read_loose_yaml(_loosen(text), text)


def _loosen(text: str) -> str:
    """Quote directive values the way Marpit's loose YAML does: trimmed, in double quotes,
    only `"` escaped (a backslash stays a YAML escape: `\\ ` is a space). Lines keep their
    numbers, so a YAML error still names the author's line."""
    out = []
    for line in text.splitlines():
        m = _LOOSE_LINE.match(line)
        value = m.group(2).strip() if m else ""
        if m and value and value[0] not in _YAML_SPECIAL:
            quoted = value.replace('"', '\\"')
            line = f'{m.group(1)} "{quoted}"'
        out.append(line)
    return "\n".join(out)


def read_comment(
    body: str,
    first_line: int,
    path: Path,
    legacy: list[tuple[int, str]],
    warnings: list[DeckWarning],
) -> tuple[list[Directive], str | None]:
    """The directives in a comment's `body` (starting at file line `first_line`) and the note
    it is (None when it is only directives).

    As in Marpit, a comment is a directive comment when it is a YAML mapping with at least
    one known key; anything else is a presenter note (never an error).
    """
    body_lines = body.splitlines()
    if any(_LEGACY_LINE.match(line) for line in body_lines):
        return _read_legacy_comment(body, first_line, legacy)
    if not _MAYBE_DIRECTIVE.search(body):
        return [], body
    try:
        data = _load_yaml(body)
    except YamlProblem:
        if _DIRECTIVE_START.match(body):
            warnings.append(
                DeckWarning(
                    "directive comment is not valid YAML; it is kept as a presenter note",
                    path,
                    first_line,
                    hint='quote the value, e.g. `<!-- footer: "**Part 1**" -->`',
                )
            )
        return [], body
    if not isinstance(data, dict):
        return [], body
    directives: list[Directive] = []
    for key, value in data.items():
        line = _key_line(body, str(key), first_line)
        directives.extend(_modernise(str(key), value, line, legacy))
    if not directives:
        # No known key: Marp shows it as a presenter note.
        return [], body
    return directives, None


def _read_legacy_comment(
    body: str, first_line: int, legacy: list[tuple[int, str]]
) -> tuple[list[Directive], str | None]:
    """Old Marp read one `key: value` per line and ignored the other lines (we keep them
    as a note, since they were written for the presenter)."""
    directives: list[Directive] = []
    prose: list[str] = []
    for offset, text in enumerate(body.splitlines()):
        m = _KEY_VALUE_LINE.match(text)
        found = _modernise(m.group(1), m.group(2), first_line + offset, legacy) if m else []
        if found or (m and m.group(1) in _LEGACY_KEYS):
            directives.extend(found)
        else:
            prose.append(text)
    note = "\n".join(prose).strip()
    return directives, note or None


def _modernise(key: str, value: Any, line: int, legacy: list[tuple[int, str]]) -> list[Directive]:
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
        return [Directive(modern, value, line, legacy_key=key)]
    if key.startswith("$") and key[1:] in GLOBAL_KEYS:
        legacy.append((line, f"legacy `{key}` → `{key[1:]}`"))
        return [Directive(key[1:], value, line)]
    if key in GLOBAL_KEYS or key in LOCAL_KEYS or (key[:1] == "_" and key[1:] in LOCAL_KEYS):
        return [Directive(key, value, line)]
    return []


# --- directive values ----------------------------------------------------------------


def resolve_globals(
    directives: list[Directive],
    path: Path,
    themes: Collection[str] | None,
    warnings: list[DeckWarning],
) -> dict[str, Any]:
    """The global directives' values; a value Marp would ignore is ignored, with a warning."""
    values: dict[str, Any] = {}
    legacy_box: dict[str, Directive] = {}
    for d in directives:
        if d.key in ("$width", "$height"):
            legacy_box[d.key] = d
        elif d.key in GLOBAL_KEYS:
            try:
                value = _global_value(d, path)
            except DeckError as error:
                warnings.append(ignored(error))
                continue
            if d.key == "theme" and themes is not None and value not in themes:
                # Marpit sets a theme only when it knows it: an earlier known one stays.
                kept = values.get("theme", "default")
                warnings.append(_unknown_theme(value, kept, d.line, path, themes))
                continue
            values[d.key] = value
    if legacy_box:
        try:
            values["size"] = legacy_box_size(legacy_box, path)
        except DeckError as error:
            warnings.append(ignored(error))
    return values


def _unknown_theme(
    theme: str, kept: str, line: int, path: Path, themes: Collection[str]
) -> DeckWarning:
    # marp-cli warns and keeps the theme it had (the default one when none); so do we.
    return DeckWarning(
        f"theme {theme!r} not found, using {kept}",
        path,
        line,
        hint=f"add slides/themes/{theme}.css with /* @theme {theme} */ "
        f"(known: {', '.join(sorted(themes))})",
    )


def ignored(error: DeckError) -> DeckWarning:
    """A directive value Marp would ignore: the same message, as a warning."""
    return DeckWarning(f"{error.message}; it is ignored", error.path, error.line, error.hint)


def _global_value(d: Directive, path: Path) -> Any:
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


def _heading_divider(d: Directive, path: Path) -> int | tuple[int, ...] | bool:
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


def local_value(key: str, d: Directive, path: Path) -> Any:
    """A local directive's value; DeckError for one Marp would not apply."""
    if key == "paginate":
        return _paginate(d, path)
    if key == "class" and isinstance(d.value, list):
        return " ".join(str(v) for v in d.value)
    return _text(d, path)


def _paginate(d: Directive, path: Path) -> bool | str:
    """`true`, `false`, or Marpit's `hold` (shown, not counted) / `skip` (neither)."""
    value = d.value.strip().lower() if isinstance(d.value, str) else d.value
    if value in ("hold", "skip"):
        return value
    return _boolean(d, path, allow_empty=True)


def _boolean(d: Directive, path: Path, allow_empty: bool = False) -> bool:
    value = d.value.strip().lower() if isinstance(d.value, str) else d.value
    if value in ("true", "false") or (allow_empty and value == ""):
        return value == "true"
    raise DeckError(
        f"{d.key} must be true or false, not {d.value!r}",
        path,
        d.line,
        hint=f"write `{d.key}: true` or `{d.key}: false`",
    )


def _text(d: Directive, path: Path) -> str:
    if isinstance(d.value, str):
        return d.value
    raise DeckError(
        f"{d.key} must be text, not a {type(d.value).__name__}",
        path,
        d.line,
        hint=f"write `{d.key}: value` on one line, quoting the value if needed",
    )
