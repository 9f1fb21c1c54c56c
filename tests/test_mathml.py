"""Tests of lecture_tool.mathml: LaTeX to MathML, including what latex2mathml lacks."""

from __future__ import annotations

import pytest

from lecture_tool.mathml import latex_to_mathml

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
        (r"\operatorname{softmax}(z)", "<mo>softmax</mo>"),
        (r"\underset{\theta}{\min} L", "<munder><mrow><mo>min</mo></mrow><mrow><mi>θ</mi>"),
        (r"\lVert w \rVert_2", "<mo>‖</mo><mi>w</mi><msub><mo>‖</mo><mn>2</mn></msub>"),
        (r"\sqrt{x}", "<msqrt><mrow><mi>x</mi></mrow></msqrt>"),
        (r"\sqrt[3]{x}", "<mroot><mrow><mi>x</mi></mrow><mn>3</mn></mroot>"),
        (r"W^\top x", "<msup><mi>W</mi><mo>⊤</mo></msup>"),
        (r"x_{ij}", "<msub><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>"),
        (r"\mathrm{ReLU}", '<mi mathvariant="normal">R</mi><mi mathvariant="normal">e</mi>'),
        (
            r"\left( \frac{a}{b} \right)",
            '<mo stretchy="true" fence="true" form="prefix">(</mo><mfrac>',
        ),
        (
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            (
                '<mo stretchy="true" fence="true" form="prefix">{</mo><mtable><mtr>'
                '<mtd columnalign="left"><mn>1</mn></mtd>'
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
    assert "<mo>arg</mo>" in out
    assert "\\arg" not in out


def test_aligned_is_rendered_as_split():
    out = latex_to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", True)
    assert out.count("<mtr>") == 2
    assert '<mtd columnalign="right"><mi>a</mi></mtd>' in out


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
