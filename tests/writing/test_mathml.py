"""Tests of lecture_tool.writing.mathml: LaTeX to MathML, including what latex2mathml lacks."""

from __future__ import annotations

import base64
import re

import pytest

from lecture_tool.writing.fonts import MATH_FAMILY, find_math_font
from lecture_tool.writing.html import render_html
from lecture_tool.writing.mathml import latex_to_mathml
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide
from lecture_tool.writing.themes import load_theme

BLOCK = '<math display="block">'  # no xmlns: HTML5 needs none, and a deck references no URL
INLINE = '<math display="inline">'


def test_display_and_inline():
    assert latex_to_mathml("x", True) == f"{BLOCK}<mrow><mi>x</mi></mrow></math>"
    assert latex_to_mathml("x", False) == f"{INLINE}<mrow><mi>x</mi></mrow></math>"


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{a}{b}", "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>"),
        (r"\sum_{i=1}^{n} x_i", "<munderover><mo>∑</mo>"),
        # Bold letters come out as Unicode mathematical bold (U+1D431), which MathML Core
        # renders everywhere, rather than mathvariant="bold".
        (r"\mathbf{x}", "<mi>\U0001d431</mi>"),
        (r"\mathbf{\theta}", '<mi mathvariant="bold">θ</mi>'),
        # Operator names lose the default operator spacing; TeX's thin spaces are explicit.
        (
            r"\operatorname{softmax}(z)",
            '<mo lspace="0" rspace="0">softmax</mo><mo stretchy="false">(',
        ),
        (
            r"\underset{\theta}{\min} L",
            '<munder><mrow><mo lspace="0" rspace="0">min</mo></mrow><mrow><mi>θ</mi>',
        ),
        (r"\lVert w \rVert_2", "<mo>‖</mo><mi>w</mi><msub><mo>‖</mo><mn>2</mn></msub>"),
        (r"\sqrt{x}", "<msqrt><mrow><mi>x</mi></mrow></msqrt>"),
        (r"\sqrt[3]{x}", "<mroot><mrow><mi>x</mi></mrow><mn>3</mn></mroot>"),
        (r"W^\top x", "<msup><mi>W</mi><mo>⊤</mo></msup>"),
        (r"x_{ij}", "<msub><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>"),
        (r"\mathrm{ReLU}", '<mi mathvariant="normal">R</mi><mi mathvariant="normal">e</mi>'),
        (
            r"\left( \frac{a}{b} \right)",
            '<mo stretchy="true" fence="true" form="prefix" symmetric="true">(</mo><mfrac>',
        ),
        (
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            (
                '<mo stretchy="true" fence="true" form="prefix" symmetric="true">{</mo><mtable>'
                '<mtr><mtd columnalign="left" style="text-align: left"><mn>1</mn></mtd>'
            ),
        ),
    ],
)
def test_constructs(latex, expected):
    out = latex_to_mathml(latex, True)
    assert out.startswith(BLOCK)
    assert expected in out


def test_cases_has_two_rows_and_upright_text():
    out = latex_to_mathml(r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", True)
    assert out.count("<mtr>") == 2
    assert "<mtext>otherwise</mtext>" in out


def test_single_letter_mathrm_stays_upright():
    # latex2mathml drops mathvariant for `\mathrm{d}`; we rewrite it to `\mathrm d`.
    assert '<mi mathvariant="normal">d</mi><mi>x</mi>' in latex_to_mathml(r"\mathrm{d}x", False)


def test_arg_is_an_operator_name():
    # latex2mathml has no `\arg`; it would print the command itself.
    out = latex_to_mathml(r"\arg\min_x f", True)
    assert '<mo lspace="0" rspace="0">arg</mo>' in out
    assert "\\arg" not in out


def test_aligned_is_rendered_as_split():
    out = latex_to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", True)
    assert out.count("<mtr>") == 2
    assert '<mtd columnalign="right" style="text-align: right"><mi>a</mi></mtd>' in out


def test_text_is_escaped():
    out = latex_to_mathml(r"\text{<b>&}", False)
    assert "<mtext>&lt;b&gt;&amp;</mtext>" in out
    assert "<b>" not in out


def test_symbols_are_characters_not_double_escaped_references():
    out = latex_to_mathml(r"a \leq b", False)
    assert "<mo>≤</mo>" in out
    assert "&amp;#x" not in out


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\frac{a}{", "unbalanced braces: a `{` is never closed"),
        (r"x}", "unbalanced braces: a `}` closes nothing"),
        (r"\frac{1}", "`<mfrac>` is missing an argument (an empty `{}`?)"),
        (r"\foo x", "unsupported LaTeX command `\\foo`"),
        (r"\left( x", "`\\left` and `\\right` do not pair up"),
        (r"x^", "`^` or `_` has nothing after it"),
        (r"\begin{cases} a", "`\\begin{…}` has no matching `\\end{…}`"),
        (r"a & b", "`&` outside an environment with columns (cases, matrix, align…)"),
    ],
)
def test_invalid_latex_raises_value_error(latex, message):
    with pytest.raises(ValueError) as info:
        latex_to_mathml(latex, True)
    assert str(info.value) == message


def test_cases_brace_stretches_over_the_rows_beside_it():
    out = latex_to_mathml(
        r"y = \begin{cases} 1 & x \ge 0 \\ 0 & \mathrm{otherwise} \end{cases}", True
    )
    # MathML Core stretches a fence to its row: the brace and the table share one <mrow>.
    brace = '<mrow><mo stretchy="true" fence="true" form="prefix" symmetric="true">{</mo><mtable>'
    assert brace in out
    assert out.count('<mtd columnalign="left" style="text-align: left">') == 4
    assert out.index(brace) < out.index("</mtable></mrow>")


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # TeX: a thin space between an operator name and a letter, none before a fence.
        (r"\log u", '<mi mathvariant="normal">log</mi><mspace width="0.1667em" /><mi>u</mi>'),
        (r"\log(u)", '<mi mathvariant="normal">log</mi><mo stretchy="false">(</mo>'),
        (
            r"2\log u",
            '<mn>2</mn><mspace width="0.1667em" /><mi mathvariant="normal">log</mi><mspace width="0.1667em" />',
        ),
        (r"\sin x", '<mi mathvariant="normal">sin</mi><mspace width="0.1667em" /><mi>x</mi>'),
        (
            r"\det A",
            '<mo movablelimits="true" lspace="0" rspace="0">det</mo><mspace width="0.1667em" /><mi>A</mi>',
        ),
        (
            r"\log_2 n",
            '<msub><mi mathvariant="normal">log</mi><mn>2</mn></msub><mspace width="0.1667em" /><mi>n</mi>',
        ),
        (
            r"\min_x f",
            '<munder><mo lspace="0" rspace="0" movablelimits="true">min</mo><mi>x</mi></munder>'
            '<mspace width="0.1667em" /><mi>f</mi>',
        ),
    ],
)
def test_operator_names_are_upright_with_tex_spacing(latex, expected):
    assert expected in latex_to_mathml(latex, False)


def test_inline_fraction_keeps_numerator_and_denominator():
    out = latex_to_mathml(r"\frac{1}{x^3}", False)
    assert out == (
        '<math display="inline"><mrow><mfrac><mrow><mn>1</mn></mrow>'
        "<mrow><msup><mi>x</mi><mn>3</mn></msup></mrow></mfrac></mrow></math>"
    )


def _deck_with(html: str) -> RenderedDeck:
    return RenderedDeck(
        title="math",
        theme="default",
        theme_css=load_theme("default", []).css,
        slides=(RenderedSlide(number=1, html=html),),
    )


def test_built_html_embeds_a_subset_math_font_as_woff2():
    pytest.importorskip("brotli", reason="fonttools[woff] (brotli) writes woff2")
    source = find_math_font()
    if source is None:
        pytest.skip("no OpenType math font installed (apt-get install fonts-lmodern)")
    page = render_html(
        _deck_with(latex_to_mathml(r"y = \begin{cases} 1 & x \\ 0 & \log u \end{cases}", True))
    )
    face = re.search(
        r'@font-face \{ font-family: "LT Math"; src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\) format\("woff2"\); \}',
        page,
    )
    assert face, "no woff2 @font-face for the math font"
    font = base64.b64decode(face.group(1))
    assert font[:4] == b"wOF2"
    assert len(font) < source.stat().st_size / 10  # a subset, not the whole font
    assert f'math {{ font-family: "{MATH_FAMILY}", "Latin Modern Math"' in page

    import io

    from fontTools.ttLib import TTFont

    subset = TTFont(io.BytesIO(font))
    cmap = subset.getBestCmap()
    assert {ord(c) for c in "y=1x0logu{"} <= set(cmap)
    assert ord("\U0001d466") in cmap  # 𝑦: single-letter <mi> is drawn in math italic
    assert "MATH" in subset  # stretchy brace variants and constants come along


def test_deck_without_math_embeds_no_font():
    page = render_html(_deck_with("<p>no math here</p>"))
    assert "@font-face" not in page


def test_heading_math_and_inline_fraction_rules_are_in_the_page():
    page = render_html(_deck_with("<h1>" + latex_to_mathml(r"\log(x^3)", False) + "</h1>"))
    assert (
        ":is(h1, h2, h3, h4, h5, h6) math { font-family: inherit; font-weight: inherit; }" in page
    )
    assert 'math[display="inline"] mfrac > * { font-size: 0.8em; }' in page
