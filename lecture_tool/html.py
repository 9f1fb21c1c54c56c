"""The self-contained HTML file of a deck: template, inlined CSS and the viewer script."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2

from lecture_tool.rendered import Background, RenderedDeck, RenderedSlide

TEMPLATES = Path(__file__).parent / "templates"

NOTES_HEIGHT_RATIO = 0.6
"""With printed notes each page is the slide plus a notes band this fraction of its height."""

_CSS_PROPERTY = re.compile(r"^(--)?[A-Za-z][A-Za-z0-9-]*$")


def render_html(deck: RenderedDeck, *, print_notes: bool = False) -> str:
    """The deck as one HTML page that presents offline (viewer) and prints one slide a page."""
    notes_height = round(deck.height * NOTES_HEIGHT_RATIO) if print_notes else 0
    return (
        _environment()
        .get_template("deck.html.j2")
        .render(
            deck=deck,
            print_notes=print_notes,
            notes_height=notes_height,
            page_height=deck.height + notes_height,
            viewer_css=_read_template("viewer.css"),
            viewer_js=_script_safe(_read_template("viewer.js")),
        )
    )


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every string is text until a template marks it safe
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["section_style"] = section_style
    env.filters["background_style"] = background_style
    return env


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
    """Inline style of one `<figure class="bg">`."""
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
    # A value from a directive must not end its declaration and start another.
    return re.sub(r"[;{}\n\r]", " ", text).strip()
