"""Marp's Markdown options, decided in `markdown`: breaks, linkify, emoji, slugs, tables."""

from __future__ import annotations

from pathlib import Path

from lecture_tool.decks.allowlist import filter_html
from lecture_tool.decks.deck import parse_deck
from lecture_tool.decks.markdown import emoji_names, markdown_parser, slugify


def _html(text: str) -> str:
    return markdown_parser().render(text)


def test_a_newline_in_a_paragraph_is_a_line_break():
    assert _html("one\ntwo\n") == "<p>one<br />\ntwo</p>\n"


def test_bare_urls_become_links_but_fuzzy_ones_stay_text():
    html = _html("see https://example.org/a?b=1 or www.example.org or example.org\n")
    assert html == (
        '<p>see <a href="https://example.org/a?b=1">https://example.org/a?b=1</a>'
        " or www.example.org or example.org</p>\n"
    )


def test_emoji_shortcodes_become_unicode_outside_code_and_links():
    html = _html(":rocket: :+1: :tada: :not_an_emoji: 10:30:00 `:rocket:` https://x.org/:rocket:\n")
    assert html == (
        "<p>🚀 👍 🎉 :not_an_emoji: 10:30:00 <code>:rocket:</code> "
        '<a href="https://x.org/:rocket:">https://x.org/:rocket:</a></p>\n'
    )


def test_every_common_shortcode_is_known():
    names = emoji_names()
    for name, char in [("smile", "😄"), ("warning", "⚠️"), ("white_check_mark", "✅"), ("x", "❌")]:
        assert names[name] == char


def test_tables_and_strikethrough():
    assert "<table>" in _html("| a |\n|---|\n| 1 |\n")
    assert _html("~~old~~\n") == "<p><s>old</s></p>\n"


def test_slugs_match_marp_core():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("  What is `x`?  ") == "what-is-x"
    assert slugify("Über Ökonomie") == "%C3%BCber-%C3%B6konomie"
    assert slugify("-- a --") == "a---"  # marp-core trims only the first run of dashes
    assert slugify("C++ & Rust") == "c--rust"


def test_headings_get_unique_slug_ids_across_the_deck_and_never_a_slide_number():
    deck = parse_deck("# Intro\n\n---\n\n# Intro\n\n## 1\n\n## Two :rocket:\n", Path("slides/d.md"))
    ids = [
        token.attrGet("id")
        for slide in deck.slides
        for token in slide.tokens
        if token.type == "heading_open"
    ]
    assert ids == ["intro", "intro-1", "1-1", "two-%F0%9F%9A%80"]


def test_html_outside_the_allow_list_is_shown_as_text():
    assert filter_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert filter_html('<iframe src="x">') == '&lt;iframe src="x"&gt;'


def test_allowed_tags_keep_only_allowed_attributes_and_safe_urls():
    assert filter_html('<span class="a" style="color:red" onclick="x()">') == '<span class="a">'
    assert filter_html('<a href="javascript:alert(1)" target=_blank>') == '<a href target="_blank">'
    assert filter_html('<a href="https://x.org/?a=1&amp;b=2">') == (
        '<a href="https://x.org/?a=1&amp;b=2">'
    )
    assert filter_html('<img src="img/a.png" width="10" onerror="x">') == (
        '<img src="img/a.png" width="10">'
    )
    assert filter_html("<br/><b>x</b><!-- gone -->") == "<br /><b>x</b>"
    assert filter_html('<p dir="RTL" lang="ar">') == '<p dir="rtl" lang="ar">'
