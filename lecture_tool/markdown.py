"""The one markdown-it set-up: how every part of lecture_tool reads Marp Markdown."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


def markdown_parser() -> MarkdownIt:
    """A fresh parser (render rules are added per use): CommonMark with HTML, tables,
    strikethrough, YAML front matter and `$…$` / `$$…$$` math."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": False})
    md.enable("table").enable("strikethrough")
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, double_inline=True)
    return md
