"""The glyphs a formula needs: its characters, and those MathML layout draws on its own.

A formula's text is not all Chromium draws: `<msqrt>`/`<mroot>` draw the radical U+221A, which
is nowhere in the markup, and they draw it from the math font alone (the element's primary
font: no fallback to another installed font). So the embedded subset must keep it, and a build
whose math font lacks it shows `√d` as `d` without a word unless it is checked here. Stretchy
and large operators draw the MATH table's size variants and assembly pieces of characters
that are in the text: fontTools' subsetter keeps those (its closure over the MATH table).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lecture_tool.errors import DeckWarning
from lecture_tool.writing.memo import DiskMemo
from lecture_tool.writing.rendered import Formula, RenderedDeck

DRAWN_BY_ELEMENT = {"msqrt": "\u221a", "mroot": "\u221a"}
"""Characters an element draws that its content does not hold (MathML Core §3.3.3)."""

_ELEMENT = re.compile(r"<(" + "|".join(DRAWN_BY_ELEMENT) + r")\b")
_TAG = re.compile(r"<[^>]*>")


def drawn_characters(mathml: str) -> str:
    """The characters layout draws for `mathml` beyond its text (the radical …)."""
    return "".join(sorted({DRAWN_BY_ELEMENT[m] for m in _ELEMENT.findall(mathml)}))


def text_characters(mathml: str) -> str:
    """The characters of `mathml`'s text (tags and attributes left out)."""
    import html

    return html.unescape(_TAG.sub("", mathml))


# Reading a font's character map imports fontTools and parses the font: a quarter of a
# second that every build with math paid for the same answer. Kept on disk per font file.
_CMAPS = DiskMemo("font-cmap", sources=(__file__,), libraries=("fontTools",))


@_CMAPS
def _cmap_text(path: str, stamp: str) -> str:
    """Every character the font at `path` maps to a glyph, as one string (`stamp`: the file's
    mtime and size, so a replaced font is read again)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        codes = font.getBestCmap() or {}
    # Surrogate code points are not characters (and JSON cannot hold them alone).
    return "".join(chr(code) for code in sorted(codes) if not 0xD800 <= code <= 0xDFFF)


@lru_cache(maxsize=8)
def _font_codepoints(path: Path, stamp: str) -> frozenset[int]:
    return frozenset(map(ord, _cmap_text(str(path), stamp)))


def font_lacks(path: Path, characters: str) -> list[str]:
    """The characters of `characters` the font at `path` has no glyph for."""
    stat = path.stat()
    have = _font_codepoints(path, f"{stat.st_mtime_ns}:{stat.st_size}")
    return [char for char in dict.fromkeys(characters) if ord(char) not in have]


def formula_missing(formula: Formula, math_font: Path | None) -> list[str]:
    """What `formula` needs that will not be drawn: a layout glyph the math font lacks (or,
    without a math font, that no installed font has), a character no installed font has."""
    from lecture_tool.writing.fonts import missing_glyphs

    drawn = drawn_characters(formula.mathml)
    if math_font is not None:
        lost = font_lacks(math_font, drawn)
    else:
        lost = missing_glyphs(drawn)
    lost += [c for c in missing_glyphs(text_characters(formula.mathml)) if c not in lost]
    return lost


def glyph_warnings(deck: RenderedDeck, deck_path: Path) -> list[DeckWarning]:
    """`deck.md:LINE: slide N: formula $…$ needs '√' (U+221A), which …` for each formula
    that would be drawn with a glyph missing (`--strict` fails the build on them)."""
    from lecture_tool.writing.fonts import describe_missing, find_math_font

    formulas = [(slide, f) for slide in deck.slides for f in slide.formulas]
    if not formulas:
        return []
    math_font = find_math_font()
    warnings = []
    for slide, formula in formulas:
        missing = formula_missing(formula, math_font)
        if not missing:
            continue
        where = f"the math font {math_font.name} lacks" if math_font else "no installed font has"
        warnings.append(
            DeckWarning(
                f"slide {slide.number}: formula ${formula.tex}$ needs "
                f"{describe_missing(missing)}, which {where}: it would be drawn wrong",
                deck_path,
                formula.line,
                hint="install fonts-lmodern (Latin Modern Math) or fonts-stix",
            )
        )
    return warnings
