"""The build's glyph check covers what MathML layout draws: a math font without the radical
(U+221A) makes `$\\sqrt{d}$` a warning naming deck, slide and formula; `--strict` fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.commands.cli import main
from lecture_tool.writing import fonts, mathglyphs
from lecture_tool.writing.mathml import latex_to_mathml
from lecture_tool.writing.rendered import Formula, RenderedDeck, RenderedSlide

DECK = """---
marp: true
---

# Attention

$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d}}\\right)V$$

---

# No root here

$x^2 + y^2$
"""


@pytest.fixture(scope="module")
def font_without_radical(tmp_path_factory) -> Path:
    """Latin Modern Math cut down to Latin, Greek and a few operators: no U+221A."""
    source = fonts.find_math_font()
    if source is None:
        pytest.skip("no OpenType math font installed (apt-get install fonts-lmodern)")
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    keep = [chr(c) for c in range(0x20, 0x7F)] + list("αβγδεθμσ⊤−") + list(fonts._ITALIC_EXTRA)
    subsetter.populate(text="".join(keep))
    subsetter.subset(font)
    path = tmp_path_factory.mktemp("fonts") / "no-radical-math.otf"
    font.save(path)
    assert 0x221A not in TTFont(path).getBestCmap()
    return path


@pytest.fixture
def math_font_without_radical(monkeypatch, font_without_radical) -> Path:
    monkeypatch.setattr(fonts, "find_math_font", lambda: font_without_radical)
    return font_without_radical


def _slide(number: int, tex: str, line: int) -> RenderedSlide:
    markup = latex_to_mathml(tex, True)
    return RenderedSlide(number=number, html=markup, formulas=(Formula(line, tex, markup),))


def test_layout_glyphs_are_the_radical_of_roots_only():
    assert mathglyphs.drawn_characters(latex_to_mathml(r"\sqrt{x} + \sqrt[3]{y}", False)) == "√"
    assert mathglyphs.drawn_characters(latex_to_mathml(r"\frac{a}{b}", False)) == ""


def test_a_root_without_a_radical_glyph_warns_naming_deck_slide_and_formula(
    math_font_without_radical,
):
    deck = RenderedDeck(
        title="t",
        theme="default",
        theme_css="",
        slides=(_slide(1, r"x^2", 5), _slide(2, r"\frac{a}{\sqrt{d}}", 12)),
    )
    warnings = mathglyphs.glyph_warnings(deck, Path("slides/07-attention.md"))
    assert [str(w) for w in warnings] == [
        "slides/07-attention.md:12: slide 2: formula $\\frac{a}{\\sqrt{d}}$ needs '√' (U+221A), "
        "which the math font no-radical-math.otf lacks: it would be drawn wrong — "
        "install fonts-lmodern (Latin Modern Math) or fonts-stix"
    ]


def test_the_installed_math_font_draws_every_root():
    if fonts.find_math_font() is None:
        pytest.skip("no OpenType math font installed")
    deck = RenderedDeck(
        title="t", theme="default", theme_css="", slides=(_slide(1, r"\sqrt{d}", 3),)
    )
    assert mathglyphs.glyph_warnings(deck, Path("deck.md")) == []


def test_build_warns_and_strict_exits_1(tmp_path, monkeypatch, capsys, math_font_without_radical):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "attention.md").write_text(DECK)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "slides/attention.md"]) == 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "attention.md:7: slide 1: formula $\\mathrm{softmax}" in text
    assert "needs '√' (U+221A), which the math font no-radical-math.otf lacks" in text
    assert "slide 2" not in text
    assert main(["build", "slides/attention.md", "--strict"]) == 1  # up to date: said again
    assert main(["build", "slides/attention.md", "--strict", "--force"]) == 1
