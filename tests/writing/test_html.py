"""The deck HTML's structure: Marp-like sections, backgrounds, notes, escaping, no network."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from lecture_tool.writing.html import render_html
from lecture_tool.writing.rendered import Background, RenderedDeck, RenderedSlide
from lecture_tool.writing.themes import load_theme

PNG = "data:image/png;base64,iVBORw0KGgo="


@dataclass
class Section:
    attrs: dict[str, str]
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    notes: str = ""


class _Sections(HTMLParser):
    """Every `<section>` with the tags inside it and the text of its `aside.lt-notes`."""

    def __init__(self):
        super().__init__()
        self.sections: list[Section] = []
        self._open: Section | None = None
        self._in_notes = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "section":
            self._open = Section(attrs)
            self.sections.append(self._open)
        elif self._open is not None:
            self._open.tags.append((tag, attrs))
            if tag == "aside" and attrs.get("class") == "lt-notes":
                self._in_notes = True

    def handle_endtag(self, tag):
        if tag == "section":
            self._open = None
        elif tag == "aside":
            self._in_notes = False

    def handle_data(self, data):
        if self._in_notes and self._open is not None:
            self._open.notes += data


def _sections(html: str) -> list[Section]:
    parser = _Sections()
    parser.feed(html)
    return parser.sections


def _count(section: Section, tag: str, css_class: str | None = None) -> int:
    return sum(
        1
        for t, a in section.tags
        if t == tag and (css_class is None or css_class in a.get("class", "").split())
    )


def _deck(*slides: RenderedSlide, **fields) -> RenderedDeck:
    return RenderedDeck(
        title="T", theme="default", theme_css=load_theme("default", []).css, slides=slides, **fields
    )


def test_sections_are_numbered_from_one(make_deck):
    sections = _sections(render_html(make_deck(4)))
    assert [s.attrs["data-slide"] for s in sections] == ["1", "2", "3", "4"]


def test_class_directive_goes_on_data_class_and_class():
    html = render_html(
        _deck(
            RenderedSlide(1, "<h1>a</h1>", css_class="lead invert"),
            RenderedSlide(2, "<p>b</p>"),
        )
    )
    first, second = _sections(html)
    assert first.attrs["data-class"] == "lead invert"
    assert first.attrs["class"].split() == ["lead", "invert"]
    assert second.attrs["data-class"] == ""
    assert "class" not in second.attrs


def test_paginate_is_true_or_false():
    html = render_html(_deck(RenderedSlide(1, "", paginate=True), RenderedSlide(2, "")))
    assert [s.attrs["data-paginate"] for s in _sections(html)] == ["true", "false"]


def test_header_and_footer_only_when_set():
    html = render_html(
        _deck(
            RenderedSlide(1, "", header_html="<em>Part 1</em>", footer_html="Course"),
            RenderedSlide(2, "", footer_html="Course"),
            RenderedSlide(3, ""),
        )
    )
    counts = [(_count(s, "header"), _count(s, "footer")) for s in _sections(html)]
    assert counts == [(1, 1), (0, 1), (0, 0)]
    assert "<header><em>Part 1</em></header>" in html


def test_one_figure_per_background_with_size_and_filter():
    backgrounds = (Background(PNG, "contain", "grayscale(1)"), Background(PNG), Background(PNG))
    html = render_html(_deck(RenderedSlide(1, "", backgrounds=backgrounds), RenderedSlide(2, "")))
    first, second = _sections(html)
    assert _count(first, "figure", "lt-bg-image") == 3
    assert _count(second, "figure", "lt-bg-image") == 0
    styles = [a["style"] for t, a in first.tags if t == "figure"]
    assert (
        styles[0]
        == f'background-image: url("{PNG}"); background-size: contain; filter: grayscale(1)'
    )
    assert styles[1] == f'background-image: url("{PNG}"); background-size: cover'


def test_split_background_attributes():
    slide = RenderedSlide(
        1,
        "<p>x</p>",
        backgrounds=(Background(PNG),),
        split="right",
        split_size="40%",
        style=(("background-color", "#fff"),),
    )
    (section,) = _sections(render_html(_deck(slide)))
    assert section.attrs["data-split"] == "right"
    assert section.attrs["data-split-size"] == "40%"
    assert section.attrs["style"] == "background-color: #fff; --lt-split: 40%"


def test_unsplit_slide_has_no_split_attributes():
    (section,) = _sections(render_html(_deck(RenderedSlide(1, "", backgrounds=(Background(PNG),)))))
    assert "data-split" not in section.attrs
    assert "style" not in section.attrs


def test_style_declarations_cannot_break_out_of_their_declaration():
    slide = RenderedSlide(1, "", style=(("color", "red; } body { x: y"), ("bad prop", "1")))
    (section,) = _sections(render_html(_deck(slide)))
    assert section.attrs["style"] == "color: red    body   x: y"


def test_notes_are_escaped_text_in_an_aside():
    slide = RenderedSlide(1, "<p>x</p>", notes=("Say <script>alert(1)</script> & smile",))
    html = render_html(_deck(slide, RenderedSlide(2, "")))
    first, second = _sections(html)
    assert _count(first, "aside", "lt-notes") == 1
    assert first.notes == "Say <script>alert(1)</script> & smile"
    assert "Say &lt;script&gt;alert(1)&lt;/script&gt; &amp; smile" in html
    assert _count(second, "aside", "lt-notes") == 0
    assert "<script>alert(1)" not in html


def test_print_notes_adds_a_notes_band_and_taller_pages():
    deck = _deck(RenderedSlide(1, "", notes=("first",)), RenderedSlide(2, ""))
    plain, with_notes = render_html(deck), render_html(deck, print_notes=True)
    assert "@page { size: 1280px 720px; margin: 0; }" in plain
    assert "@page { size: 1280px 1152px; margin: 0; }" in with_notes
    assert with_notes.count('<div class="lt-print-notes">') == 2
    assert plain.count('<div class="lt-print-notes">') == 0


def test_deck_size_reaches_page_and_viewer():
    html = render_html(_deck(RenderedSlide(1, ""), width=960, height=720))
    assert "@page { size: 960px 720px; margin: 0; }" in html
    assert 'data-width="960" data-height="720"' in html
    assert "--lt-w: 960px; --lt-h: 720px;" in html


def test_extra_and_highlight_css_are_in_the_style_element():
    html = render_html(
        _deck(
            RenderedSlide(1, ""),
            extra_css="section { color: #123456; }",
            highlight_css=".lt-code .lt-k { color: #654321 }",
        )
    )
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    assert "section { color: #123456; }" in style
    assert ".lt-code .lt-k { color: #654321 }" in style
    assert style.index("#654321") > style.index("@theme default")  # after the theme: they win


def test_title_is_escaped():
    html = render_html(RenderedDeck(title="A < B", theme="default", theme_css=""))
    assert "<title>A &lt; B</title>" in html


def test_self_contained_no_network_references(make_deck):
    html = render_html(make_deck(3), print_notes=True)
    assert not re.search(r"https?://", html)
    assert not re.search(r"<(link|script)[^>]+(href|src)=", html)
    # The inlined viewer, and the line in <head> that says it will show one slide at a time.
    assert html.count("<script>") == 2


def test_slide_html_is_kept_as_markup(make_deck):
    html = render_html(make_deck(1))
    assert "<h1>Slide 1</h1><p>body 1</p>" in html


ROOT = Path(__file__).resolve().parents[2]
PAGE = """
import hashlib, sys
from lecture_tool.writing.html import render_html
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide
slides = tuple(RenderedSlide(n, f"<h1>{sys.argv[1]} {n}</h1>", notes=("say it",)) for n in (1, 2))
deck = RenderedDeck(title="T", theme="default", theme_css=sys.argv[2], slides=slides)
page = render_html(deck, print_notes=sys.argv[3] == "notes")
print(hashlib.sha256(page.encode()).hexdigest(), "jinja2" in sys.modules)
"""


def _page(cache: Path, text: str, theme_css: str = "section {}", notes: str = "") -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", PAGE, text, theme_css, notes]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, check=True
    ).stdout.split()


def test_an_edited_decks_page_is_drawn_without_jinja_and_as_jinja_draws_it(tmp_path):
    """The page shell (everything but the slides) is kept in a memo: a process that renders
    the deck again with other slide text imports no Jinja, and its page is byte for byte the
    page a process without the memo draws."""
    memo, fresh = tmp_path / "memo", tmp_path / "fresh"
    assert _page(memo, "First")[1] == "True"  # the shell drawn once
    again, was_fresh = _page(memo, "Second"), _page(fresh, "Second")
    assert again == [was_fresh[0], "False"]
    assert was_fresh[1] == "True"
    # Whatever the shell shows is its key: other styles or printed notes draw a new one.
    assert _page(memo, "Second", theme_css="section { color: red }")[1] == "True"
    assert _page(memo, "Second", notes="notes")[1] == "True"
    assert _page(memo, "Third", notes="notes") == [_page(fresh, "Third", notes="notes")[0], "False"]
