"""Random Markdown never crashes the deck parser or the renderer: only lecture_tool errors,
each naming the deck and a line inside it."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lecture_tool.decks.deck import parse_deck
from lecture_tool.errors import LectureError
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import Theme

DECK = Path("/project/slides/deck.md")
TABLE = SnippetTable(Path("/project/snippets"))

# Pieces real decks are made of, including the awkward ones.
PIECES = [
    "---",
    "***",
    "# Title",
    "## Section <!-- fit -->",
    "Some *text* with `code` and a $x^2$ formula",
    "$$\\frac{a}{b}$$",
    "$unbalanced {",
    "$\\begin{cases} a & b \\\\ c & d\\end{cases}$",
    "<!-- a note: with colon -->",
    "<!-- _class: lead -->",
    "<!-- paginate: maybe -->",
    "<!-- headingDivider: 2 -->",
    "<!-- footer: **bad** -->",
    "<!-- $theme: gaia -->",
    "<!-- *template: invert -->",
    "<!--",
    "-->",
    "```python",
    "```",
    '```python {file="d/x.py" cell="a"}',
    '```output {file="d/x.py"}',
    "```python {run}",
    "```pycon {run}",
    ">>> 1 + 1",
    '```python {bogus="1"}',
    "![bg left:40%](images/missing.png)",
    "![w:200 h:30%](figure:d/x.py#plot/2)",
    "![bg](figure:bad)",
    "![](https://example.org/x.png)",
    "<div class='columns'>",
    "</div>",
    "<style>section { color: red }</style>",
    "- item",
    "  1) nested",
    "> quote",
    "| a | b |",
    "|---|---|",
    "\t",
    "",
]
FRONT = st.sampled_from(
    [
        "",
        "---\nmarp: true\n---\n",
        "---\ntheme: gaia\nheadingDivider: 2\npaginate: true\n---\n",
        "---\nsize: [16:9\n---\n",
        "---\n- a\n---\n",
        "---\nheadingDivider: [1, 9]\nsize: 4:3\n---\n",
    ]
)
BODY = st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=FRONT, body=BODY)
def test_random_markdown_parses_and_renders_or_fails_with_a_located_error(front, body):
    text = front + body
    lines = len(re.split(r"\r\n?|\n", text))  # line endings as markdown-it counts them
    try:
        deck = parse_deck(text, DECK, themes={"default", "gaia"})
    except LectureError as error:
        _assert_located(error, lines)
        return
    for warning in deck.warnings:
        _assert_located(warning, lines)
    outputs = DeckOutputs(DECK, TABLE)
    rendered, problems = render_deck(deck, Theme("default", ""), outputs, keep_going=True)
    assert len(rendered.slides) == len(deck.slides)
    for problem in problems:
        _assert_located(problem, lines)
    try:
        render_deck(deck, Theme("default", ""), outputs)
    except LectureError as error:
        _assert_located(error, lines)


def _assert_located(error: LectureError, lines: int) -> None:
    assert error.path == DECK, str(error)
    assert error.line is not None and 1 <= error.line <= lines, str(error)
    assert str(error).startswith(f"{DECK}:{error.line}: ")
