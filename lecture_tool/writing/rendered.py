"""What rendering hands to the HTML template: a deck of slides as safe markup plus layout facts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Background:
    """One `![bg …](src)` image of a slide."""

    src: str
    """A `data:` URI (everything is inlined so the deck works offline)."""
    size: str = "cover"
    """CSS background-size: `cover`, `contain`, `auto` or a percentage such as `50%`."""
    filter: str = ""
    """CSS filter from Marp filter keywords (`grayscale`, `blur:4px` …), empty when none."""
    text: str = ""
    """A snippet figure's `data-lt-figure-text` (see render.py `_figure_text`), else empty."""


@dataclass(frozen=True)
class Formula:
    """One `$…$` or `$$…$$` of a slide, as written and as MathML."""

    line: int
    """Its line in the deck file."""
    tex: str
    mathml: str


@dataclass(frozen=True)
class RenderedSlide:
    """One slide, ready for the template."""

    number: int
    """1-based slide number (`<section data-slide="N">`)."""
    html: str
    """The slide body as safe HTML markup (captured text inside it is already escaped)."""
    css_class: str = ""
    """The `class` directive's value, space-separated classes; empty when unset."""
    paginate: bool = False
    """Show the page number (`paginate: true` or `hold`)."""
    paginate_value: str = ""
    """The directive's value as Marp writes it in `data-paginate` (true, false, hold, skip);
    empty: `true` or `false` as `paginate` says."""
    page: int = 0
    """Marpit's page number (0: the slide number)."""
    header_html: str | None = None
    """Rendered inline markdown of the `header` directive, None when unset."""
    footer_html: str | None = None
    notes: tuple[str, ...] = ()
    """Presenter notes as plain text (the template escapes them)."""
    backgrounds: tuple[Background, ...] = ()
    split: str | None = None
    """`left` or `right` when the backgrounds use `bg left`/`bg right`: they take one side."""
    split_size: str = "50%"
    """Width of the background side of a split slide."""
    style: tuple[tuple[str, str], ...] = ()
    """Extra CSS declarations on the section from directives (`background-color`, `color` …)."""
    fragments: int = 0
    """How many fragmented list items (`*`, `1)`) the slide has: `data-marpit-fragments`."""
    line: int = 0
    """The slide's first line in the deck file (0: unknown)."""
    pre_lines: tuple[int, ...] = ()
    """The deck line of each `<pre>` in `html`, in order (where an overflow report points)."""
    formulas: tuple[Formula, ...] = ()
    """The slide's formulas (the build checks that a font can draw each glyph they need)."""
    standin: bool = False
    """It shows an output or figure computed from stand-in data: the template adds a badge."""


@dataclass(frozen=True)
class RenderedDeck:
    """A whole deck, ready for the template."""

    title: str
    theme: str
    """Theme name (`default`, `gaia`, `uncover` or a user theme)."""
    theme_css: str
    """The theme's CSS text."""
    width: int = 1280
    height: int = 720
    extra_css: str = ""
    """The deck's `style` directive."""
    highlight_css: str = ""
    """Pygments token styles for `.lt-code` code blocks."""
    slides: tuple[RenderedSlide, ...] = field(default_factory=tuple)
    pages: int = 0
    """The pagination total (0: the number of slides)."""
    colab_url: str = ""
    """Where this deck's notebook opens in Colab (`notebook_url` in the project), or ''."""
    published_url: str = ""
    """Where students find this deck's HTML (`publish_url` in the project), or ''."""
    lang: str = ""
    """`<html lang>`: the deck's `lang` directive, else the project's; empty for the default."""
