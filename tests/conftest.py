"""Shared fixtures: the Chromium to drive (or a skip saying why) and small hand-built decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.writing.pdf import QUIET_FLAGS, find_browser
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide
from lecture_tool.writing.themes import load_theme


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The browser `find_browser()` picks; tests that need it skip when there is none."""
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium/Chrome found (set CHROME_PATH or `apt-get install chromium`)")
    return browser


@pytest.fixture(scope="module")
def browser(chromium):
    """A Playwright browser on the system Chromium (skips without Playwright)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(chromium), args=list(QUIET_FLAGS))
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A 1280×720 page; the test fails if the page raised a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def make_deck():
    """`make_deck(n, **deck_fields)`: a deck of n simple slides, slide k titled `Slide k`."""

    def make(count: int = 5, **fields) -> RenderedDeck:
        slides = tuple(
            RenderedSlide(
                number=k,
                html=f"<h1>Slide {k}</h1><p>body {k}</p>",
                notes=(f"note for slide {k}",),
                paginate=True,
            )
            for k in range(1, count + 1)
        )
        fields.setdefault("slides", slides)
        return RenderedDeck(
            title="Test deck", theme="default", theme_css=load_theme("default", []).css, **fields
        )

    return make


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Every text markdown-it parses from now on (a deck planned again is parsed again)."""
    from markdown_it import MarkdownIt

    parsed: list[str] = []
    real_parse = MarkdownIt.parse

    def counting_parse(self, text, env=None):
        parsed.append(text)
        return real_parse(self, text, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting_parse)
    return parsed
