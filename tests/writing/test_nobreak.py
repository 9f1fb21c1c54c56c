"""Inline math or code and the punctuation after it stay on one line (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.decks.deck import parse_deck
from lecture_tool.writing.html import TEMPLATES
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import Theme

TEXT = "Call `f()`. Then $x_1$, and $y$; done `g` and (see $z$).\n\n- item `a`:\n"


def _html(text: str, tmp_path: Path) -> str:
    path = tmp_path / "slides" / "deck.md"
    deck = parse_deck(text, path)
    table = SnippetTable(snippets_dir=tmp_path / "snippets", snippets={}, results={})
    rendered, _ = render_deck(deck, Theme("default", ""), DeckOutputs(path, table))
    return rendered.slides[0].html


def test_math_and_code_are_wrapped_with_the_punctuation_after_them(tmp_path):
    html = _html(TEXT, tmp_path)
    assert '<span class="lt-nowrap"><code>f()</code>.</span> Then' in html
    assert "<mi>y</mi></mrow></math>;</span> done <code>g</code> and (see" in html
    assert "</math>).</span></p>" in html
    assert '<li>item <span class="lt-nowrap"><code>a</code>:</span></li>' in html
    assert html.count("lt-nowrap") == 5
    assert _html(TEXT, tmp_path) == html  # the parsed deck's tokens are left as they were
    assert ".lt-nowrap { white-space: nowrap; }" in (TEMPLATES / "viewer.css").read_text()


@pytest.mark.browser
def test_no_width_puts_the_punctuation_on_the_next_line(page, tmp_path):
    words = " ".join(["word"] * 3)
    text = " ".join(f"{words} $x_{k}$, {words} `f{k}()`." for k in range(6))
    body = _html(text, tmp_path)
    css = ".lt-nowrap { white-space: nowrap; } #p { font: 20px sans-serif; }"

    def split_pairs(html: str) -> int:
        """How many (atom, punctuation) pairs start a new line at the punctuation, summed
        over paragraph widths from 120 to 400 px."""
        page.set_content(f"<style>{css}</style><div id=p>{html}</div>")
        split = 0
        for width in range(120, 400, 3):
            split += page.evaluate(
                """(width) => {
                  const p = document.getElementById('p'); p.style.width = width + 'px';
                  let split = 0;
                  for (const atom of p.querySelectorAll('math, code')) {
                    const text = atom.nextSibling;
                    if (!text || text.nodeType !== 3 || !/^[.,]/.test(text.data)) continue;
                    const range = document.createRange();
                    range.setStart(text, 0); range.setEnd(text, 1);
                    const mark = range.getBoundingClientRect(), box = atom.getBoundingClientRect();
                    if (mark.top > box.bottom - 2) split += 1;
                  }
                  return split;
                }""",
                width,
            )
        return split

    assert split_pairs(body) == 0
    # The same text without the spans does split somewhere: the check can fail.
    unwrapped = body.replace('<span class="lt-nowrap">', "").replace("</span>", "")
    assert split_pairs(unwrapped) > 0
