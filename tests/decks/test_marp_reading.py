"""Marp Markdown read as Marp reads it (issue 24): math blocks, loose directive values,
`<style>` before the first heading, an unknown theme after a known one."""

from __future__ import annotations

from pathlib import Path

from lecture_tool.decks.deck import Deck, parse_deck

THEMES = {"default", "gaia", "uncover"}


def parse(text: str) -> Deck:
    return parse_deck(text, Path("deck.md"), THEMES)


def test_a_math_block_ends_the_paragraph_so_the_ruler_splits_slides():
    deck = parse("Some text\n$$x^2$$\n---\n\n# Next\n")
    assert len(deck.slides) == 2
    types = [t.type for t in deck.slides[0].tokens]
    assert types == ["paragraph_open", "inline", "paragraph_close", "math_block"]
    assert deck.slides[0].tokens[3].content == "x^2\n"


def test_a_math_block_over_lines_keeps_its_lines_and_ends_a_list_item_paragraph():
    deck = parse("- item\n  $$\n  a\n  b\n  $$\n")
    math = [t for t in deck.slides[0].tokens if t.type == "math_block"]
    assert [m.content for m in math] == ["a\nb\n"]


def test_unquoted_colours_are_values_not_yaml_comments():
    deck = parse("---\nbackgroundColor: #fff8e1\ncolor: #b71c1c\n---\n\n<!-- _color: #eee -->\n")
    styles = [dict(slide.settings.style) for slide in deck.slides]
    assert styles == [{"background-color": "#fff8e1", "background-image": "none", "color": "#eee"}]
    assert not deck.warnings


def test_a_backslash_space_is_a_yaml_escape_as_in_marpit():
    deck = parse("---\nfooter: \\ *Course*\n---\n\n# A\n")
    assert deck.slides[0].settings.footer == " *Course*"


def test_a_style_block_before_the_first_heading_makes_no_slide_of_its_own():
    deck = parse(
        "---\nheadingDivider: 2\n_class: lead\n---\n\n<style>\nh2 {}\n</style>\n\n## A\n\n## B\n"
    )
    assert len(deck.slides) == 2
    assert [slide.settings.css_class for slide in deck.slides] == ["lead", None]


def test_an_unknown_theme_keeps_the_known_one_before_it():
    deck = parse("---\ntheme: gaia\n---\n\n# A\n\n<!-- theme: nope -->\n")
    assert deck.theme == "gaia"
    assert [str(w).split(" — ")[0] for w in deck.warnings] == [
        "deck.md:7: theme 'nope' not found, using gaia"
    ]
