"""Directive YAML read without PyYAML when it is plain `key: value` lines: the same answers."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_tool.decks.directive_yaml import simple_mapping
from lecture_tool.decks.directives import _loosen

KEYS = st.sampled_from(
    ["theme", "footer", "header", "_class", "paginate", "$theme", "backgroundColor", "size",
     "lang", "title", "note", "x-y", "_footer"]
)  # fmt: skip
VALUES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
)  # every character a deck may hold, control characters and quotes included
LINES = st.one_of(
    st.tuples(KEYS, st.sampled_from([":", " :", ": ", ":\t"]), VALUES).map("".join),
    st.sampled_from(["", "  ", "# a comment", "  # indented comment", "- item", "  nested: x"]),
)


def _pyyaml(text: str):
    try:
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return "error"


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=6).map("\n".join))
def test_simple_mapping_reads_what_pyyaml_reads(text):
    loose = _loosen(text)
    simple = simple_mapping(loose)
    if simple is not None:  # otherwise PyYAML reads it
        assert simple == _pyyaml(loose)


def test_typical_directives_need_no_pyyaml():
    text = "theme: course\npaginate: true\nfooter: Part 1: tensors\ncolor: #c00\n"
    assert simple_mapping(_loosen(text)) == {
        "theme": "course", "paginate": "true", "footer": "Part 1: tensors", "color": "#c00",
    }  # fmt: skip


def test_block_scalars_and_lists_are_left_to_pyyaml():
    assert simple_mapping(_loosen("style: |\n  section { color: red }\n")) is None
    assert simple_mapping(_loosen("theme: a\n- b\n")) is None


def test_a_colon_without_a_space_is_no_key():
    """YAML reads `theme:""` as one string (hypothesis found it): PyYAML answers, not us."""
    assert simple_mapping('theme:""') is None
    assert simple_mapping('theme: ""') == {"theme": ""}
