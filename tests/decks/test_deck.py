"""Tests of lecture_tool.decks.deck: slide splitting, Marp directives, notes and legacy syntax."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from lecture_tool.decks.deck import Deck, Slide, load_deck, parse_deck
from lecture_tool.decks.settings import SlideSettings

DECKS = Path(__file__).parents[1] / "data" / "decks"
THEMES = {"default", "gaia", "uncover"}


def parse(text: str, themes: set[str] | None = None) -> Deck:
    return parse_deck(text, Path("deck.md"), themes)


def deck_warnings(text: str, themes: set[str] | None = None) -> list[str]:
    return [str(warning) for warning in parse(text, themes).warnings]


# --- splitting -----------------------------------------------------------------------


def test_directives_fixture_splits_into_four_slides():
    deck = load_deck(DECKS / "directives.md")
    assert [s.number for s in deck.slides] == [1, 2, 3, 4]
    assert [s.line for s in deck.slides] == [8, 14, 26, 38]


def test_rule_inside_code_fence_is_not_a_break():
    slide = load_deck(DECKS / "directives.md").slides[1]
    assert slide.markdown == (
        "<!-- backgroundColor: aqua -->\n"
        "<!-- _footer: only on slide 2 -->\n"
        "<!-- reminder: this has no known key, so it is a note -->\n"
        "\n"
        "```markdown\n"
        "---\n"
        "not a slide break\n"
        "---\n"
        "```"
    )


def test_rule_in_quote_and_setext_underline_are_not_breaks():
    slide = load_deck(DECKS / "directives.md").slides[3]
    assert slide.markdown == (
        "Slide four inherits everything but the spot directives.\n"
        "\n"
        "> ---\n"
        "> a rule in a quote is no break\n"
        "\n"
        "Setext heading\n"
        "---"
    )


def test_every_thematic_break_style_splits():
    deck = parse("one\n\n---\n\ntwo\n\n***\n\nthree\n\n___\n\nfour\n\n- - -\n\nfive\n")
    assert [s.markdown for s in deck.slides] == ["one", "two", "three", "four", "five"]
    assert [s.line for s in deck.slides] == [1, 5, 9, 13, 17]


def test_slide_line_plus_offset_is_the_file_line():
    text = (DECKS / "directives.md").read_text()
    file_lines = text.split("\n")
    for slide in load_deck(DECKS / "directives.md").slides:
        for offset, line in enumerate(slide.markdown.split("\n")):
            assert file_lines[slide.line - 1 + offset] == line


def test_front_matter_is_not_part_of_slide_one():
    deck = parse("---\ntitle: T\n---\n\n# Hello\n")
    assert len(deck.slides) == 1
    assert deck.slides[0].markdown == "# Hello"
    assert deck.slides[0].line == 5


def test_empty_deck_has_one_empty_slide():
    deck = parse("")
    assert deck.slides == (
        Slide(number=1, line=1, markdown="", settings=SlideSettings(), notes=(), page=1),
    )


def test_trailing_rule_makes_an_empty_last_slide_like_marp():
    deck = parse("# One\n\n---\n")
    assert [s.markdown for s in deck.slides] == ["# One", ""]


def test_crlf_line_endings_keep_line_numbers():
    deck = parse("# A\r\n\r\n---\r\n\r\n# B\r\n")
    assert [(s.line, s.markdown) for s in deck.slides] == [(1, "# A"), (5, "# B")]


def test_load_deck_reads_the_file(tmp_path):
    path = tmp_path / "deck.md"
    path.write_text("---\ntheme: gaia\n---\n# A\n\n---\n\n# B\n", encoding="utf-8")
    deck = load_deck(path, THEMES)
    assert deck.path == path
    assert deck.theme == "gaia"
    assert [s.markdown for s in deck.slides] == ["# A", "# B"]


# --- directives ----------------------------------------------------------------------


def test_front_matter_locals_apply_from_slide_one_and_spots_only_there():
    deck = load_deck(DECKS / "directives.md")
    assert deck.slides[0].settings.as_directives() == {
        "paginate": True,
        "header": "Lecture 2",
        "class": "title",
    }


def test_comment_locals_inherit_and_spot_directives_apply_to_one_slide():
    deck = load_deck(DECKS / "directives.md")
    assert deck.slides[1].settings.as_directives() == {
        "paginate": True,
        "header": "Lecture 2",
        "backgroundColor": "aqua",
        "footer": "only on slide 2",
    }
    assert deck.slides[2].settings.as_directives() == {
        "paginate": False,
        "header": "Lecture 2",
        "backgroundColor": "aqua",
        "class": "lead",
        "color": "red",
    }
    assert deck.slides[3].settings.as_directives() == {
        "paginate": True,
        "header": "Lecture 2",
        "backgroundColor": "aqua",
        "class": "lead",
        "color": "red",
    }


def test_global_directive_in_slide_three_applies_to_the_whole_deck():
    deck = load_deck(DECKS / "directives.md", THEMES)
    assert deck.settings.as_directives() == {"marp": True, "theme": "gaia"}
    assert deck.theme == "gaia"


def test_last_global_wins():
    deck = parse("<!-- theme: gaia -->\n\n---\n\n<!-- theme: uncover -->\n", THEMES)
    assert deck.theme == "uncover"


def test_local_directive_at_end_of_slide_still_applies_to_that_slide():
    deck = parse("# A\n\ntext\n\n<!-- class: lead -->\n\n---\n\n# B\n")
    assert [s.settings.as_directives() for s in deck.slides] == [
        {"class": "lead"},
        {"class": "lead"},
    ]


def test_spot_overrides_local_on_its_slide_only():
    deck = parse("<!-- class: a -->\n<!-- _class: b -->\n\n---\n\nnext\n")
    assert [s.settings.as_directives()["class"] for s in deck.slides] == ["b", "a"]


def test_one_comment_may_hold_global_local_and_spot_directives():
    deck = parse("<!--\nsize: 4:3\nfooter: F\n_header: H\n-->\n\n---\n\nx\n")
    assert deck.settings.as_directives() == {"size": "4:3"}
    assert deck.size == (960, 720)
    assert [s.settings.as_directives() for s in deck.slides] == [
        {"footer": "F", "header": "H"},
        {"footer": "F"},
    ]


def test_class_list_joins_and_values_stay_text():
    deck = parse("---\nclass: [lead, invert]\ntitle: 3.0\nmath: katex\n---\nx\n")
    assert deck.slides[0].settings.as_directives() == {"class": "lead invert"}
    assert deck.settings.as_directives() == {"title": "3.0", "math": "katex"}


def test_loose_yaml_values_like_marp_core():
    deck = parse("<!-- footer: Part 1: tensors -->\n")
    assert deck.slides[0].settings.as_directives() == {"footer": "Part 1: tensors"}


def test_empty_paginate_is_false_like_marp():
    deck = parse('<!-- paginate: true -->\n\n---\n\n<!-- _paginate: "" -->\n')
    assert [s.settings.as_directives()["paginate"] for s in deck.slides] == [True, False]


def test_size_defaults_to_16_9_and_theme_to_default():
    deck = parse("# x\n")
    assert deck.size == (1280, 720)
    assert deck.theme == "default"
    assert deck.settings.as_directives() == {}


# --- notes ---------------------------------------------------------------------------


def test_notes_are_non_directive_comments_and_fit_is_neither():
    deck = load_deck(DECKS / "directives.md")
    assert [s.notes for s in deck.slides] == [
        ("Welcome everyone; mention the lab.",),
        ("reminder: this has no known key, so it is a note",),
        (),
        (),
    ]


def test_multiline_and_inline_notes_keep_order():
    deck = parse("<!--\nFirst point.\nSecond point.\n-->\n\nSay <!-- emphasise this --> it.\n")
    assert deck.slides[0].notes == ("First point.\nSecond point.", "emphasise this")


def test_fit_outside_a_heading_is_a_note():
    deck = parse("# Title <!-- fit -->\n\ntext <!-- fit -->\n")
    assert deck.slides[0].notes == ("fit",)


def test_comment_inside_code_is_neither_note_nor_directive():
    deck = parse("```html\n<!-- class: lead -->\n<!-- a note? -->\n```\n")
    assert deck.slides[0].settings.as_directives() == {}
    assert deck.slides[0].notes == ()


# --- headingDivider ------------------------------------------------------------------


def test_heading_divider_splits_as_marpit_even_right_after_a_ruler():
    # Marpit divides before a heading whenever anything visible came before it in the deck,
    # so `---` followed by `## Heading` gives an empty slide between (marp-cli agrees: 5).
    deck = load_deck(DECKS / "heading_divider.md")
    assert deck.settings.as_directives() == {"headingDivider": 2}
    assert [(s.line, s.markdown) for s in deck.slides] == [
        (5, "# Part one\n\nIntro text."),
        (9, "## First section\n\n### Not split (level 3)"),
        (14, ""),
        (15, "## Already first on its slide\n\n<!-- _class: lead -->"),
        (19, "## Second section\n\n```python\n# a comment, not a heading\n```"),
    ]


def test_comment_before_a_divided_heading_belongs_to_the_slide_before_it():
    # Marp inserts the break right before the heading, so the comment stays behind.
    deck = load_deck(DECKS / "heading_divider.md")
    assert [s.settings.as_directives() for s in deck.slides] == [{}, {}, {}, {"class": "lead"}, {}]


def test_heading_divider_list_splits_only_listed_levels():
    deck = parse("---\nheadingDivider: [1, 3]\n---\n# A\n\n## B\n\n### C\n\n# D\n")
    assert deck.settings.as_directives() == {"headingDivider": (1, 3)}
    assert [s.markdown for s in deck.slides] == ["# A\n\n## B", "### C", "# D"]


def test_heading_divider_set_in_a_later_comment_applies_to_the_whole_deck():
    deck = parse("# A\n\n# B\n\n<!-- headingDivider: 1 -->\n\n# C\n")
    assert [s.markdown for s in deck.slides] == ["# A", "# B\n\n<!-- headingDivider: 1 -->", "# C"]


def test_heading_after_only_a_comment_is_first_on_its_slide():
    deck = parse("<!-- headingDivider: 1 -->\n\n# A\n\n# B\n")
    assert [s.markdown for s in deck.slides] == ["<!-- headingDivider: 1 -->\n\n# A", "# B"]


def test_heading_divider_false_turns_it_off():
    deck = parse("---\nheadingDivider: false\n---\n# A\n\n# B\n")
    assert deck.settings.as_directives() == {"headingDivider": False}
    assert len(deck.slides) == 1


# --- legacy Marp ---------------------------------------------------------------------


def test_legacy_directives_are_mapped():
    deck = load_deck(DECKS / "legacy.md", THEMES)
    assert deck.settings.as_directives() == {"theme": "gaia", "size": "4:3"}
    assert deck.size == (960, 720)
    assert [s.settings.as_directives() for s in deck.slides] == [
        {"paginate": True},
        {"paginate": False, "class": "invert"},
        {"paginate": True, "class": "gaia", "footer": "Old footer"},
    ]


def test_legacy_prose_lines_become_a_note():
    deck = load_deck(DECKS / "legacy.md")
    assert [s.notes for s in deck.slides] == [(), (), ("Say this part slowly.",)]


def test_every_legacy_use_is_recorded_with_its_line():
    deck = load_deck(DECKS / "legacy.md")
    assert deck.legacy == (
        (1, "legacy `$theme: gaia` → `theme: gaia`"),
        (2, "legacy `$size: 4:3` → `size: 4:3`"),
        (3, "legacy `page_number: true` → `paginate: true`"),
        (9, "legacy `*page_number: false` → `_paginate: false`"),
        (10, "legacy `*template: invert` → `_class: invert`"),
        (14, "legacy image keyword `center` in `![center]`; style it"),
        (19, "legacy `template: gaia` → `class: gaia`"),
        (20, "legacy `*footer: Old footer` → `_footer: Old footer`"),
    )


def test_modern_deck_has_no_legacy():
    assert load_deck(DECKS / "directives.md").legacy == ()


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [("1280", "720", (1280, 720)), ("960px", "720px", (960, 720))],
)
def test_legacy_width_and_height_map_to_a_size(width, height, size):
    deck = parse(f"<!--\n$width: {width}\n$height: {height}\n-->\n")
    assert deck.size == size
    assert deck.legacy == (
        (2, f"legacy `$width: {width}` → `size: 16:9` or `size: 4:3`"),
        (3, f"legacy `$height: {height}` → `size: 16:9` or `size: 4:3`"),
    )


def test_legacy_prerender_is_recorded_and_ignored():
    deck = parse("<!-- $prerender: true -->\n")
    assert deck.settings.as_directives() == {}
    assert deck.legacy == ((1, "legacy `$prerender` has no effect today; delete it"),)


# --- what Marp ignores: warnings, never failures -------------------------------------


def test_bad_yaml_front_matter_is_ignored_with_a_warning_naming_the_line():
    assert deck_warnings("---\ntitle: Intro\nsize: [16:9\n---\n# x\n") == [
        "deck.md:3: front matter is not valid YAML: expected ',' or ']', but got "
        "'<stream end>'; it is ignored — fix the YAML between the `---` lines; quote a value "
        "that contains `: ` or starts with `*`, `[` or `{`"
    ]


def test_front_matter_that_is_not_a_mapping():
    assert deck_warnings("---\n- a\n- b\n---\n") == [
        "deck.md:1: front matter is not a mapping; it is ignored — write `key: value` lines "
        "between the `---` lines"
    ]


def test_unknown_theme_warns_and_falls_back_to_default():
    deck = parse("# A\n\n---\n\n<!-- theme: nope -->\n", THEMES)
    assert deck.theme == "default"
    assert [str(w) for w in deck.warnings] == [
        "deck.md:5: theme 'nope' not found, using default — add slides/themes/nope.css with "
        "/* @theme nope */ (known: default, gaia, uncover)"
    ]


def test_unknown_theme_is_fine_without_a_theme_list():
    assert parse("<!-- theme: nope -->\n").theme == "nope"


def test_bad_size_is_ignored():
    deck = parse("---\nsize: 5:4\n---\n")
    assert deck.size == (1280, 720)
    assert [str(w) for w in deck.warnings] == [
        "deck.md:2: unknown size '5:4'; it is ignored — use `size: 16:9` or `size: 4:3`"
    ]
    assert (deck.warnings[0].path, deck.warnings[0].line) == (Path("deck.md"), 2)


def test_bad_heading_divider_in_a_comment_is_ignored():
    deck = parse("# a\n\n<!-- headingDivider: abc -->\n\n# b\n")
    assert len(deck.slides) == 1
    assert [str(w) for w in deck.warnings] == [
        "deck.md:3: headingDivider must be a heading level, not 'abc'; it is ignored — write "
        "a level 1–6 (`headingDivider: 2`), a list (`headingDivider: [1, 3]`) or `false`"
    ]


def test_paginate_that_is_not_a_boolean_counts_as_false_as_in_marpit():
    deck = parse("---\npaginate: true\n---\na\nb <!-- paginate: maybe -->\n\n---\n\nc\n")
    assert [s.settings.paginate for s in deck.slides] == [False, False]
    assert deck_warnings("a\nb <!-- paginate: maybe -->\n") == [
        "deck.md:2: paginate must be true or false, not 'maybe'; it counts as false"
    ]


def test_paginate_hold_and_skip_number_pages_as_marpit():
    deck = parse(
        "---\npaginate: true\n---\n# 1\n\n---\n\n<!-- _paginate: hold -->\n# 2\n\n"
        "---\n\n<!-- _paginate: skip -->\n# 3\n\n---\n\n# 4\n"
    )
    assert [(s.settings.paginate, s.page) for s in deck.slides] == [
        (True, 1),
        ("hold", 1),
        ("skip", 1),
        (True, 2),
    ]
    assert deck.pages == 2


def test_directive_value_of_wrong_shape_is_ignored_and_keeps_the_inherited_one():
    deck = parse("<!-- header: ok -->\n\n---\n\n<!-- header: [a, b] -->\n")
    assert [s.settings.header for s in deck.slides] == ["ok", "ok"]
    assert [str(w) for w in deck.warnings] == [
        "deck.md:5: header must be text, not a list; it is ignored — write `header: value` "
        "on one line, quoting the value if needed"
    ]


def test_directive_comment_that_is_not_yaml_becomes_a_note_with_a_warning():
    deck = parse("a\n\n<!-- footer: **bold** -->\n")
    assert deck.slides[0].notes == ("footer: **bold**",)
    assert deck.slides[0].settings.footer is None
    assert [str(w) for w in deck.warnings] == [
        "deck.md:3: directive comment is not valid YAML; it is kept as a presenter note — "
        'quote the value, e.g. `<!-- footer: "**Part 1**" -->`'
    ]


def test_comment_with_a_colon_in_prose_is_a_note_without_warning():
    deck = parse("a\n\n<!-- a: b: c -->\n\n<!-- Remember: ask the class -->\n")
    assert deck.slides[0].notes == ("a: b: c", "Remember: ask the class")
    assert deck.warnings == ()


def test_unmappable_legacy_size():
    assert deck_warnings("<!-- $size: A4 -->\n") == [
        "deck.md:1: legacy `$size: A4` has no equivalent today; it is ignored — use "
        "`size: 16:9` or `size: 4:3`"
    ]


def test_unmappable_legacy_width():
    assert deck_warnings("x\n\n<!-- $width: 1024 -->\n") == [
        "deck.md:3: legacy slide size 1024x720 has no equivalent; it is ignored — replace "
        "`$width`/`$height` with `size: 16:9` (1280x720) or `size: 4:3` (960x720)"
    ]


def test_warning_in_a_multiline_comment_names_the_key_line():
    deck = parse("# a\n\n<!--\nclass: lead\nheadingDivider: 9\n-->\n")
    assert str(deck.warnings[0]).startswith(
        "deck.md:5: headingDivider must be a heading level, not '9'"
    )
    assert deck.slides[0].settings.css_class == "lead"


def test_deck_pickles_for_worker_processes():
    deck = load_deck(DECKS / "directives.md")
    assert pickle.loads(pickle.dumps(deck)) == deck
