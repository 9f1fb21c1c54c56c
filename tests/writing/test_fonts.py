"""Fonts: the missing-glyph check (fontconfig, one query per character) and a Korean slide
printed to PDF with a CJK font embedded."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest

from lecture_tool.writing import fonts
from lecture_tool.writing.html import render_html
from lecture_tool.writing.pdf import print_pdf, warn_missing_glyphs
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide
from lecture_tool.writing.themes import load_theme

KOREAN = "안녕하세요 파이토치"


def _deck(*bodies: str) -> RenderedDeck:
    return RenderedDeck(
        title="fonts",
        theme="default",
        theme_css=load_theme("default", []).css,
        slides=tuple(RenderedSlide(number=k, html=body) for k, body in enumerate(bodies, 1)),
    )


@pytest.fixture
def fake_fontconfig(monkeypatch):
    """fontconfig that knows every character but the ones in `absent`; records its queries."""
    queries: list[str] = []
    absent = {"\u16a0", "\U0001f600"}

    def has_font(char):
        queries.append(char)
        return char not in absent

    monkeypatch.setattr(fonts, "has_fontconfig", lambda: True)
    monkeypatch.setattr(fonts, "char_has_font", has_font)
    return queries


def test_missing_glyphs_asks_once_per_distinct_non_ascii_character(fake_fontconfig):
    assert fonts.missing_glyphs("plain ASCII ᚠ and ᚠ again, é, é, 😀\n") == ["\u16a0", "\U0001f600"]
    assert fake_fontconfig == ["\u16a0", "é", "\U0001f600"]


def test_pdf_check_names_deck_and_slide(tmp_path, fake_fontconfig, caplog):
    page = tmp_path / "03-runes.html"
    page.write_text(render_html(_deck("<h1>Fine</h1>", "<p>rune ᚠ &amp; <b>😀</b></p>")))
    with caplog.at_level(logging.WARNING, logger="lecture_tool.writing.pdf"):
        found = warn_missing_glyphs(page)
    assert found == [(2, "\u16a0\U0001f600")]
    assert caplog.messages == [
        "03-runes slide 2: no installed font has 'ᚠ' (U+16A0), '😀' (U+1F600); the PDF shows "
        "boxes there (install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)"
    ]


def test_fontconfig_finds_fonts_for_korean_greek_and_emoji():
    if not fonts.has_fontconfig():
        pytest.skip("fontconfig (fc-list) not installed")
    for char in ("한", "λ", "\U0001f600"):
        if not fonts.char_has_font(char):
            pytest.fail(f"no font for {char!r}: install fonts-noto-cjk fonts-noto-color-emoji")
    assert fonts.missing_glyphs(KOREAN + " αβγ 😀") == []


@pytest.mark.browser
def test_korean_slide_prints_with_an_embedded_cjk_font(chromium, tmp_path):
    if not (shutil.which("pdffonts") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdffonts, pdftotext) not installed")
    page = tmp_path / "korean.html"
    page.write_text(render_html(_deck(f"<h1>{KOREAN}</h1><p>텐서 tensor</p>")))
    pdf = tmp_path / "korean.pdf"
    print_pdf(page, pdf)
    embedded = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in embedded.splitlines()[2:] if line.strip()]
    # Skia embeds CFF-flavoured CJK fonts (Noto Sans CJK) as unnamed Type 3 fonts: check that
    # every font is embedded and that there is more than the Latin face; which font drew the
    # Korean is asked of the browser below.
    assert rows and all(row[-5] == "yes" for row in rows), embedded  # the `emb` column
    assert any("Type" in row and "3" in row for row in rows), embedded
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert KOREAN in text
    assert "텐서 tensor" in text


@pytest.mark.browser
def test_korean_text_is_drawn_with_a_noto_cjk_font(chromium, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    page_path = tmp_path / "korean.html"
    page_path.write_text(render_html(_deck(f"<h1>{KOREAN}</h1>")))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(java_script_enabled=False)
            page.goto(page_path.as_uri())
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
        finally:
            browser.close()
    families = {font["familyName"] for font in used}
    assert any(family.startswith("Noto Sans CJK") for family in families), families


def _fresh_process(monkeypatch, cache_home):
    """What a new build process starts with: no answers in memory, the cache at `cache_home`."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    for cached in (fonts.char_has_font, fonts._known_glyphs, fonts.installed_fonts_stamp):
        cached.cache_clear()


def test_glyph_answers_are_kept_on_disk_for_the_next_build(monkeypatch, tmp_path):
    queries: list[str] = []

    def fc_list(command, **kwargs):
        char = chr(int(command[1].split("=")[1], 16))
        queries.append(char)
        return subprocess.CompletedProcess(command, 0, "" if char == "\u16a0" else "Noto\n", "")

    monkeypatch.setattr(fonts, "has_fontconfig", lambda: True)
    monkeypatch.setattr(fonts.subprocess, "run", fc_list)
    _fresh_process(monkeypatch, tmp_path)
    assert fonts.missing_glyphs("θ ∑ ᚠ") == ["\u16a0"]
    assert queries == ["θ", "∑", "\u16a0"]
    _fresh_process(monkeypatch, tmp_path)  # the next build: nothing new, nothing asked
    assert fonts.missing_glyphs("∑ θ ᚠ") == ["\u16a0"]
    assert queries == ["θ", "∑", "\u16a0"]
    _fresh_process(monkeypatch, tmp_path)  # one new character: one question
    assert fonts.missing_glyphs("θ λ") == []
    assert queries == ["θ", "∑", "\u16a0", "λ"]
    fonts.char_has_font.cache_clear()
    fonts._known_glyphs.cache_clear()
    fonts.installed_fonts_stamp.cache_clear()
