"""Every class we generate is `lt-…`: author CSS for common names never reaches our markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lecture_tool.decks.deck import parse_deck
from lecture_tool.running.results import CellResult, SnippetResult
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.html import render_html
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import load_theme

AUTHOR_CSS = """\
<style>
.highlight { background: rgb(255, 0, 0); font-size: 7px; }
.code, .output, .columns, .figure, .notes, .bg, .center, .k, .nf, .mi {
  color: rgb(0, 255, 0); background: rgb(0, 0, 255); display: inline; border: 9px solid red;
}
</style>
"""
DECK = """\
---
marp: true
---

{style}
![bg](img/dot.png)

# Listing

```python
def f(x):
    return x + 1
```

```output {{file="d/s.py" cell="a"}}
```

<!-- a presenter note -->
"""

# Computed styles of our generated elements (the author's CSS must change none of them).
_MEASURE = """() => {
  const pick = (el) => { const c = getComputedStyle(el);
    return [c.color, c.backgroundColor, c.fontSize, c.display, c.borderTopWidth]; };
  return Object.fromEntries([['pre', 'pre.lt-code'], ['keyword', 'pre.lt-code span'],
      ['output', 'pre.lt-output'], ['notes', 'aside.lt-notes'], ['bg', 'figure.lt-bg-image']]
    .map(([name, query]) => [name, pick(document.querySelector(query))]));
}"""


def _build(tmp_path: Path, style: str) -> str:
    snippets, slides = tmp_path / "snippets", tmp_path / "slides"
    (snippets / "d").mkdir(parents=True, exist_ok=True)
    (slides / "img").mkdir(parents=True, exist_ok=True)
    (slides / "img" / "dot.png").write_bytes(
        (Path(__file__).parents[1] / "data/project/slides/images/dot.png").read_bytes()
    )
    snippet = snippets / "d" / "s.py"
    snippet.write_text("# %% a\nprint(1)\n")
    table = SnippetTable(
        snippets_dir=snippets,
        snippets={snippet: parse_snippet(snippet.read_text(), snippet)},
        results={
            snippet: SnippetResult(
                snippet=snippet, status="passed", cells=(CellResult("a", "passed", stdout="1\n"),)
            )
        },
    )
    deck = parse_deck(DECK.format(style=style), slides / "deck.md")
    rendered, _ = render_deck(deck, load_theme("default", []), DeckOutputs(deck.path, table))
    return render_html(rendered)


def test_generated_markup_uses_only_namespaced_classes(tmp_path):
    html = _build(tmp_path, AUTHOR_CSS)
    body = html.split("<body>", 1)[1]
    classes = {c for value in re.findall(r'class="([^"]*)"', body) for c in value.split()}
    assert classes - {c for c in classes if c.startswith("lt-")} == {"language-python"}
    assert re.search(
        r'<pre class="lt-code"[^>]*><code class="language-python"><span class="lt-k">def</span>',
        body,
    )
    assert re.search(r'<pre class="lt-output"[^>]*><code>1\n</code></pre>', body)
    assert '<aside class="lt-notes"><p>a presenter note</p></aside>' in body


@pytest.mark.browser
def test_author_css_for_common_names_leaves_our_listings_untouched(tmp_path, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    plain, styled = tmp_path / "plain.html", tmp_path / "styled.html"
    plain.write_text(_build(tmp_path / "a", ""))
    styled.write_text(_build(tmp_path / "b", AUTHOR_CSS))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(java_script_enabled=False)
            measured = []
            for path in (plain, styled):
                page.goto(path.as_uri())
                measured.append(page.evaluate(_MEASURE))
                # The author's rules are there and would apply to an element of theirs.
                probe = page.evaluate(
                    "() => { const d = document.createElement('div'); d.className = 'highlight';"
                    " document.querySelector('section').append(d);"
                    " return getComputedStyle(d).backgroundColor; }"
                )
                measured[-1]["probe"] = probe
        finally:
            browser.close()
    ours, theirs = measured
    assert theirs.pop("probe") == "rgb(255, 0, 0)"
    assert ours.pop("probe") == "rgba(0, 0, 0, 0)"
    assert ours == theirs
    assert ours["keyword"][0] != ours["pre"][0]  # the keyword is highlighted (own colour)
