"""LaTeX → MathML at build time, so slides show math offline and in PDF with no JavaScript."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, tostring

from latex2mathml import exceptions as l2m_exceptions
from latex2mathml.converter import convert_to_element

# latex2mathml has no `\arg`: it comes out as the literal text `\arg`.
_ARG = re.compile(r"\\arg(?![A-Za-z])")
# `\mathrm{d}` with a one-character group comes out italic (mathvariant is dropped for a
# single symbol); the ungrouped `\mathrm d` keeps mathvariant="normal".
_MATHRM_ONE = re.compile(r"\\mathrm\{\s*([A-Za-z0-9])\s*\}")
# latex2mathml has no `aligned` (its `&` leaks out as an identifier); `split` is the
# same layout (right/left column pairs) and is supported.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")

# Elements whose children are positional arguments, with how many they need.
_ARITY = {
    "mfrac": 2,
    "mroot": 2,
    "msub": 2,
    "msup": 2,
    "munder": 2,
    "mover": 2,
    "msubsup": 3,
    "munderover": 3,
}
_ERRORS = {
    "NoAvailableTokensError": "the formula ends too early (a missing argument or `}`?)",
    "ExtraLeftOrMissingRightError": "`\\left` and `\\right` do not pair up",
    "MissingSuperScriptOrSubscriptError": "`^` or `_` has nothing after it",
    "DoubleSubscriptsError": "double subscript; group it as `x_{ab}`",
    "DoubleSuperscriptsError": "double superscript; group it as `x^{ab}`",
    "MissingEndError": "`\\begin{…}` has no matching `\\end{…}`",
    "NumeratorNotFoundError": "`\\frac` is missing its numerator",
    "DenominatorNotFoundError": "`\\frac` is missing its denominator",
    "InvalidAlignmentError": "invalid column alignment in an array",
    "LimitsMustFollowMathOperatorError": "`\\limits` must follow an operator such as `\\sum`",
}
# latex2mathml's own errors carry no message; malformed input can also trip its internals.
_CONVERT_ERRORS = (
    *(e for e in vars(l2m_exceptions).values() if isinstance(e, type) and issubclass(e, Exception)),
    LookupError,
    StopIteration,
    TypeError,
    ValueError,
)
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]+);")


def latex_to_mathml(latex: str, display: bool) -> str:
    """A `<math>` element for `latex`; ValueError with a short reason when it is invalid."""
    _check_braces(latex)
    source = _ALIGNED.sub(
        r"\\\1{split}", _MATHRM_ONE.sub(r"\\mathrm \1", _ARG.sub(r"\\operatorname{arg}", latex))
    )
    try:
        tree = convert_to_element(source, display="block" if display else "inline")
    except _CONVERT_ERRORS as exc:
        name = type(exc).__name__
        raise ValueError(_ERRORS.get(name, f"cannot convert ({name})")) from None
    _check_tree(tree)
    return _serialize(tree)


def _check_braces(latex: str) -> None:
    """Unbalanced braces convert silently to a stray `}` identifier; refuse them instead."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", latex, flags=re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced braces: a `}` closes nothing")
    if depth:
        raise ValueError("unbalanced braces: a `{` is never closed")


def _check_tree(tree: Element) -> None:
    """Catch what latex2mathml accepts silently: unknown commands, stray `&`, lost arguments."""
    for element in tree.iter():
        text = element.text or ""
        if text.startswith("\\") and len(text) > 1:
            raise ValueError(f"unsupported LaTeX command `{text}`")
        if text == "&":
            raise ValueError("`&` outside an environment with columns (cases, matrix, align…)")
        need = _ARITY.get(element.tag)
        if need is not None and len(element) < need:
            raise ValueError(f"`<{element.tag}>` is missing an argument (an empty `{{}}`?)")


def _serialize(tree: Element) -> str:
    """XML text of the tree with every text node escaped.

    latex2mathml's own `convert` unescapes its whole output so its `&#x…;` references
    survive, which also lets `\\text{<b>}` through as raw markup. Turning the references
    into characters first lets ElementTree escape everything else.
    """
    # HTML5 needs no namespace on <math>, and a deck must reference no URL at all.
    tree.attrib.pop("xmlns", None)
    for element in tree.iter():
        if element.text:
            element.text = _CHAR_REF.sub(lambda m: chr(int(m.group(1), 16)), element.text)
    return tostring(tree, encoding="unicode")
