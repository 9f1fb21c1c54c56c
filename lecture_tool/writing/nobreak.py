"""No line break between inline math or code and the punctuation after it.

A browser may break a line after an inline formula or `code` and start the next line with
its comma (`$x$,` or `` `f()`. ``): an inline `<math>` or `<code>` is a break opportunity on
each side. Each such pair goes into a `<span class="lt-nowrap">` (`white-space: nowrap`,
in viewer.css), so the punctuation stays on the formula's line.
"""

from __future__ import annotations

import copy
import re

from markdown_it.token import Token

NOWRAP_CLASS = "lt-nowrap"
_ATOMS = {"math_inline", "code_inline"}
# Closing punctuation a line must not start with (commas, stops, closing brackets, quotes).
_PUNCTUATION = re.compile(r"^[.,;:!?)\]}’”»…%]+")


def keep_punctuation_together(tokens: list[Token]) -> None:
    """Wrap each inline math or code token and the punctuation right after it (in place
    in `tokens`; the tokens themselves, shared with the parsed deck, are copied first)."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        children = _wrapped(token.children)
        if children is not None:
            tokens[index] = copy.copy(token)
            tokens[index].children = children


def _wrapped(children: list[Token]) -> list[Token] | None:
    result: list[Token] = []
    position = 0
    while position < len(children):
        child = children[position]
        following = children[position + 1] if position + 1 < len(children) else None
        match = (
            _PUNCTUATION.match(following.content)
            if child.type in _ATOMS and following is not None and following.type == "text"
            else None
        )
        if match is None:
            result.append(child)
            position += 1
            continue
        opening = Token("lt_nowrap_open", "span", 1)
        opening.attrSet("class", NOWRAP_CLASS)
        result += [opening, child, _text(following, match.group())]
        result.append(Token("lt_nowrap_close", "span", -1))
        rest = following.content[match.end() :]
        if rest:
            result.append(_text(following, rest))
        position += 2
    return result if len(result) != len(children) else None


def _text(like: Token, content: str) -> Token:
    token = copy.copy(like)
    token.content = content
    return token
