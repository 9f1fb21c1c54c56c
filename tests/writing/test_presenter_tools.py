"""The presenter tools (presenter_tools.js) in a real Chromium, from a file:// deck: black
screen, go to slide, the key list, laser, QR code, clock and timer, notes size, wheel,
on-screen buttons, wake lock, swipes; sync surviving a reload of either window; nothing of
them printed."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from lecture_tool.writing.html import render_html
from lecture_tool.writing.qr import qr_svg

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = playwright_api.expect

SHOTS = Path("/work/shots")
ACTIVE = "+document.querySelector('#lt-deck > section[data-lt-active]').dataset.slide"


@pytest.fixture
def deck_url(make_deck, tmp_path):
    path = tmp_path / "deck.html"
    path.write_text(render_html(make_deck(6)))
    return path.as_uri()


def _slide(page) -> int:
    return page.evaluate(ACTIVE)


def _open_presenter(page):
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_load_state()
    presenter.wait_for_selector(".lt-pv-timer")
    return presenter


def test_b_blacks_the_screen_in_both_windows_and_back(page, deck_url):
    page.goto(deck_url + "#2")
    presenter = _open_presenter(page)
    black = page.locator(".lt-black-screen")
    expect(black).to_be_hidden()
    page.keyboard.press("b")
    expect(black).to_be_visible()
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.lt-black-screen')).backgroundColor"
        )
        == "rgb(0, 0, 0)"
    )
    # The presenter sees that the audience's screen is black, over its current slide only.
    on_top = (
        "(() => { const r = document.querySelector('.lt-pv-current').getBoundingClientRect();"
        " const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        " return !!e.closest('.lt-black-screen'); })()"
    )
    presenter.wait_for_function(on_top)
    assert (
        presenter.locator(".lt-black-screen").inner_text() == "the audience sees a black screen (b)"
    )
    expect(presenter.locator(".lt-pv-notes")).to_be_visible()
    notes_box = presenter.locator(".lt-pv-notes").bounding_box()
    hit = presenter.evaluate(
        f"!!document.elementFromPoint({notes_box['x'] + 20}, {notes_box['y'] + 20})"
        ".closest('.lt-pv-notes')"
    )
    assert hit  # notes stay readable
    presenter.keyboard.press("b")  # and back, from the presenter window
    expect(black).to_be_hidden()
    page.keyboard.press(".")
    presenter.wait_for_function(on_top)


def test_g_then_a_number_goes_to_that_slide(page, deck_url):
    page.goto(deck_url + "#1")
    page.keyboard.press("g")
    expect(page.locator(".lt-goto")).to_have_text("go to slide … of 6")
    page.keyboard.type("5")
    expect(page.locator(".lt-goto")).to_have_text("go to slide 5 of 6")
    page.keyboard.press("Enter")  # goes to 5, and is not also "next" (6)
    assert _slide(page) == 5
    expect(page.locator(".lt-goto")).to_be_hidden()
    page.keyboard.press("g")
    page.keyboard.type("2")
    page.keyboard.press("Escape")  # never mind
    assert _slide(page) == 5
    page.keyboard.press("g")
    page.keyboard.type("12")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    assert _slide(page) == 1
    assert page.evaluate("location.hash") == "#1"


def test_question_mark_lists_every_key(page, deck_url):
    page.goto(deck_url + "#2")
    page.keyboard.press("?")
    overlay = page.locator(".lt-help")
    expect(overlay).to_be_visible()
    text = overlay.inner_text()
    for key in ("b or .", "g, a number, Enter", "l", "q", "o", "f", "p", "+ / −", "t", "?",
                "Home / End", "mouse wheel, swipe"):  # fmt: skip
        assert re.search(rf"(^|\n){re.escape(key)}\t", text), key
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "key-overlay.png"))
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()
    assert _slide(page) == 2


def test_presenter_clock_timer_pause_reset_and_notes_size(page, deck_url):
    page.goto(deck_url + "#2")
    presenter = _open_presenter(page)
    expect(presenter.locator(".lt-pv-clock")).to_have_text(re.compile(r"^\d{1,2}:\d\d$"))
    timer = presenter.locator(".lt-pv-timer")
    # Started 65 s ago: a reload of the presenter window keeps the talk's time.
    presenter.evaluate(
        "sessionStorage.setItem('lt-timer', JSON.stringify({start: Date.now() - 65000, pausedAt: null}))"
    )
    presenter.reload()
    expect(timer).to_have_text(re.compile(r"^1:0[5-9]$"))
    presenter.keyboard.press("t")  # pause
    expect(presenter.locator(".lt-pv-pause")).to_have_text("resume")
    paused = timer.inner_text()
    presenter.wait_for_timeout(1300)
    assert timer.inner_text() == paused
    presenter.locator(".lt-pv-pause").click()  # resume
    expect(presenter.locator(".lt-pv-pause")).to_have_text("pause")
    presenter.locator(".lt-pv-reset").click()
    expect(timer).to_have_text(re.compile(r"^0:0\d$"))

    notes = presenter.locator(".lt-pv-notes")
    size = lambda: float(notes.evaluate("n => getComputedStyle(n).fontSize")[:-2])  # noqa: E731
    before = size()
    presenter.keyboard.press("+")
    presenter.keyboard.press("+")
    assert size() == before + 4
    presenter.keyboard.press("-")
    assert size() == before + 2
    presenter.locator(".lt-pv-larger").click()
    assert size() == before + 4
    presenter.reload()  # kept
    assert size() == before + 4
    # The presenter's sync survived its reload: both directions.
    presenter.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#3'")
    page.keyboard.press("ArrowRight")
    expect(notes).to_have_text("note for slide 4")
    presenter.set_viewport_size({"width": 1280, "height": 760})
    SHOTS.mkdir(parents=True, exist_ok=True)
    presenter.screenshot(path=str(SHOTS / "presenter-window.png"))


def test_reloading_the_audience_keeps_audience_to_presenter_sync(page, deck_url):
    page.goto(deck_url + "#2")
    presenter = _open_presenter(page)
    notes = presenter.locator(".lt-pv-notes")
    expect(notes).to_have_text("note for slide 2")
    page.reload()
    page.wait_for_function("window.ltViewer && window.ltViewer.hasPeer()", timeout=5000)
    page.keyboard.press("ArrowRight")
    expect(notes).to_have_text("note for slide 3")
    presenter.keyboard.press("b")  # and the tools' state reaches the reloaded window
    expect(page.locator(".lt-black-screen")).to_be_visible()


def test_wheel_and_on_screen_buttons_step_and_the_buttons_hide_at_rest(page, deck_url):
    page.goto(deck_url + "#2")
    page.mouse.move(640, 360)
    page.mouse.wheel(0, 120)
    page.wait_for_function(f"{ACTIVE} === 3")
    page.wait_for_timeout(400)  # one flick is one step
    page.mouse.wheel(0, -120)
    page.wait_for_function(f"{ACTIVE} === 2")
    nav = page.locator(".lt-nav")
    page.mouse.move(600, 300)
    page.mouse.move(620, 320)
    expect(nav).to_have_css("opacity", "1")
    page.locator(".lt-nav-next").click()
    assert _slide(page) == 3
    page.locator(".lt-nav-prev").click()
    page.locator(".lt-nav-prev").click()
    assert _slide(page) == 1
    page.mouse.move(300, 300)  # off the buttons, then rest
    expect(nav).to_have_css("opacity", "0", timeout=5000)


def test_laser_follows_the_mouse_in_both_windows(page, deck_url):
    page.goto(deck_url + "#2")
    presenter = _open_presenter(page)
    page.keyboard.press("l")
    page.mouse.move(320, 180)  # a quarter of the way across and down the audience's slide
    page.mouse.move(321, 181)
    dot = page.locator(".lt-laser")
    expect(dot).to_be_visible()
    box = dot.bounding_box()
    assert (
        abs(box["x"] + box["width"] / 2 - 321) < 2 and abs(box["y"] + box["height"] / 2 - 181) < 2
    )
    far = presenter.locator(".lt-laser")
    expect(far).to_be_visible()
    deck = presenter.evaluate(
        "(() => { const r = document.getElementById('lt-deck').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()"
    )
    spot = far.bounding_box()
    fx = (spot["x"] + spot["width"] / 2 - deck[0]) / deck[2]
    fy = (spot["y"] + spot["height"] / 2 - deck[1]) / deck[3]
    assert abs(fx - 321 / 1280) < 0.01 and abs(fy - 181 / 720) < 0.01
    page.keyboard.press("l")
    expect(dot).to_be_hidden()
    expect(far).to_be_hidden()


def test_q_shows_the_student_links_qr_codes(page, make_deck, tmp_path):
    deck = dataclasses.replace(
        make_deck(3),
        published_url="https://example.org/course/talk.html",
        colab_url="https://colab.research.google.com/github/o/r/blob/main/talk.ipynb",
    )
    path = tmp_path / "qr.html"
    path.write_text(render_html(deck))
    page.goto(path.as_uri())
    box = page.locator(".lt-qr")
    expect(box).to_be_hidden()
    page.keyboard.press("q")
    expect(box).to_be_visible()
    codes = box.locator("svg.lt-qr-code")
    assert codes.count() == 2
    assert codes.first.bounding_box()["width"] > 200  # readable from the room
    # The code drawn is segno's for that URL (its modules: the dark path).
    drawn = box.locator('svg path[stroke="#000"]').first.get_attribute("d")
    assert drawn == re.search(r'stroke="#000" d="([^"]+)"', qr_svg(deck.published_url)).group(1)
    expect(box).to_contain_text("https://example.org/course/talk.html")
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()


def test_q_without_a_configured_link_says_how_to_set_one(page, deck_url):
    page.goto(deck_url)
    page.keyboard.press("q")
    expect(page.locator(".lt-qr")).to_contain_text("publish_url")


def test_nothing_of_the_tools_is_printed(page, make_deck, tmp_path):
    deck = dataclasses.replace(make_deck(3), published_url="https://example.org/t.html")
    path = tmp_path / "print.html"
    path.write_text(render_html(deck))
    page.goto(path.as_uri())
    page.keyboard.press("b")
    page.keyboard.press("q")
    page.keyboard.press("?")
    page.keyboard.press("l")
    page.mouse.move(400, 300)
    page.mouse.move(410, 300)
    assert page.evaluate(
        "[...document.querySelectorAll('.lt-tool')].some(e => e.checkVisibility())"
    )
    page.emulate_media(media="print")
    shown = page.evaluate(
        "[...document.querySelectorAll('.lt-tool, .lt-tool *, svg')]"
        ".filter(e => e.checkVisibility()).map(e => e.className.baseVal ?? e.className)"
    )
    assert shown == []
    assert page.evaluate(
        "[...document.querySelectorAll('#lt-deck > section')].every(s => s.checkVisibility())"
    )


def test_wake_lock_is_requested_while_presenting_and_again_after_release(browser, deck_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    # The headless browser has no screen to keep awake: a recording stand-in for the API.
    context.add_init_script("""
        window.__locks = [];
        Object.defineProperty(navigator, 'wakeLock', { value: { request: function (type) {
            const sentinel = new EventTarget();
            sentinel.release = () => sentinel.dispatchEvent(new Event('release'));
            window.__locks.push(type); window.__sentinel = sentinel;
            return Promise.resolve(sentinel);
        } } });
    """)
    page = context.new_page()
    page.goto(deck_url)
    assert page.evaluate("window.__locks") == []
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.documentElement.dataset.ltWakeLock === 'held'")
    assert page.evaluate("window.__locks") == ["screen"]
    page.evaluate("window.__sentinel.release()")  # the browser lets go when the tab hides
    page.wait_for_function("document.documentElement.dataset.ltWakeLock === 'released'")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("document.documentElement.dataset.ltWakeLock === 'held'")
    assert page.evaluate("window.__locks") == ["screen", "screen"]
    context.close()


def test_a_right_swipe_goes_back_one_step_not_browser_back(browser, deck_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, has_touch=True)
    page = context.new_page()
    before = tmp_path / "before.html"
    before.write_text("<p>the page before the deck</p>")
    page.goto(before.as_uri())
    page.goto(deck_url + "#3")
    cdp = context.new_cdp_session(page)

    def swipe(x0: int, x1: int) -> None:
        points = [x0 + (x1 - x0) * k // 8 for k in range(9)]
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": points[0], "y": 360}]},
        )
        for x in points[1:]:
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [{"x": x, "y": 360}]},
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    swipe(100, 700)  # right: back one step
    page.wait_for_function(f"{ACTIVE} === 2")
    assert page.url.endswith("deck.html#2")
    swipe(900, 300)  # left: forward
    page.wait_for_function(f"{ACTIVE} === 3")
    # The browser's own swipe-to-go-back is off while the deck steps (Chrome honours this).
    assert page.evaluate("getComputedStyle(document.documentElement).overscrollBehaviorX") == "none"
    assert page.evaluate("getComputedStyle(document.body).touchAction") == "none"
    assert page.url.endswith("deck.html#3")
    context.close()


def test_fullscreen_returns_after_a_reload_on_the_next_key(page, deck_url):
    page.goto(deck_url + "#2")
    page.keyboard.press("f")
    page.wait_for_function("!!document.fullscreenElement")
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('lt-fullscreen-pending')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("!!document.fullscreenElement")
    assert _slide(page) == 3


def test_publish_url_and_notebook_url_become_the_decks_qr_codes(tmp_path):
    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    (tmp_path / "pyproject.toml").write_text(
        "[tool.lecture_tool]\n"
        'publish_url = "https://example.org/course/"\n'
        'notebook_url = "https://colab.research.google.com/github/o/r/blob/main/notebooks"\n'
    )
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "talk.md").write_text("# Talk\n")
    project = load_project(tmp_path)
    report = build(BuildOptions(targets=("html",)), project)
    assert not report.problems
    html = (tmp_path / "build" / "html" / "talk.html").read_text()
    codes = re.search(r'<template id="lt-qr-codes">(.*?)</template>', html, re.DOTALL).group(1)
    assert codes.count('class="lt-qr-code"') == 2
    assert "These slides: https://example.org/course/talk.html" in codes
    assert qr_svg("https://example.org/course/talk.html") in codes
