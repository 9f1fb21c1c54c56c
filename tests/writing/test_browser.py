"""The viewer in a real Chromium: keys, #N links, overview, presenter window, scaling."""

from __future__ import annotations

import re

import pytest

from lecture_tool.writing.html import render_html
from lecture_tool.writing.listing import output_block
from lecture_tool.writing.rendered import RenderedSlide

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")


@pytest.fixture
def deck_url(make_deck, tmp_path):
    path = tmp_path / "deck.html"
    path.write_text(render_html(make_deck(5)))
    return path.as_uri()


def visible_slides(page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('#lt-deck > section')]"
        ".filter(s => s.checkVisibility()).map(s => +s.dataset.slide)"
    )


def test_keys_move_and_hash_follows_and_survives_reload(page, deck_url):
    page.goto(deck_url)
    assert visible_slides(page) == [1]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == [3]
    assert page.evaluate("location.hash") == "#3"
    page.reload()
    assert visible_slides(page) == [3]
    page.keyboard.press("End")
    assert visible_slides(page) == [5]
    page.keyboard.press("Space")
    assert visible_slides(page) == [5]  # no slide after the last
    page.keyboard.press("PageUp")
    assert visible_slides(page) == [4]
    page.keyboard.press("Home")
    assert (visible_slides(page), page.evaluate("location.hash")) == ([1], "#1")
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowLeft")
    assert visible_slides(page) == [1]


def test_deep_link_and_hashchange(page, deck_url):
    page.goto(deck_url + "#4")
    assert visible_slides(page) == [4]
    page.evaluate("location.hash = '#2'")
    page.wait_for_function("document.querySelector('[data-slide=\"2\"]').checkVisibility()")
    assert visible_slides(page) == [2]
    page.goto(deck_url + "#99")
    assert visible_slides(page) == [5]


def test_slide_scales_to_the_window(browser, deck_url):
    context = browser.new_context(viewport={"width": 640, "height": 600})
    page = context.new_page()
    page.goto(deck_url)
    box = page.locator('section[data-slide="1"]').bounding_box()
    context.close()
    assert (round(box["width"]), round(box["height"])) == (640, 360)
    assert (round(box["x"]), round(box["y"])) == (0, 120)  # centred vertically


def test_overview_shows_every_slide_and_click_jumps(page, deck_url):
    page.goto(deck_url + "#2")
    page.keyboard.press("o")
    assert page.evaluate("document.documentElement.classList.contains('lt-overview')")
    assert visible_slides(page) == [1, 2, 3, 4, 5]
    page.locator('section[data-slide="4"]').click()
    assert visible_slides(page) == [4]
    assert page.evaluate("location.hash") == "#4"


def test_swipe_left_goes_forward(page, deck_url):
    page.goto(deck_url)
    page.evaluate("""() => {
        const touch = (x) => new Touch({identifier: 1, target: document.body, clientX: x, clientY: 300});
        document.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(900)]}));
        document.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(500)]}));
    }""")
    assert visible_slides(page) == [2]


def test_presenter_window_shows_notes_and_stays_in_sync(page, deck_url):
    page.goto(deck_url + "#2")
    with page.expect_popup() as popup_info:
        page.keyboard.press("p")
    presenter = popup_info.value
    presenter.wait_for_load_state()
    notes = presenter.locator(".lt-pv-notes")
    playwright_api.expect(notes).to_have_text("note for slide 2")
    playwright_api.expect(presenter.locator(".lt-pv-count")).to_have_text("2 / 5")
    # the next slide's preview is a copy of slide 3
    playwright_api.expect(presenter.locator(".lt-pv-next section")).to_have_attribute(
        "data-slide", "3"
    )

    page.keyboard.press("ArrowRight")  # audience → presenter
    playwright_api.expect(notes).to_have_text("note for slide 3")

    presenter.keyboard.press("ArrowRight")  # presenter → audience
    page.wait_for_function("location.hash === '#4'")
    assert visible_slides(page) == [4]
    playwright_api.expect(notes).to_have_text("note for slide 4")
    playwright_api.expect(presenter.locator(".lt-pv-timer")).to_have_text(re.compile(r"^0:0\d$"))


def test_fit_heading_fills_the_slide_width(page, make_deck, tmp_path):
    slide = RenderedSlide(1, '<h1 data-fit="">A fitted heading</h1>')
    path = tmp_path / "fit.html"
    path.write_text(render_html(make_deck(slides=(slide,))))
    page.goto(path.as_uri())
    widths = page.evaluate("""() => {
        const h = document.querySelector('h1');
        const r = document.createRange(); r.selectNodeContents(h);
        return [r.getBoundingClientRect().width, h.clientWidth, parseFloat(h.style.fontSize)];
    }""")
    text_width, heading_width, font_px = widths
    assert font_px > 80  # 16 letters fill 1136 px only in a large font
    assert 0.9 * heading_width < text_width <= heading_width


def test_long_code_lines_shrink_instead_of_overflowing(page, make_deck, tmp_path):
    code = "x = " + " + ".join(f"value_{i}" for i in range(40))
    slide = RenderedSlide(1, f'<pre class="lt-code"><code>{code}</code></pre>')
    path = tmp_path / "code.html"
    path.write_text(render_html(make_deck(slides=(slide,))))
    page.goto(path.as_uri())
    font, overflow = page.evaluate("""() => {
        const pre = document.querySelector('pre');
        return [parseFloat(getComputedStyle(pre).fontSize), pre.scrollWidth - pre.clientWidth];
    }""")
    assert font < 22 and font >= 22 * 0.65
    assert overflow <= 0


def test_an_expected_errors_long_message_wraps_and_the_table_keeps_its_size(
    page, make_deck, tmp_path
):
    table = "tensor([[0.1667, 0.3333, 0.5000]])\n"
    message = "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) " * 2
    plain, raised = (
        output_block(table + message + "\n", raised=flag).replace(
            'class="lt-output"', f'id="{n}" class="lt-output"'
        )
        for n, flag in (("plain", False), ("raised", True))
    )
    slides = (RenderedSlide(1, plain), RenderedSlide(2, raised))
    path = tmp_path / "raised.html"
    path.write_text(render_html(make_deck(slides=slides)))
    page.goto(path.as_uri())
    fonts = page.evaluate(
        "['plain', 'raised'].map(id => parseFloat(getComputedStyle(document.getElementById(id)).fontSize))"
    )
    assert fonts[0] < 0.8 * fonts[1]  # without the mark the message shrinks the table
    page.keyboard.press("ArrowRight")
    lines, overflow = page.evaluate("""() => {
        const pre = document.getElementById('raised');
        return [pre.querySelector('.lt-raised').getClientRects().length,
                pre.scrollWidth - pre.clientWidth];
    }""")
    assert lines >= 2 and overflow <= 0  # with it, the message wraps instead


def test_a_deck_built_by_the_pipeline_navigates(page, tmp_path):
    """The real output of `build`, not a hand-made deck: → twice shows slide 3 at #3."""
    import shutil
    from pathlib import Path

    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parents[1] / "data" / "project", root)
    build(BuildOptions(smoke=True, device="cpu"), project=load_project(root))
    page.goto((root / "build" / "html" / "demo.html").as_uri())
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == [3]
    assert page.evaluate("location.hash") == "#3"
    assert "not a slide break" in page.inner_text("section[data-slide='3']")
