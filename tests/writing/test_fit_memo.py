"""Slide fits carried from one build's Chromium to the next: only changed slides are measured."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lecture_tool.writing.chromium import Browser
from lecture_tool.writing.fit_memo import FitMemo
from lecture_tool.writing.layout import read_overflow
from lecture_tool.writing.pdf import CHROMIUM_FLAGS

sys.path.insert(0, str(Path(__file__).parent))
from test_steps_browser import build_html  # noqa: E402

pytestmark = pytest.mark.browser

# Slide 2 overflows (120 lines of code), so the recalled fit must carry the report too.
DECK = """\
# One

Some text.

---

```python {file="d/s.py" cell="a"}
```

---

# Three

More text.
"""

LONG = "".join(f"print({n})\n" for n in range(120))


def _measure(browser: Browser, chromium: Path, html: Path, rendered):
    """A new tab, as a new build gets: fits restored, page loaded, fits kept."""
    page = browser.page(rendered.width, rendered.height)
    try:
        memo = FitMemo(html.stem, chromium)
        memo.restore_into(page)
        page.load(html)
        memo.keep_from(page)
        measured = page.evaluate("document.documentElement.getAttribute('data-lt-measured')")
        return int(measured), [(o.slide, o.pixels > 0) for o in read_overflow(page, rendered)]
    finally:
        page.close()


def test_a_new_tab_measures_only_the_slides_that_changed(chromium, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    html, rendered = build_html(tmp_path, DECK, code=LONG, with_deck=True)
    with Browser(chromium, CHROMIUM_FLAGS) as browser:
        first = _measure(browser, chromium, html, rendered)
        again = _measure(browser, chromium, html, rendered)
        html, rendered = build_html(
            tmp_path, DECK.replace("More text.", "Other text."), code=LONG, with_deck=True
        )
        edited = _measure(browser, chromium, html, rendered)
    assert first == (3, [(2, True)])
    assert again == (0, [(2, True)])  # every fit recalled, the overflow report unchanged
    assert edited == (1, [(2, True)])  # the edited slide alone


def test_an_unwritable_cache_only_costs_speed(chromium, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    html, rendered = build_html(tmp_path, DECK, code=LONG, with_deck=True)
    with Browser(chromium, CHROMIUM_FLAGS) as browser:
        assert _measure(browser, chromium, html, rendered) == (3, [(2, True)])
        assert _measure(browser, chromium, html, rendered) == (3, [(2, True)])


def test_fits_made_by_another_viewer_script_are_not_used(tmp_path, monkeypatch):
    import lecture_tool.writing.fit_memo as fit_memo

    chromium = tmp_path / "chromium"
    chromium.write_text("")
    before = FitMemo("deck", chromium).path
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "viewer.js").write_text("// another viewer\n")
    monkeypatch.setattr(fit_memo, "TEMPLATES", templates)
    assert FitMemo("deck", chromium).path != before
