"""Steps in a real Chromium: stepped code and fragments walk with →/←, `#N.K` links, fitting."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.decks.deck import parse_deck
from lecture_tool.running.results import CellResult, SnippetResult
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.html import render_html
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import load_theme

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

DECK = """\
# Title

---

```python {file="d/s.py" cell="a" steps="1|2-3|all"}
```

```output {file="d/s.py" cell="a" step=2}
```

---

* one
* two

---

# End
"""


def build_html(
    tmp_path: Path,
    text: str,
    code: str = "a = 1\nb = 2\nc = a + b\nprint(c)\n",
    with_deck: bool = False,
    figures: tuple = (),
):
    """The deck built to HTML against a one-cell snippet (and, `with_deck`, the RenderedDeck);
    `figures`: what its cell drew."""
    snippets = tmp_path / "snippets"
    (snippets / "d").mkdir(parents=True, exist_ok=True)
    path = snippets / "d" / "s.py"
    path.write_text("# %% a\n" + code)
    result = SnippetResult(
        snippet=path,
        status="passed",
        cells=(CellResult("a", "passed", stdout="3\n", figures=figures),),
    )
    table = SnippetTable(
        snippets, {path: parse_snippet(path.read_text(), path)}, {}, {path: result}
    )
    deck = parse_deck(text, tmp_path / "slides" / "deck.md")
    rendered, _ = render_deck(deck, load_theme("default", []), DeckOutputs(deck.path, table))
    html = tmp_path / "deck.html"
    html.write_text(render_html(rendered))
    return (html, rendered) if with_deck else html


def state(page) -> dict:
    return page.evaluate("""() => {
        const s = [...document.querySelectorAll('#lt-deck > section')].find(s => s.checkVisibility());
        const seen = el => el.checkVisibility({visibilityProperty: true});
        return {
            slide: +s.dataset.slide,
            hl: [...s.querySelectorAll('.lt-line')].flatMap((l, i) => l.classList.contains('hl') ? [i + 1] : []),
            output: [...s.querySelectorAll('pre.lt-output')].map(seen),
            items: [...s.querySelectorAll('li')].map(seen),
            hash: location.hash,
        };
    }""")


def test_stepped_code_walks_forward_and_back(page, tmp_path):
    page.goto(build_html(tmp_path, DECK).as_uri())
    page.keyboard.press("ArrowRight")
    seen = [state(page)]
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        seen.append(state(page))
    assert [(s["slide"], s["hl"], s["output"], s["hash"]) for s in seen] == [
        (2, [1], [False], "#2"),
        (2, [2, 3], [True], "#2.1"),
        (2, [1, 2, 3, 4], [True], "#2.2"),
        (3, [], [], "#3"),
    ]
    dimmed = page.evaluate(
        "getComputedStyle(document.querySelectorAll('section')[1].querySelector('.lt-line')).opacity"
    )
    assert dimmed == "1"  # `all`: nothing dimmed
    page.keyboard.press("ArrowLeft")  # back onto slide 2: all its steps shown
    assert (state(page)["slide"], state(page)["hl"]) == (2, [1, 2, 3, 4])
    page.keyboard.press("ArrowLeft")
    assert (state(page)["hl"], state(page)["output"]) == ([2, 3], [True])
    page.keyboard.press("ArrowLeft")
    assert (state(page)["hl"], state(page)["output"]) == ([1], [False])
    opacity = page.evaluate(
        "[...document.querySelectorAll('section')[1].querySelectorAll('.lt-line')]"
        ".map(l => getComputedStyle(l).opacity)"
    )
    assert opacity == ["1", "0.38", "0.38", "0.38"]
    page.keyboard.press("ArrowLeft")
    assert state(page)["slide"] == 1


def test_fragments_one_per_key_and_hash_keeps_the_step(page, tmp_path):
    page.goto(build_html(tmp_path, DECK).as_uri() + "#3")
    assert state(page)["items"] == [False, False]
    page.keyboard.press("Space")
    assert (state(page)["items"], state(page)["hash"]) == ([True, False], "#3.1")
    page.keyboard.press("ArrowRight")
    assert state(page)["items"] == [True, True]
    page.reload()
    assert (state(page)["slide"], state(page)["items"]) == (3, [True, True])
    page.keyboard.press("ArrowLeft")
    assert state(page)["items"] == [True, False]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert state(page)["slide"] == 4
    assert page.evaluate("document.querySelectorAll('section')[2].dataset.marpitFragments") == "2"


def test_a_long_block_fits_and_two_hundred_lines_are_marked(page, tmp_path):
    # 20 lines of the default theme's 24.65 px code need 0.7 of it on a 720 px slide. (A
    # 60-line block would need 0.26: below the 60% floor on any of our themes, so reported.)
    code = "".join(f"value_{i} = {i}  # line {i}\n" for i in range(20))
    deck = '```python {file="d/s.py" cell="a"}\n```\n'
    page.goto(build_html(tmp_path, deck, code).as_uri())
    fit = page.evaluate("""() => {
        const s = document.querySelector('section'), pre = s.querySelector('pre');
        return [parseFloat(pre.style.fontSize) / +pre.dataset.ltBaseFont,
                s.scrollHeight - s.clientHeight, pre.scrollHeight - pre.clientHeight,
                s.getAttribute('data-lt-overflow')];
    }""")
    scale, slide_over, pre_over, mark = fit
    assert 0.6 <= scale < 1
    assert (slide_over <= 0, pre_over <= 0, mark) == (True, True, None)

    code = "".join(f"value_{i} = {i}\n" for i in range(200))
    page.goto(build_html(tmp_path, deck, code).as_uri())
    mark = page.evaluate("""() => {
        const s = document.querySelector('section'), pre = s.querySelector('pre');
        return [+s.getAttribute('data-lt-overflow'), s.getAttribute('data-lt-overflow-pre'),
                parseFloat(pre.style.fontSize) / +pre.dataset.ltBaseFont];
    }""")
    assert mark[0] > 1000 and mark[1] == "0" and mark[2] == pytest.approx(0.6)


def test_a_reload_measures_only_the_slides_that_changed(page, browser, tmp_path):
    # `serve` reloads the tab on every save: a slide's fit is remembered for the tab under a
    # hash of its HTML and the deck's styles, so only a changed slide is measured again, and
    # a remembered fit is the one a fresh tab measures.
    wide = "x = " + " + ".join(f"value_{i}" for i in range(10)) + "\n"
    deck = '```python {file="d/s.py" cell="a"}\n```\n\n---\n\n# Two\n\n---\n\n# Three\n\nold\n'
    measured = "[+document.documentElement.dataset.ltMeasured, document.querySelector('pre').style.fontSize]"

    page.goto(build_html(tmp_path, deck, wide).as_uri())
    count, size = page.evaluate(measured)
    assert count == 3 and 0 < float(size.removesuffix("px")) < 24
    page.reload()
    assert page.evaluate(measured) == [0, size]

    build_html(tmp_path, deck.replace("old", "new"), wide)
    page.reload()
    assert page.evaluate(measured) == [1, size]
    assert "new" in page.evaluate("document.querySelectorAll('section')[2].textContent")

    wider = wide.replace("\n", " + value_10 + value_11\n")
    html = build_html(tmp_path, deck, wider)  # slide 3 is "old" again: remembered from the start
    page.reload()
    count, smaller = page.evaluate(measured)
    fresh = page.context.new_page()  # sessionStorage is per tab: this one remembers nothing
    fresh.goto(html.as_uri())
    assert (count, smaller) == (1, fresh.evaluate(measured)[1])
    assert float(smaller.removesuffix("px")) < float(size.removesuffix("px"))
