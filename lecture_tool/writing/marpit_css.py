"""Theme and author CSS read the way Marpit reads it, before it reaches our page.

Marpit runs every theme, `style` directive and `<style>` block through PostCSS plugins
(read in marp-team/marpit `src/postcss/`; written here anew, on a small rule walker
instead of PostCSS). What they change, and what decks depend on:

- a rule with no selector (`{ background: yellow }`) styles the slide;
- `:root` is the slide (with a specificity above a plain `section`, so an author's `:root`
  beats the `section` rule of a theme it imports);
- `rem` is relative to the slide's root font size (a `font-size` on a rule for `section`
  also sets `--marpit-root-font-size`, which `rem` values read);
- in a `section::after` rule, a `content` that does not show `attr(data-marpit-pagination)`
  is dropped: `::after` is where the page number lives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lecture_tool.writing.memo import DiskMemo

ROOT_FONT_SIZE = "--marpit-root-font-size"
# `:where(section)` adds nothing, `:not([\20 root])` one attribute: (0,1,0) beats `section`.
_ROOT_SELECTOR = r"(^|[\s>+~(])(?:section)?:root\b"
_SLIDE_ROOT = r":where(section):not([\20 root])"
_PAGINATION_AFTER = re.compile(r"^section(?![\w-])[^\s>+~]*::?after$")
# Skipped when converting rem: strings and functions whose argument is not a length.
_NOT_LENGTHS = re.compile(r"""("[^"]*"|'[^']*'|(?:attr|url|var)\([^)]*\))""")
_REM = re.compile(r"(\d*\.?\d+)rem\b")
_PIECE = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|[{};]", re.S)
# At-rules whose block holds rules (the others hold declarations or keyframes).
_GROUPING = re.compile(r"@(?:media|supports|container|layer|scope|document)\b", re.I)


# A theme's rewrite takes a fresh process a few ms (its rules, and the patterns compiled on
# first use); the answers are kept on disk, by this module's source (writing/memo.py).
_MEMO = DiskMemo("marpit-css", (__file__,), ())


@_MEMO
def as_marpit(css: str) -> str:
    """`css` with Marpit's selector and unit rewrites applied (see the module's docstring)."""
    return _walk_rules(css, _rewrite_rule)


def _rewrite_rule(prelude: str, body: str) -> tuple[str, str, str]:
    """One style rule → (selector, declarations, a rule to add after it)."""
    selectors = [s.strip() for s in _split_selectors(prelude)]
    selectors = [re.sub(_ROOT_SELECTOR, r"\1section:root", s) for s in selectors]
    if any(_PAGINATION_AFTER.match(re.sub(r"\[.*?\]", "", s)) for s in selectors):
        body = _drop_foreign_content(body)
    selectors = ["section" if not s else s for s in selectors]
    extra = ""
    sizes = [d for d in _declarations(body) if d[0] == "font-size"]
    slide_selectors = [s for s in selectors if _targets_slide(s)]
    if sizes and slide_selectors:
        value = _rem_to_calc(sizes[-1][1])
        extra = f"\n{_slide_root(', '.join(slide_selectors))} {{ {ROOT_FONT_SIZE}: {value}; }}"
    selector = _slide_root(", ".join(selectors))
    return selector, _rem_to_calc(body), extra


def _slide_root(selector: str) -> str:
    return selector.replace("section:root", _SLIDE_ROOT)


def _targets_slide(selector: str) -> bool:
    """Whether the last compound of `selector` is `section…` (Marpit's root font-size test)."""
    last = re.split(r"\s+|\s*[>~+]\s*", selector.strip())[-1]
    return re.match(r"section(?![\w-])", last) is not None


def _drop_foreign_content(body: str) -> str:
    def drop(match: re.Match[str]) -> str:
        return match.group(0) if "attr(data-marpit-pagination)" in match.group(0) else ""

    return re.sub(r"(?<![\w-])content\s*:[^;]*;?", drop, body)


def _rem_to_calc(text: str) -> str:
    parts = _NOT_LENGTHS.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _REM.sub(rf"calc(var({ROOT_FONT_SIZE}, 1rem) * \1)", parts[i])
    return "".join(parts)


def _declarations(body: str) -> list[tuple[str, str]]:
    found = []
    for part in re.sub(r"/\*.*?\*/", "", body, flags=re.S).split(";"):
        name, colon, value = part.partition(":")
        if colon:
            found.append((name.strip().lower(), value.strip()))
    return found


def _split_selectors(prelude: str) -> list[str]:
    """Split at top-level commas (not those inside `:is(a, b)`)."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            out.append(prelude[start:i])
            start = i + 1
    out.append(prelude[start:])
    return out


def _walk_rules(css: str, rewrite: Callable[[str, str], tuple[str, str, str]]) -> str:
    """Apply `rewrite(prelude, body)` to each style rule of `css`, top-level or inside a
    grouping at-rule (`@media` …); at-rules and their blocks are otherwise kept as written."""
    out: list[str] = []
    pos = 0
    pieces = list(_PIECE.finditer(css))
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        token = piece.group(0)
        if token == "{":
            prelude = css[pos : piece.start()]
            end = _matching_brace(pieces, i)
            close = pieces[end]
            body = css[piece.end() : close.start()]
            # Comments before a rule belong to the output as written, not to its selector.
            comments = "".join(re.findall(r"\s*/\*.*?\*/\s*", prelude, re.S))
            bare = re.sub(r"/\*.*?\*/", "", prelude, flags=re.S)
            lead = "" if comments else bare[: len(bare) - len(bare.lstrip())]
            if bare.strip().startswith("@"):
                inner = _walk_rules(body, rewrite) if _GROUPING.match(bare.strip()) else body
                out.append(f"{comments}{lead}{bare.strip()} {{{inner}}}")
            else:
                selector, declarations, extra = rewrite(bare.strip(), body)
                out.append(f"{comments}{lead}{selector} {{{declarations}}}{extra}")
            pos = close.end()
            i = end + 1
            continue
        if token == ";":
            out.append(css[pos : piece.end()])  # an @import or @charset statement
            pos = piece.end()
        i += 1
    out.append(css[pos:])
    return "".join(out)


def _matching_brace(pieces: list[re.Match[str]], opening: int) -> int:
    depth = 0
    for j in range(opening, len(pieces)):
        if pieces[j].group(0) == "{":
            depth += 1
        elif pieces[j].group(0) == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(pieces) - 1
