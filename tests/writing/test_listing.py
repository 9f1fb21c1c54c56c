"""Highlighted and stepped code, output steps and fragmented lists, as rendered markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lecture_tool.decks.deck import parse_deck
from lecture_tool.decks.references import ALL_LINES
from lecture_tool.errors import BrokenReference
from lecture_tool.running.results import CellResult, SnippetResult
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.listing import code_block, line_ranges, output_block, steps_text
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import Theme

THEME = Theme(name="default", css="")
CODE = "a = 1\nb = 2\nc = a + b\nprint(c)\n"


@pytest.fixture
def table(tmp_path: Path) -> SnippetTable:
    snippets = tmp_path / "snippets"
    (snippets / "d").mkdir(parents=True)
    path = snippets / "d" / "s.py"
    path.write_text("# %% a\n" + CODE)
    result = SnippetResult(
        snippet=path, status="passed", cells=(CellResult("a", "passed", stdout="3\n"),)
    )
    return SnippetTable(
        snippets_dir=snippets,
        snippets={path: parse_snippet(path.read_text(), path)},
        results={path: result},
    )


def _deck(text: str, table: SnippetTable):
    return parse_deck(text, table.snippets_dir.parent / "slides" / "deck.md")


def _render(text: str, table: SnippetTable):
    deck = _deck(text, table)
    return render_deck(deck, THEME, DeckOutputs(deck.path, table))


def _lines(html: str) -> list[tuple[str, str]]:
    """(classes, text) of each rendered code line."""
    found = re.findall(r'<span class="(lt-line[^"]*)"[^>]*>(.*?)\n</span>', html, re.DOTALL)
    return [(css, re.sub(r"<[^>]+>", "", text)) for css, text in found]


def test_highlight_marks_lines_and_dims_the_others(table):
    rendered, problems = _render('```python {file="d/s.py" cell="a" highlight="2-3"}\n```\n', table)
    html = rendered.slides[0].html
    assert problems == []
    assert '<pre class="lt-code lt-marked" data-highlight="2-3" data-lt-dim' in html
    assert _lines(html) == [
        ("lt-line", "a = 1"),
        ("lt-line hl", "b = 2"),
        ("lt-line hl", "c = a + b"),
        ("lt-line", "print(c)"),
    ]


def test_steps_attribute_and_the_last_step_in_the_markup(table):
    rendered, _ = _render(
        '```python {file="d/s.py" cell="a" steps="1|2-3|all"}\n```\n\n'
        '```output {file="d/s.py" cell="a" step=3}\n```\n',
        table,
    )
    html = rendered.slides[0].html
    assert 'data-steps="1|2-3|all"' in html
    assert "data-lt-dim" not in html  # the last step is `all`: nothing dimmed without script
    assert [css for css, _ in _lines(html)] == ["lt-line hl"] * 4
    assert (
        '<pre class="lt-output" data-lt-step="3" data-lt-out="d/s.py#a"><code>3\n</code></pre>'
        in html
    )


def test_highlight_on_a_run_block_counts_its_own_lines(table):
    deck = _deck("```python {run highlight=2}\nx = 1\ny = 2\n```\n", table)
    (reference,) = deck.references
    assert (reference.kind, reference.highlight) == ("run", (2,))


@pytest.mark.parametrize(
    ("fence", "message"),
    [
        (
            'python {file="d/s.py" cell="a" highlight="2-"}',
            "bad highlight='2-' — write highlight=\"2-3,7\"",
        ),
        (
            'python {file="d/s.py" cell="a" steps="1||2"}',
            "bad steps='' — write steps=\"1-2|4|all\"",
        ),
        (
            'python {file="d/s.py" cell="a" highlight="3-2"}',
            "bad highlight='3-2': 3-2 is not a range",
        ),
        (
            'output {file="d/s.py" cell="a" highlight=1}',
            "highlight= works on ```python blocks, not ```output",
        ),
        (
            'python {file="d/s.py" cell="a" step=1}',
            "step= works on ```output blocks, not ```python",
        ),
        ('output {file="d/s.py" cell="a" step=0}', "bad step='0'"),
        (
            'python {file="d/s.py" cell="a" highlight=1 steps=1}',
            "a block takes highlight= or steps=, not both",
        ),
        (
            'output {file="d/s.py" cell="a" step=2}',
            "output step=2 has no code block with steps= before it",
        ),
    ],
)
def test_bad_marks_name_the_deck_line(table, fence, message):
    deck = _deck(f"# t\n\n```{fence}\n```\n", table)
    (reference,) = deck.references
    assert reference.kind == "broken"
    assert str(reference.error).startswith(f"{deck.path}:3: ")
    assert message in str(reference.error)


def test_output_step_past_the_last_step_is_broken(table):
    deck = _deck(
        '```python {file="d/s.py" cell="a" steps="1|2"}\n```\n'
        '```output {file="d/s.py" cell="a" step=3}\n```\n',
        table,
    )
    assert str(deck.references[1].error) == (
        f"{deck.path}:3: output step=3, but the code block above it (line 1) has 2 step(s)"
        ' — give the ```python block above steps="…" with that many steps'
    )


def test_highlighted_line_past_the_shown_code_is_an_error(table):
    deck = _deck('```python {file="d/s.py" cell="a" steps="1|9"}\n```\n', table)
    with pytest.raises(BrokenReference) as caught:
        DeckOutputs(deck.path, table).check(deck.references[0])
    assert str(caught.value) == (
        f"{deck.path}:1: line 9 is highlighted, but the block shows 4 line(s)"
        " — lines count within the shown code, from 1"
    )


def test_fragmented_lists_as_marpit(table):
    rendered, _ = _render("* one\n* two\n\n- plain\n\n1) first\n2) second\n\n1. no\n", table)
    slide = rendered.slides[0]
    assert slide.fragments == 4
    assert re.findall(r'<li data-marpit-fragment="(\d)">(\w+)', slide.html) == [
        ("1", "one"),
        ("2", "two"),
        ("3", "first"),
        ("4", "second"),
    ]
    assert "<li>plain</li>" in slide.html and "<li>no</li>" in slide.html


def test_a_docstring_spanning_lines_is_cut_per_line():
    html = code_block('def f():\n    """one\n    two"""\n', "python", highlight=(3,))
    assert [text for _, text in _lines(html)] == ["def f():", '    """one', '    two"""']
    assert html.count('<span class="lt-line') == 3


def test_steps_text_round_trip():
    assert steps_text(((1, 2), (4,), ALL_LINES)) == "1-2|4|all"
    assert line_ranges((2, 3, 7, 9, 10)) == "2-3,7,9-10"


def test_expanded_marp_marks_the_last_steps_lines(table, tmp_path):
    from lecture_tool.writing.marp import expand_deck

    deck = _deck(
        '```python {file="d/s.py" cell="a" steps="1|2-3"}\n```\n\n'
        '```python {file="d/s.py" cell="a" steps="1|all"}\n```\n',
        table,
    )
    deck.path.parent.mkdir(parents=True, exist_ok=True)
    deck.path.write_text(
        '```python {file="d/s.py" cell="a" steps="1|2-3"}\n```\n\n'
        '```python {file="d/s.py" cell="a" steps="1|all"}\n```\n'
    )
    text = expand_deck(deck, DeckOutputs(deck.path, table), tmp_path / "figs")
    assert text == (
        "```python\na = 1\nb = 2  # ◀\nc = a + b  # ◀\nprint(c)\n```\n\n"
        "```python\na = 1\nb = 2\nc = a + b\nprint(c)\n```\n"
    )


def test_an_expected_errors_line_is_marked_to_wrap():
    text = "before\nValueError: a <long> message\n"
    assert output_block(text, raised=True) == (
        '<pre class="lt-output"><code>before\n'
        '<span class="lt-raised">ValueError: a &lt;long&gt; message</span>\n</code></pre>\n'
    )
    assert "lt-raised" not in output_block(text)
    assert (
        output_block("E: alone\n", raised=True).count('<span class="lt-raised">E: alone</span>')
        == 1
    )
