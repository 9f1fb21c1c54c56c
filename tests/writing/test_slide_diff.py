"""What `serve` sends an open tab after a rebuild: the changed slides, new styles, or reload."""

from __future__ import annotations

import dataclasses
import json

from lecture_tool.commands.serve_swap import PageMemory
from lecture_tool.writing.html import render_html
from lecture_tool.writing.slide_diff import diff_pages, split_page


def _with_slide(deck, number: int, html: str):
    slides = tuple(
        dataclasses.replace(slide, html=html) if slide.number == number else slide
        for slide in deck.slides
    )
    return dataclasses.replace(deck, slides=slides)


def test_a_page_splits_into_its_slides(make_deck):
    page = split_page(render_html(make_deck(4)))
    assert len(page.sections) == 4
    assert page.sections[2].startswith('<section id="3" data-slide="3"')
    assert page.sections[2].endswith("</section>") and "<h1>Slide 3</h1>" in page.sections[2]
    assert "@page" in page.styles
    assert split_page("<html><body>not a deck</body></html>") is None


def test_a_text_edit_swaps_that_slide_only(make_deck):
    deck = make_deck(4)
    edited = _with_slide(deck, 3, "<h1>Slide 3</h1><p>new words</p>")
    swap = diff_pages(render_html(deck), render_html(edited))
    assert [number for number, _ in swap.slides] == [3]
    assert "new words" in swap.slides[0][1] and swap.slides[0][1].startswith("<section id=")
    assert swap.styles is None


def test_a_raw_section_inside_a_slide_is_part_of_that_slide(make_deck):
    deck = make_deck(3)
    nested = _with_slide(deck, 2, '<p>a</p>\n<section id="9" data-slide="9">inner</section>')
    page = split_page(render_html(nested))
    assert len(page.sections) == 3 and "inner" in page.sections[1]


def test_new_styles_come_with_the_swap(make_deck):
    deck = make_deck(3)
    styled = dataclasses.replace(deck, theme_css=deck.theme_css + "\nh1 { color: red; }")
    swap = diff_pages(render_html(deck), render_html(styled))
    assert swap.slides == () and "h1 { color: red; }" in swap.styles


def test_structure_changes_reload(make_deck):
    deck = make_deck(3)
    page = render_html(deck)
    assert diff_pages(page, render_html(make_deck(4))) is None  # a slide more
    assert diff_pages(page, render_html(dataclasses.replace(deck, theme="gaia"))) is None
    assert diff_pages(page, render_html(make_deck(3, width=960, height=720))) is None
    assert diff_pages(page, page).empty


def test_the_server_sends_swap_then_reload_and_nothing_when_unchanged(make_deck, tmp_path):
    page = tmp_path / "talk.html"
    memory = PageMemory()
    page.write_text(render_html(make_deck(3)))
    memory.remember(page)
    assert memory.event_for(page) is None
    page.write_text(render_html(_with_slide(make_deck(3), 2, "<p>edited</p>")))
    event = memory.event_for(page)
    data = json.loads(event.data)
    assert event.kind == "swap" and data["page"] == "talk.html" and data["styles"] is None
    assert [slide["n"] for slide in data["slides"]] == [2] and "edited" in data["slides"][0]["html"]
    assert b"\n" not in event.encode()[:-2].split(b"data: ", 1)[1]  # one line of data
    page.write_text(render_html(make_deck(5)))
    assert (memory.event_for(page).kind, memory.event_for(page)) == ("reload", None)
