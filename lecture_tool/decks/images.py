"""Marp image keywords: what `![bg left:40% contain grayscale](src)` asks of an image."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Marp sizes backgrounds with these words; `fit` is its alias for `contain`.
_BG_SIZES = {"auto": "auto", "contain": "contain", "cover": "cover", "fit": "contain"}
_SPLIT = re.compile(r"^(left|right)(?::((?:\d*\.)?\d+%))?$")
_PERCENT = re.compile(r"^(?:\d*\.)?\d+%$")
_LENGTH = re.compile(r"^(w|width|h|height):((?:\d*\.)?\d+(?:%|ch|cm|em|ex|in|mm|pc|pt|px)?|auto)$")
_FILTER = re.compile(
    r"^(blur|brightness|contrast|grayscale|hue-rotate|invert|opacity|saturate|sepia)"
    r"(?::(.+))?$"
)
# Marpit's defaults for a filter keyword given without a value.
_FILTER_DEFAULTS = {
    "blur": "10px",
    "brightness": "1.5",
    "contrast": "2",
    "grayscale": "1",
    "hue-rotate": "180deg",
    "invert": "1",
    "opacity": ".5",
    "saturate": "2",
    "sepia": "1",
}
_DROP_SHADOW = re.compile(r"^drop-shadow(?::(.+))?$")
_DROP_SHADOW_DEFAULT = "0 5px 10px rgba(0,0,0,.4)"
# Filter values end up inside a `style` attribute, so only plain CSS tokens pass: a value
# such as `1px);background:url(x)` would otherwise inject CSS. Marpit escapes; we refuse,
# which leaves the word in the alt text where the author sees it.
_CSS_TOKEN = re.compile(r"^[-+]?[\w.%#]+$")
_CSS_COLOR_FUNC = re.compile(r"^(?:rgba?|hsla?|hwb|(?:ok)?(?:lab|lch)|color)\([\w.%#+\-, /]*\)$")


@dataclass(frozen=True)
class ImageSpec:
    """The Marp keywords found in one image's alt text, as CSS-ready values."""

    alt: str
    """Alt text left after removing the keywords (words joined by single spaces)."""
    background: bool = False
    """`bg` present: the image is a slide background, not an inline image."""
    split: str | None = None
    """`left` or `right` for `bg left` / `bg right`: the background takes that side."""
    split_size: str | None = None
    """Width of the background side (`bg left:45%` → `45%`); None means Marp's 50%."""
    size: str | None = None
    """Background size: `cover` (the default for `bg`), `contain`, `auto` or `N%`.
    On an inline image only `N%` sets it; None there when absent."""
    width: str | None = None
    """CSS length from `w:`/`width:` (`w:560` → `560px`, `w:50%` → `50%`)."""
    height: str | None = None
    """CSS length from `h:`/`height:`."""
    center: bool = False
    """Legacy Marp `center` keyword (the pre-2019 app centred inline images with it)."""
    filters: tuple[str, ...] = ()
    """CSS filter functions in keyword order (`grayscale` → `grayscale(1)`)."""
    direction: str | None = None
    """`vertical` or `horizontal`: how several `bg` images of one slide are laid out."""


def parse_image_alt(alt: str) -> ImageSpec:
    """Split an image's alt text into Marp keywords and the alt text that remains."""
    words = alt.split()
    background = "bg" in words
    values: dict[str, str] = {}
    filters: list[str] = []
    left = [w for w in words if not _take_keyword(w, background, values, filters)]
    return ImageSpec(
        alt=" ".join(left),
        background=background,
        split=values.get("split"),
        split_size=values.get("split_size"),
        size=values.get("size", "cover" if background else None),
        width=values.get("width"),
        height=values.get("height"),
        center="center" in values,
        filters=tuple(filters),
        direction=values.get("direction"),
    )


def _take_keyword(word: str, background: bool, values: dict[str, str], filters: list[str]) -> bool:
    """Record `word` in `values`/`filters` when it is a keyword; False for plain alt text."""
    if _PERCENT.match(word):
        values["size"] = word
        return True
    if m := _LENGTH.match(word):
        value = m.group(2)
        # Marp reads a bare number as pixels.
        if re.fullmatch(r"(?:\d*\.)?\d+", value):
            value += "px"
        values["width" if m.group(1).startswith("w") else "height"] = value
        return True
    if word == "center":
        values["center"] = "center"
        return True
    if (css := _filter_css(word)) is not None:
        filters.append(css)
        return True
    # Marp reads these words as keywords only on a background image.
    if not background:
        return False
    if word == "bg":
        return True
    if word in _BG_SIZES:
        values["size"] = _BG_SIZES[word]
        return True
    if m := _SPLIT.match(word):
        values["split"] = m.group(1)
        if m.group(2):
            values["split_size"] = m.group(2)
        return True
    if word in ("vertical", "horizontal"):
        values["direction"] = word
        return True
    return False


def _filter_css(word: str) -> str | None:
    """The CSS filter function for a filter keyword, or None when `word` is not one."""
    if m := _FILTER.match(word):
        name, value = m.group(1), m.group(2)
        if value is None:
            value = _FILTER_DEFAULTS[name]
        elif not _CSS_TOKEN.match(value):
            return None
        return f"{name}({value})"
    if m := _DROP_SHADOW.match(word):
        if m.group(1) is None:
            return f"drop-shadow({_DROP_SHADOW_DEFAULT})"
        args = _split_args(m.group(1))
        # Marp's form is drop-shadow:x,y[,blur[,color]].
        if not 2 <= len(args) <= 4:
            return None
        if not all(_CSS_TOKEN.match(a) or _CSS_COLOR_FUNC.match(a) for a in args):
            return None
        return f"drop-shadow({' '.join(args)})"
    return None


def _split_args(text: str) -> list[str]:
    """Split on commas that are not inside parentheses (`rgba(0,0,0,.5)` stays whole)."""
    args, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            args.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    args.append(current)
    return args


def placeholder_uri(text: str, width: int = 640, height: int = 360) -> str:
    """A hatched box saying `text`, as a `data:` URI: it stands in for an image that is
    missing (or did not run here) so the slide keeps its layout — split, size, place."""
    from base64 import b64encode
    from xml.sax.saxutils import escape

    shown = text if len(text) <= 60 else "…" + text[-59:]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        '<defs><pattern id="h" width="14" height="14" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="14" fill="#d9d9d9"/></pattern>'
        "</defs>"
        '<rect width="100%" height="100%" fill="#f4f4f4"/>'
        '<rect width="100%" height="100%" fill="url(#h)"/>'
        f'<rect x="2" y="2" width="{width - 4}" height="{height - 4}" fill="none" '
        'stroke="#b00020" stroke-width="4" stroke-dasharray="12 8"/>'
        f'<rect x="{width / 2 - 290}" y="{height / 2 - 24}" width="580" height="48" '
        'fill="#fff" opacity="0.9"/>'
        f'<text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="22" fill="#b00020">{escape(shown)}</text></svg>'
    )
    return "data:image/svg+xml;base64," + b64encode(svg.encode("utf-8")).decode("ascii")
