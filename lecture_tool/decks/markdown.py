"""The one markdown-it set-up: how every part of lecture_tool reads Marp Markdown.

Marp's options, decided here and nowhere else (marp-core's `Marp` constructor): CommonMark
with `breaks` (a newline inside a paragraph is a line break), linkify without fuzzy links
(`https://…` becomes a link, `www.example.org` stays text), tables, strikethrough, emoji
shortcodes, slug ids on headings, and raw HTML through Marp's allow-list (`allowlist`).
Typographer stays off, as in Marp.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

_SHORTCODE = re.compile(r":([a-z0-9_+\-]+):")
# marp-core's slugifier drops these characters (ASCII and CJK punctuation; not `-` or `_`).
_SLUG_DROP = re.compile(
    r"""[\][!/'"#$%&()*+,./:;<=>?@\\^{|}~`。，、；：？！…—·ˉ¨‘’“”々～‖∶＂＇｀｜〃〔〕〈〉《》「」『』．〖〗【】（）［］｛｝]"""
)
# JavaScript's encodeURI leaves these unescaped (besides letters and digits).
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"
# Inline children whose content makes up a heading's slug (marp-core's list).
_SLUG_TYPES = frozenset({"text", "code_inline", "image", "html_inline"})


def markdown_parser() -> MarkdownIt:
    """A fresh parser (render rules are added per use) reading Markdown as Marp does,
    plus YAML front matter and `$…$` / `$$…$$` math."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": True, "linkify": True})
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify.set({"fuzzy_link": False})
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, double_inline=True)
    md.core.ruler.after("linkify", "lt_emoji", _replace_shortcodes)
    return md


@cache
def shared_parser() -> MarkdownIt:
    """One parser for parsing only (no render rules added): building a parser compiles
    linkify's patterns, which costs more than parsing a deck."""
    return markdown_parser()


# -- emoji ----------------------------------------------------------------------------------


@cache
def emoji_names() -> dict[str, str]:
    """Shortcode name (`rocket`, `+1`) → Unicode emoji.

    From the `emoji` package, offline: its GitHub-style aliases first, then its CLDR names.
    Every name marp-core (markdown-it-emoji) knows is here; so are some it does not.
    """
    from emoji import EMOJI_DATA

    names: dict[str, str] = {}
    for char, data in EMOJI_DATA.items():
        for alias in data.get("alias", ()):
            names.setdefault(alias.strip(":"), char)
    for char, data in EMOJI_DATA.items():
        names.setdefault(data["en"].strip(":"), char)
    return names


def _replace_shortcodes(state: StateCore) -> None:
    """`:rocket:` in text → 🚀 (not in code, nor inside a link linkify made)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        autolink = 0
        for child in block.children:
            if child.type in ("link_open", "link_close") and child.info == "auto":
                autolink -= child.nesting
            elif child.type == "text" and not autolink and ":" in child.content:
                child.content = _SHORTCODE.sub(_emoji_for, child.content)


def _emoji_for(match: re.Match[str]) -> str:
    return emoji_names().get(match.group(1), match.group(0))


# -- slugs --------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """marp-core's heading slug: lower case, spaces to `-`, punctuation dropped, URI-encoded."""
    slug = _SLUG_DROP.sub("", re.sub(r"\s+", "-", text.strip().lower()))
    # As marp-core: only the first run of dashes at either end is trimmed.
    slug = re.sub(r"^-+|-+$", "", slug, count=1)
    return quote(slug, safe=_ENCODE_URI_SAFE)


def add_heading_ids(tokens: Sequence[Token], taken: Iterable[str] = ()) -> None:
    """Give each heading without an `id` marp-core's slug id, unique in `tokens`: the second
    `Intro` is `intro-1`. `taken` are ids already used (Marp's section ids `1`, `2` …)."""
    seen = dict.fromkeys(taken, 0)
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        slug = token.attrGet("id")
        if slug is None:
            inline = tokens[index + 1]
            slug = slugify(
                "".join(
                    child.content
                    for child in inline.children or ()
                    if child.type in _SLUG_TYPES and not _is_comment(child)
                )
            )
        count = seen[slug] + 1 if slug in seen else 0
        seen[slug] = count
        token.attrSet("id", f"{slug}-{count}" if count else slug)


def _is_comment(token: Token) -> bool:
    # Marpit turns HTML comments into its own (hidden) comment tokens before slugging.
    return token.type == "html_inline" and token.content.lstrip().startswith("<!--")
