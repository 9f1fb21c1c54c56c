"""`mathvariant` as the Unicode characters browsers draw.

MathML Core (what Chromium implements) honours only `mathvariant="normal"`. latex2mathml
writes `\\boldsymbol{x}`, `\\mathbf{Wx}`, `\\mathscr{F}` or `\\mathbb{1}` as plain letters with a
`mathvariant` attribute, which Chromium ignores: the formula silently loses its bold or its
script. The Mathematical Alphanumeric Symbols block (U+1D400…) holds each styled letter as a
character of its own, which is what MathJax and TeX show; `\\textbf{…}` (an `<mtext>`) keeps
its spaces and punctuation, so it gets CSS instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the trees come from mathml.py, only for formulas no memo knows
    from xml.etree.ElementTree import Element

# Per variant: first code point of A…Z, of a…z, of 0…9, of Greek Α…Ω and of α…ω (None: none).
_BLOCKS: dict[str, tuple[int, int, int | None, int | None, int | None]] = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2),
    "italic": (0x1D434, 0x1D44E, None, 0x1D6E2, 0x1D6FC),
    "bold-italic": (0x1D468, 0x1D482, None, 0x1D71C, 0x1D736),
    "script": (0x1D49C, 0x1D4B6, None, None, None),
    "bold-script": (0x1D4D0, 0x1D4EA, None, None, None),
    "fraktur": (0x1D504, 0x1D51E, None, None, None),
    "bold-fraktur": (0x1D56C, 0x1D586, None, None, None),
    "double-struck": (0x1D538, 0x1D552, 0x1D7D8, None, None),
    "sans-serif": (0x1D5A0, 0x1D5BA, 0x1D7E2, None, None),
    "bold-sans-serif": (0x1D5D4, 0x1D5EE, 0x1D7EC, 0x1D756, 0x1D770),
    "sans-serif-italic": (0x1D608, 0x1D622, None, None, None),
    "monospace": (0x1D670, 0x1D68A, 0x1D7F6, None, None),
}
# Letters Unicode had before the block, left as holes in it (ℎ, ℬ, ℭ, ℝ …).
_HOLES = {
    ("italic", "h"): "\u210e",
    **{("script", c): v for c, v in zip("BEFHILMReg", "ℬℰℱℋℐℒℳℛℯℊ", strict=True)},
    ("script", "o"): "\u2134",
    **{("fraktur", c): v for c, v in zip("CHIRZ", "ℭℌℑℜℨ", strict=True)},
    **{("double-struck", c): v for c, v in zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True)},
}
_TOKENS = ("mi", "mn", "mo")


def styled(char: str, variant: str) -> str:
    """`char` in `variant` (`"bold"`, `"script"` …); the character itself when Unicode has no
    styled form of it (the variant is then lost, as it would be anyway)."""
    if (variant, char) in _HOLES:
        return _HOLES[(variant, char)]
    blocks = _BLOCKS.get(variant)
    if blocks is None:
        return char
    upper, lower, digit, greek_upper, greek_lower = blocks
    code = ord(char)
    for first, start, count in (
        ("A", upper, 26),
        ("a", lower, 26),
        ("0", digit, 10),
        ("\u0391", greek_upper, 25),
        ("\u03b1", greek_lower, 25),
    ):
        if start is not None and 0 <= code - ord(first) < count:
            return chr(start + code - ord(first))
    return char


def apply_mathvariants(tree: Element) -> None:
    """Replace each token's `mathvariant` (other than `normal`) by styled characters; an
    `<mtext>`'s bold or italic becomes CSS."""
    for element in tree.iter():
        variant = element.get("mathvariant")
        if variant is None or variant == "normal":
            continue
        if element.tag in _TOKENS and element.text:
            element.text = "".join(styled(char, variant) for char in element.text)
            del element.attrib["mathvariant"]
        elif element.tag == "mtext":
            css = []
            if "bold" in variant:
                css.append("font-weight: bold")
            if "italic" in variant:
                css.append("font-style: italic")
            if css:
                element.set("style", "; ".join(css))
                del element.attrib["mathvariant"]
