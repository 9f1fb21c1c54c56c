"""Typed deck and slide settings: what Marp's global and local directives resolved to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

SIZES: Mapping[str, tuple[int, int]] = MappingProxyType({"16:9": (1280, 720), "4:3": (960, 720)})
"""Marp's slide sizes, width and height in pixels."""

# Marp's directive name for each field whose Python name differs from it.
_SLIDE_KEYS = {
    "css_class": "class",
    "background_color": "backgroundColor",
    "background_image": "backgroundImage",
    "background_position": "backgroundPosition",
    "background_repeat": "backgroundRepeat",
    "background_size": "backgroundSize",
}
_DECK_KEYS = {"heading_divider": "headingDivider"}
# Local directives that become inline CSS on the slide's <section>.
_STYLE_FIELDS = {
    "background_color": "background-color",
    "background_image": "background-image",
    "background_position": "background-position",
    "background_repeat": "background-repeat",
    "background_size": "background-size",
    "color": "color",
}


class _FromDirectives:
    """Building settings from, and back to, directives by their Marp names."""

    _RENAMED: dict[str, str] = {}
    """Marp's name for each field whose Python name differs from it."""

    @classmethod
    def from_directives(cls, values: Mapping[str, Any]):
        """From `{Marp directive name: value}` as the directive reader resolved them."""
        names = (field.name for field in fields(cls))
        return cls(
            **{
                name: values[cls._RENAMED.get(name, name)]
                for name in names
                if cls._RENAMED.get(name, name) in values
            }
        )

    def as_directives(self) -> dict[str, Any]:
        """The directives that are set, by their Marp names (for Marp output and tests)."""
        return {
            self._RENAMED.get(field.name, field.name): value
            for field in fields(self)
            if (value := getattr(self, field.name)) is not None
        }


_IMAGE_DEFAULTS = (
    ("background-position", "center"),
    ("background-repeat", "no-repeat"),
    ("background-size", "cover"),
)


@dataclass(frozen=True)
class SlideSettings(_FromDirectives):
    """A slide's local directives: inherited ones overlaid with its spot (`_key`) ones.

    None means the directive is unset (Marp's default applies).
    """

    css_class: str | None = None
    paginate: bool | None = None
    header: str | None = None
    """Markdown, rendered inline."""
    footer: str | None = None
    color: str | None = None
    background_color: str | None = None
    background_image: str | None = None
    background_position: str | None = None
    background_repeat: str | None = None
    background_size: str | None = None

    _RENAMED = _SLIDE_KEYS

    @property
    def style(self) -> tuple[tuple[str, str], ...]:
        """(CSS property, value) for the directives that style the slide itself, with
        Marpit's defaults: a background colour hides the theme's background image, and a
        background image is centred, not repeated and covers the slide unless told otherwise."""
        declared = {
            css: value
            for name, css in _STYLE_FIELDS.items()
            if (value := getattr(self, name)) is not None
        }
        if self.background_image is not None:
            for css, default in _IMAGE_DEFAULTS:
                declared.setdefault(css, default)
        elif self.background_color is not None:
            declared["background-image"] = "none"
        return tuple(declared.items())


@dataclass(frozen=True)
class DeckSettings(_FromDirectives):
    """A deck's global directives; None means unset."""

    marp: bool | None = None
    theme: str | None = None
    size: str | None = None
    """`16:9` or `4:3` (checked when read)."""
    math: str | None = None
    heading_divider: int | tuple[int, ...] | bool | None = None
    style: str | None = None
    """Extra CSS from the `style` directive."""
    lang: str | None = None
    title: str | None = None
    description: str | None = None
    author: str | None = None
    keywords: tuple[str, ...] | str | None = None
    url: str | None = None
    image: str | None = None

    _RENAMED = _DECK_KEYS
