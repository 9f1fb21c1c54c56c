"""The self-contained HTML file of a deck: template, inlined CSS and the viewer script."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from functools import cache
from pathlib import Path

import jinja2

from lecture_tool.files import user_cache_dir
from lecture_tool.writing.listing import variant_highlight_css
from lecture_tool.writing.qr import student_links
from lecture_tool.writing.rendered import Background, RenderedDeck, RenderedSlide

TEMPLATES = Path(__file__).parent / "templates"

NOTES_HEIGHT_RATIO = 0.6
"""With printed notes each page is the slide plus a notes band this fraction of its height."""

DEFAULT_LANG = "en-US"
"""`<html lang>` when neither the deck's `lang` directive nor the project sets one (as Marp)."""

_CSS_PROPERTY = re.compile(r"^(--)?[A-Za-z][A-Za-z0-9-]*$")
_MATH = re.compile(r"<math\b[^>]*>(.*?)</math>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_CSS_QUOTED = re.compile(r"""("[^"\n\r{}]*"|'[^'\n\r{}]*')""")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def render_html(deck: RenderedDeck, *, print_notes: bool = False, print_steps: bool = False) -> str:
    """The deck as one HTML page that presents offline (viewer) and prints one slide a page
    (`print_steps`: one page per step of each slide, for `--pdf-steps`)."""
    notes_height = round(deck.height * NOTES_HEIGHT_RATIO) if print_notes else 0
    return render_template(
        "deck.html.j2",
        deck,
        print_notes=print_notes,
        print_steps=print_steps,
        notes_height=notes_height,
        page_height=deck.height + notes_height,
        viewer_js=_script_safe(_read_template("viewer.js")),
        tools_js=_script_safe(_read_template("presenter_tools.js")),
        student_links=student_links(deck),
    )


def render_template(name: str, deck: RenderedDeck, **context) -> str:
    """A template that shows `deck`'s slides, with the styles they need (`_styles.html.j2`)."""
    from lecture_tool.writing.fonts import math_font_css

    math_text = math_characters(deck)
    return (
        _environment()
        .get_template(name)
        .render(
            deck=deck,
            viewer_css=_read_template("viewer.css") + _read_template("presenter_tools.css"),
            variant_highlight_css=variant_highlight_css(deck.theme),
            math_css=math_font_css(math_text) if math_text else "",
            lang=html_lang(deck),
            **context,
        )
    )


def render_sections(deck: RenderedDeck, numbers: set[int]) -> dict[int, str]:
    """The `<section>` markup of slides `numbers`, exactly as the deck's page holds it: what a
    page already showing the deck needs to update those slides in place."""
    template = _environment().from_string('{% include "_section.html.j2" %}')
    return {
        slide.number: template.render(deck=deck, slide=slide)
        for slide in deck.slides
        if slide.number in numbers
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


@cache
@cache
def _environment() -> jinja2.Environment:
    # Compiling the deck template costs a fresh process more than rendering 40 slides with
    # it: the compiled code is kept in the user's cache (Jinja checks each template's source
    # against it), so a build only parses templates after an upgrade.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_QuietBytecodeCache(_template_cache()),
        autoescape=True,  # every string is text until a template marks it safe
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["section_style"] = section_style
    env.filters["background_style"] = background_style
    env.filters["fit_key"] = fit_key
    return env


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be written (read-only or full home) only costs speed."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> str:
    folder = user_cache_dir() / "templates" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: Jinja then only fails to store, and says nothing
        pass
    return str(folder)


def fit_key(slide: RenderedSlide, deck: RenderedDeck) -> str:
    """A hash of what a slide's layout depends on, for the viewer to remember its fit by
    (`data-lt-key`): not its deck line nor its notes, so an edit above it or to its notes
    does not make the viewer measure it again."""
    parts = (
        slide.number, slide.html, slide.css_class, slide.paginate, slide.page,
        slide.header_html, slide.footer_html, slide.backgrounds, slide.split,
        slide.split_size, slide.style, slide.fragments, deck.theme, deck.pages,
        deck.colab_url if slide.number == 1 else "",
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _read_template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _script_safe(js: str) -> str:
    """Inline JS that cannot end its own `<script>` element early."""
    return js.replace("</", "<\\/")


def section_style(slide: RenderedSlide) -> str:
    """The section's style attribute: directive declarations plus the split width."""
    declarations = [(prop, value) for prop, value in slide.style if _CSS_PROPERTY.match(prop)]
    if slide.split:
        declarations.append(("--lt-split", slide.split_size))
    return "; ".join(f"{prop}: {_css_value(value)}" for prop, value in declarations)


def background_style(background: Background) -> str:
    """Inline style of one `<figure class="lt-bg-image">`."""
    parts = [
        f'background-image: url("{_css_string(background.src)}")',
        f"background-size: {_css_value(background.size)}",
    ]
    if background.filter:
        parts.append(f"filter: {_css_value(background.filter)}")
    return "; ".join(parts)


def _css_string(text: str) -> str:
    """`text` made safe inside a double-quoted CSS string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("\r", "")


def _css_value(text: str) -> str:
    # A value from a directive must not end its declaration and start another; inside a
    # quoted string (`url("data:image/png;base64,…")`) a `;` ends nothing and stays.
    parts = _CSS_QUOTED.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"[;{}\n\r]", " ", parts[i])
    return "".join(parts).strip()
