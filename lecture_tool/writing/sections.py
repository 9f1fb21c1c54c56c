"""One slide's `<section>`, as Marp structures it: backgrounds, header, body, footer, notes.

Written in Python rather than a Jinja template: a deck page is assembled from its sections
and a page shell (html.py), and a build that changed one slide renders that slide's section
without importing Jinja at all (the shell comes from the page memo). Text is escaped as
Jinja's autoescape does (`markupsafe.escape`), so the markup is the same either way.
"""

from __future__ import annotations

import hashlib
import re

from markupsafe import escape

from lecture_tool.writing.rendered import Background, RenderedDeck, RenderedSlide

STANDIN_BADGE = '<div class="lt-standin" role="note">synthetic stand-in data</div>'

_CSS_PROPERTY = re.compile(r"^(--)?[A-Za-z][A-Za-z0-9-]*$")
_CSS_QUOTED = re.compile(r"""("[^"\n\r{}]*"|'[^'\n\r{}]*')""")


def section_html(slide: RenderedSlide, deck: RenderedDeck, *, print_notes: bool = False) -> str:
    """The slide's `<section>` between newlines; with `print_notes`, followed by the band of
    notes printed under it."""
    number = slide.number
    parts = [
        f'\n<section id="{number}" data-slide="{number}" data-lt-key="{fit_key(slide, deck)}"'
        f' data-class="{escape(slide.css_class)}"'
    ]
    if slide.css_class:
        parts.append(f' class="{escape(slide.css_class)}"')
    paginate = slide.paginate_value or ("true" if slide.paginate else "false")
    parts.append(f'\n  data-paginate="{escape(paginate)}" data-theme="{escape(deck.theme)}"')
    if slide.paginate:
        total = deck.pages or len(deck.slides)
        parts.append(
            f' data-marpit-pagination="{slide.page or number}"'
            f' data-marpit-pagination-total="{total}"'
        )
    parts += [f' data-color="{escape(value)}"' for prop, value in slide.style if prop == "color"]
    if slide.fragments:
        parts.append(f' data-marpit-fragments="{slide.fragments}"')
    if slide.split:
        parts.append(
            f' data-split="{escape(slide.split)}" data-split-size="{escape(slide.split_size)}"'
        )
    if style := section_style(slide):
        parts.append(f' style="{escape(style)}"')
    parts.append(">")
    if slide.backgrounds:
        parts.append('\n<div class="lt-bg" aria-hidden="true">')
        for background in slide.backgrounds:
            text = f' data-lt-figure-text="{escape(background.text)}"' if background.text else ""
            style = escape(background_style(background))
            parts.append(f'\n<figure class="lt-bg-image" style="{style}"{text}></figure>')
        parts.append("\n</div>")
    if slide.header_html is not None:
        parts.append(f"\n<header>{slide.header_html}</header>")
    parts.append(f"\n{slide.html}")
    if slide.standin:
        parts.append(f"\n{STANDIN_BADGE}")
    if number == 1 and deck.colab_url:
        parts.append(
            f'\n<a class="lt-colab" href="{escape(deck.colab_url)}" target="_blank"'
            ' rel="noopener">Open in Colab</a>'
        )
    if slide.footer_html is not None:
        parts.append(f"\n<footer>{slide.footer_html}</footer>")
    if slide.notes:
        parts.append(f'\n<aside class="lt-notes">{_paragraphs(slide.notes)}</aside>')
    parts.append("\n</section>\n")
    if print_notes:
        parts.append(f'\n<div class="lt-print-notes">{_paragraphs(slide.notes)}</div>')
    return "".join(parts)


def _paragraphs(notes: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(note)}</p>" for note in notes)


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
