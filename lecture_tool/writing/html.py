"""The self-contained HTML file of a deck: template, inlined CSS and the viewer script."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

from markupsafe import Markup

from lecture_tool.writing.listing import variant_highlight_css
from lecture_tool.writing.memo import DiskMemo
from lecture_tool.writing.qr import student_links
from lecture_tool.writing.rendered import RenderedDeck
from lecture_tool.writing.sections import section_html

TEMPLATES = Path(__file__).parent / "templates"

NOTES_HEIGHT_RATIO = 0.6
"""With printed notes each page is the slide plus a notes band this fraction of its height."""

DEFAULT_LANG = "en-US"
"""`<html lang>` when neither the deck's `lang` directive nor the project sets one (as Marp)."""

_MATH = re.compile(r"<math\b[^>]*>(.*?)</math>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def render_html(deck: RenderedDeck, *, print_notes: bool = False, print_steps: bool = False) -> str:
    """The deck as one HTML page that presents offline (viewer) and prints one slide a page
    (`print_steps`: one page per step of each slide, for `--pdf-steps`).

    The page is its slides' sections inside a shell (head, styles, viewer script) that the
    template draws around a mark; shells are kept in a memo by everything they show, so a
    build of an edited deck whose styles and settings did not change imports no Jinja."""
    notes_height = round(deck.height * NOTES_HEIGHT_RATIO) if print_notes else 0
    context = {
        "deck": {name: getattr(deck, name) for name in _SHELL_DECK_FIELDS},
        "print_notes": print_notes,
        "print_steps": print_steps,
        "notes_height": notes_height,
        "page_height": deck.height + notes_height,
        "viewer_js": _script_safe(_read_template("viewer.js")),
        "tools_js": _script_safe(_read_template("presenter_tools.js")),
        "student_links": [link._asdict() for link in student_links(deck)],
        **_style_context(deck),
    }
    head, tail = _page_shell(json.dumps(context, sort_keys=True)).split(_SLIDES_MARK)
    slides = (section_html(slide, deck, print_notes=print_notes) for slide in deck.slides)
    return head + "".join(f"\n{section}\n" for section in slides) + tail


_SHELL_DECK_FIELDS = (
    "title", "theme", "theme_css", "width", "height", "extra_css", "highlight_css", "colab_url",
)  # fmt: skip
"""What the page shell shows of a deck besides its slides (deck.html.j2, _styles.html.j2)."""

_SLIDES_MARK = "\0lt-slides\0"
"""Where the shell's slides go: a NUL is in no text a deck's page shows."""

_SHELLS = DiskMemo(
    "page-shell",
    sources=(__file__, str(TEMPLATES / "deck.html.j2"), str(TEMPLATES / "_styles.html.j2")),
    libraries=("jinja2",),
    max_entries=256,  # ~100 KB each: styles, the math font subset, the viewer script
)


@_SHELLS
def _page_shell(context: str) -> str:
    """deck.html.j2 drawn from `context` (JSON) with _SLIDES_MARK for the slides."""
    from lecture_tool.writing.jinja_env import environment

    return (
        environment(TEMPLATES)
        .get_template("deck.html.j2")
        .render(**json.loads(context), slides_markup=Markup(_SLIDES_MARK))
    )


def render_template(name: str, deck: RenderedDeck, **context) -> str:
    """A template that shows `deck`'s slides, with the styles they need (`_styles.html.j2`)."""
    from lecture_tool.writing.jinja_env import environment

    template = environment(TEMPLATES).get_template(name)
    return template.render(deck=deck, **_style_context(deck), **context)


def _style_context(deck: RenderedDeck) -> dict[str, str]:
    """What _styles.html.j2 shows besides the deck's own CSS."""
    from lecture_tool.writing.fonts import math_font_css

    math_text = math_characters(deck)
    return {
        "viewer_css": _read_template("viewer.css") + _read_template("presenter_tools.css"),
        "variant_highlight_css": variant_highlight_css(deck.theme),
        "math_css": math_font_css(math_text) if math_text else "",
        "lang": html_lang(deck),
    }


def render_sections(deck: RenderedDeck, numbers: set[int]) -> dict[int, str]:
    """The `<section>` markup of slides `numbers`, exactly as the deck's page holds it: what a
    page already showing the deck needs to update those slides in place."""
    return {
        slide.number: section_html(slide, deck) for slide in deck.slides if slide.number in numbers
    }


def html_lang(deck: RenderedDeck) -> str:
    """The deck's language tag, or DEFAULT_LANG when unset or not a language tag."""
    return deck.lang if _LANG.match(deck.lang) else DEFAULT_LANG


def math_characters(deck: RenderedDeck) -> str:
    """Every character a `<math>` element of the deck shows: its text and what its layout
    draws (what the math font must cover)."""
    from lecture_tool.writing.mathglyphs import drawn_characters

    found: set[str] = set()
    for slide in deck.slides:
        for match in _MATH.finditer(slide.html):
            found.update(html_lib.unescape(_TAG.sub("", match.group(1))))
            # The radical of `<msqrt>` is drawn, not written: the subset must keep it too.
            found.update(drawn_characters(match.group(0)))
    return "".join(sorted(found))


def _read_template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _script_safe(js: str) -> str:
    """Inline JS that cannot end its own `<script>` element early."""
    return js.replace("</", "<\\/")
