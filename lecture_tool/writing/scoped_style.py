"""Author CSS in a slide: a `<style>` stays the deck's; a `<style scoped>` is bound to its slide.

Marpit scopes such a block to the slide it is written in; here the slide is an `@scope` root,
and selectors that name the slide (`section`) name the scope root.
"""

from __future__ import annotations

import re

_STYLE_ELEMENT = re.compile(r"\s*<style(?P<attrs>\s[^>]*)?>(?P<css>.*)</style>\s*", re.I | re.S)


def author_style(html: str, number: int) -> str:
    """Author CSS: a plain `<style>` is the deck's (as in Marpit); a `<style scoped>` applies
    to its own slide only, the slide itself included (`section { … }` in it is that slide)."""
    element = _STYLE_ELEMENT.fullmatch(html)
    if element is None or not re.search(r"\bscoped\b", element["attrs"] or "", re.I):
        return html
    css = _slide_as_scope(element["css"])
    return f'<style>@scope (section[data-slide="{number}"]) {{{css}}}</style>\n'


_CSS_PIECE = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|[{};]", re.S)


def _slide_as_scope(css: str) -> str:
    """Selectors that start with `section` (Marp's name for the slide) start with `:scope`:
    inside `@scope`, a plain `section` would only match sections within the slide."""
    out, start = [], 0
    for piece in _CSS_PIECE.finditer(css):
        if piece.group(0) == "{":
            prelude = re.sub(r"/\*.*?\*/", "", css[start : piece.start()], flags=re.S)
            if not prelude.lstrip().startswith("@"):
                prelude = ",".join(
                    re.sub(r"^(\s*)section(?![\w-])", r"\1:scope", selector)
                    for selector in prelude.split(",")
                )
            out.append(prelude + "{")
            start = piece.end()
        elif piece.group(0) in ("}", ";"):
            out.append(css[start : piece.end()])
            start = piece.end()
    return "".join(out) + css[start:]
