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

BLOCK = '<math display="block"'  # no xmlns: HTML5 needs none, and a deck references no URL
INLINE = '<math display="inline"'


def test_display_and_inline():
    assert latex_to_mathml("x", True) == f'{BLOCK} alttext="x"><mrow><mi>x</mi></mrow></math>'
    assert latex_to_mathml("x", False) == f'{INLINE} alttext="x"><mrow><mi>x</mi></mrow></math>'


def test_alttext_is_the_tex_source_escaped():
    out = latex_to_mathml(r'a < b \text{ and "c" } \& d', False)
    assert out.startswith(
        '<math display="inline" alttext="a &lt; b \\text{ and &quot;c&quot; } \\&amp; d">'
    )


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{a}{b}", "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>"),
        (r"\sum_{i=1}^{n} x_i", "<munderover><mo>∑</mo>"),
        # Bold letters come out as Unicode mathematical bold (U+1D431), which MathML Core
        # renders everywhere, rather than mathvariant="bold".
        (r"\mathbf{x}", "<mi>\U0001d431</mi>"),
        # MathML Core ignores mathvariant other than normal: styled characters instead.
        (r"\mathbf{\theta}", "<mi>\U0001d6c9</mi>"),
        (r"\boldsymbol{\mu}", "<mi>\U0001d741</mi>"),
        (r"\mathbf{Wx}", "<mi>\U0001d416</mi><mi>\U0001d431</mi>"),
        (r"\mathscr{F} \mathscr{L}", "<mi>ℱ</mi></mrow><mrow><mi>ℒ</mi>"),
        (r"\mathbb{1}", "<mn>\U0001d7d9</mn>"),
        (r"\textbf{bold text}", '<mtext style="font-weight: bold">bold\xa0text</mtext>'),
        # The lines of \overline/\underline as CSS rules over the whole base (U+2015 does
        # not stretch); primes beside their base, not raised a second time by <msup>.
        (
            r"\overline{z+w}",
            '<mrow style="border-top: 0.04em solid; padding-top: 0.12em"><mrow><mi>z',
        ),
        (r"\underline{x}", '<mrow style="border-bottom: 0.04em solid; padding-bottom: 0.12em">'),
        (r"f'(x)", '<mrow><mi>f</mi><mo lspace="0" rspace="0">′</mo></mrow><mo stretchy="false">('),
        (r"f''", '<mi>f</mi><mo lspace="0" rspace="0">″</mo>'),
        (r"p \iff q", '<mi>p</mi><mspace width="0.278em" /><mo>⟺</mo><mspace width="0.278em" />'),
        # Ordinary symbols as <mi>, relations as <mo> (TeX's spacing), `:` a relation.
        (r"x \to \infty", '<mo>→</mo><mi mathvariant="normal">∞</mi>'),
        (r"Y \longrightarrow Z", "<mi>Y</mi><mo>⟶</mo><mi>Z</mi>"),
        (r"f: X", '<mo lspace="0.2778em" rspace="0.2778em">:</mo>'),
        (r"a/b", '<mi>a</mi><mo lspace="0" rspace="0">/</mo><mi>b</mi>'),
        # Limits under a big operator nested in a fence or a root, as TeX sets display math.
        (r"\left( \sum_{i=1}^{n} x_i \right)^2", '<munderover><mo movablelimits="true">∑</mo>'),
        (r"\sqrt{\sum_{i} x_i^2}", '<msqrt><mrow><munder><mo movablelimits="true">∑</mo>'),
        (r"\boxed{x}", '<menclose notation="box" style="border: 0.04em solid; padding: 0.3em">'),
        # Operator names lose the default operator spacing; TeX's thin spaces are explicit.
        (
            r"\operatorname{softmax}(z)",
            '<mo lspace="0" rspace="0">softmax</mo><mo stretchy="false">(',
        ),
        (
            r"\underset{\theta}{\min} L",
            '<munder><mrow><mo lspace="0" rspace="0">min</mo></mrow><mrow><mi>θ</mi>',
        ),
        (
            r"\lVert w \rVert_2",
            '<mo lspace="0" rspace="0">‖</mo><mi>w</mi><msub><mo lspace="0" rspace="0">‖</mo><mn>2</mn></msub>',
        ),
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
    assert "\\arg" not in out.split(">", 1)[1]  # (the alttext keeps the source)


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
        (r"\foo x", "unsupported TeX \\foo"),
        (r"\operatorname*{arg\,max}_x f", "unsupported TeX \\operatorname*"),
        (r"x \tag{1}", "unsupported TeX \\tag"),
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
        '<math display="inline" alttext="\\frac{1}{x^3}"><mrow><mfrac><mrow><mn>1</mn></mrow>'
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
        ":is(h1, h2, h3, h4, h5, h6) math:not(:has(msqrt, mroot, mfrac, mtable, "
        '[stretchy="true"], [minsize])) { font-family: inherit; font-weight: inherit; }' in page
    )
    assert 'math[display="inline"] mfrac > * { font-size: 0.8em; }' in page


def test_inline_binomial_parentheses_stretch_to_the_inline_fraction():
    inline = latex_to_mathml(r"\binom{n}{k}", False)
    assert '<mo stretchy="true" symmetric="true">(</mo><mfrac linethickness="0">' in inline
    assert 'minsize="2.047em"' in latex_to_mathml(r"\binom{n}{k}", True)  # display: TeX's size


def test_nolimits_keeps_the_limits_aside():
    assert "<msub><mo>∑</mo><mi>i</mi></msub>" in latex_to_mathml(r"\sum\nolimits_i x", True)


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # A sign after an opening bracket, a relation, punctuation or an operator is unary.
        ("(-8, 2)", '<mo form="prefix" lspace="0" rspace="0">−</mo><mn>8</mn>'),
        (r"\mathrm{CE} = -\frac{1}{N}", '<mo>=</mo><mo form="prefix" lspace="0" rspace="0">−</mo>'),
        (r"\sum_i -x_i", '</munder><mo form="prefix" lspace="0" rspace="0">−</mo>'),
        # … and binary after a closing bracket, a bar or a symbol.
        ("f(x)-1", '<mo stretchy="false">)</mo><mo>−</mo><mn>1</mn>'),
        ("|a|-b", '<mo stretchy="false" lspace="0" rspace="0">|</mo><mo>−</mo><mi>b</mi>'),
        # `|` is an ordinary symbol in TeX: no space beside the bars of an absolute value.
        (
            r"|e| \le \delta",
            '<mi>e</mi><mo stretchy="false" lspace="0" rspace="0">|</mo><mo>≤</mo>',
        ),
        # Nothing is spaced at the formula's edges.
        ("> 0", '<mo lspace="0">&gt;</mo><mn>0</mn>'),
    ],
)
def test_spacing_follows_tex_atom_rules(latex, expected):
    assert expected in latex_to_mathml(latex, display=False)
