"""LaTeX → MathML at build time, so slides show math offline and in PDF with no JavaScript."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from lecture_tool.writing.mathatoms import SCRIPTED, atom_classes, tex_spacing
from lecture_tool.writing.mathvariant import apply_mathvariants
from lecture_tool.writing.memo import DiskMemo

if TYPE_CHECKING:  # ElementTree is imported for formulas no earlier build converted
    from xml.etree.ElementTree import Element

# latex2mathml is imported only for formulas no earlier build converted (writing/memo.py).
# The memo's key includes this file and mathvariant's (both shape the markup).
_MEMO = DiskMemo(
    "mathml",
    (__file__, apply_mathvariants.__code__.co_filename, atom_classes.__code__.co_filename),
    ("latex2mathml",),
)

# latex2mathml has no `\arg`: it comes out as the literal text `\arg`.
_ARG = re.compile(r"\\arg(?![A-Za-z])")
# `\mathrm{d}` with a one-character group comes out italic (mathvariant is dropped for a
# single symbol); the ungrouped `\mathrm d` keeps mathvariant="normal".
_MATHRM_ONE = re.compile(r"\\mathrm\{\s*([A-Za-z0-9])\s*\}")
# latex2mathml has no `aligned` (its `&` leaks out as an identifier); `split` is the
# same layout (right/left column pairs) and is supported.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
# latex2mathml writes `\iff` as an identifier, without TeX's thick spaces around it.
_IFF = re.compile(r"\\iff(?![A-Za-z])")
# Commands latex2mathml turns into a wrong formula without a word (checked against MathJax in
# docs/math.md): `\operatorname*` loses its name, `\tag` prints inline, `gathered` and
# `\\` outside a table become one line (MathML Core has no line breaks), `\hline` and
# array rules are not drawn (no `rowlines` in MathML Core).
_REFUSED = re.compile(
    r"\\(operatorname\*|tag\b|label\b|eqref\b|ref\b|hline\b"
    r"|begin\{(?:gathered|gather\*?|multline\*?)\})"
)
_ARRAY_RULES = re.compile(r"\\begin\{array\}\{[^}]*\|")
# `\text{… $x$ …}`: latex2mathml prints the dollars (MathJax typesets x).
_MATH_IN_TEXT = re.compile(r"\\(?:text|textrm|textit|textbf|mbox|hbox)\{[^{}]*\$")

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


@cache
def _convert_errors() -> tuple[type[BaseException], ...]:
    """latex2mathml's own errors (they carry no message); malformed input can also trip its
    internals."""
    from latex2mathml import exceptions

    own = (e for e in vars(exceptions).values() if isinstance(e, type) and issubclass(e, Exception))
    return (*own, LookupError, StopIteration, TypeError, ValueError)


_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]+);")
# `\\log`, `\\max`, `\\operatorname{softmax}`: latex2mathml writes some as <mi>, some as <mo>
# (with the default operator spacing, 0.28em each side); plain letters are always one per <mi>.
_OPERATOR_NAME = re.compile(r"^[A-Za-z]{2,}$")
THIN_SPACE = "0.1667em"
"""TeX's \\, (3mu): the space between an operator name and an ordinary neighbour."""
_LIMIT_NAMES = {"min", "max", "lim", "sup", "inf", "liminf", "limsup", "det", "gcd", "Pr"}
# Big operators whose limits go under and over in display math (integrals keep them aside).
_BIG_OPERATORS = set("∑∏∐⋃⋂⨁⨂⋁⋀")


class UnsupportedCommand(ValueError):
    """A TeX command this converter does not draw (MathJax may): `command` is `\\name`."""

    def __init__(self, command: str):
        super().__init__(f"unsupported TeX {command}")
        self.command = command


@lru_cache(maxsize=2048)  # a rebuild after a save converts the same formulas again
def latex_to_mathml(latex: str, display: bool) -> str:
    """A `<math>` element for `latex`, carrying `latex` as its `alttext` (screen readers, copy
    and paste); ValueError with a short reason when it is invalid, UnsupportedCommand for a
    command that would not render."""
    return _converted(latex, "block" if display else "inline")


@_MEMO
def _converted(latex: str, display: str) -> str:
    from latex2mathml.converter import convert_to_element

    _check_braces(latex)
    refused = _REFUSED.search(latex)
    if refused:
        raise UnsupportedCommand(refused.group().rstrip())
    if _ARRAY_RULES.search(latex):
        raise UnsupportedCommand("\\begin{array} with | rules")
    if _MATH_IN_TEXT.search(latex):
        raise UnsupportedCommand("$…$ inside \\text{…}")
    latex_in = _IFF.sub(r"\\;\\Longleftrightarrow\\;", latex)
    source = _ALIGNED.sub(
        r"\\\1{split}", _MATHRM_ONE.sub(r"\\mathrm \1", _ARG.sub(r"\\operatorname{arg}", latex_in))
    )
    try:
        tree = convert_to_element(source, display=display)
    except _convert_errors() as exc:
        name = type(exc).__name__
        raise ValueError(_ERRORS.get(name, f"cannot convert ({name})")) from None
    _check_tree(tree)
    _decode_references(tree)  # `∑`, not `&#x02211;`, for the passes below to look at
    _space_operator_names(tree)
    if "\\nolimits" not in latex:  # (`\\sum\\nolimits_i`: the limits stay aside)
        _big_operator_limits(tree)
    _fix_fences(tree)
    _box_enclosures(tree)
    _accent_glyphs(tree)
    atom_classes(tree)
    tex_spacing(tree)
    if display == "inline":
        _inline_binomials(tree)
    apply_mathvariants(tree)
    tree.set("alttext", latex)
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
            raise UnsupportedCommand(text)
        if text == "&":
            raise ValueError("`&` outside an environment with columns (cases, matrix, align…)")
        need = _ARITY.get(element.tag)
        if need is not None and len(element) < need:
            raise ValueError(f"`<{element.tag}>` is missing an argument (an empty `{{}}`?)")


def _space_operator_names(tree: Element) -> None:
    """Operator names (`log`, `max`, `softmax` …) spaced as TeX spaces them.

    TeX puts a thin space between an operator name and an ordinary neighbour (`\\log u`,
    `2\\log u`) and none next to a fence or punctuation (`\\log(u)`). The names keep their
    element (an <mo> base still takes limits under it) but lose the default operator
    spacing; thin <mspace>s go where TeX puts them.
    """
    for parent in list(tree.iter()):
        children = list(parent)
        if parent.tag in SCRIPTED or not children:
            continue
        for index in range(len(children) - 1, -1, -1):
            child = children[index]
            name = _operator_name(child)
            if name is None:
                continue
            if name.tag == "mo":
                name.set("lspace", "0")
                name.set("rspace", "0")
            else:
                name.set("mathvariant", "normal")  # says "upright" to CSS (headings) too
            _limits_below(child, name)
            following = children[index + 1] if index + 1 < len(children) else None
            if following is not None and (
                _is_ordinary(following) or _operator_name(following) is not None
            ):
                parent.insert(index + 1, _thin_space())
            if index > 0 and _ends_ordinary(children[index - 1]):
                parent.insert(index, _thin_space())


def _operator_name(element: Element) -> Element | None:
    """The <mi>/<mo> holding an operator name, when `element` is one (scripts allowed)."""
    while element.tag in SCRIPTED or (element.tag == "mrow" and len(element) == 1):
        if not len(element):
            return None
        element = element[0]
    if element.tag in ("mi", "mo") and _OPERATOR_NAME.match(element.text or ""):
        return element
    return None


def _limits_below(element: Element, name: Element) -> None:
    """`\\min_x`, `\\lim_{n}`: limits under the name in display math, as TeX sets them
    (latex2mathml writes a subscript; MathML's movablelimits moves it aside inline)."""
    if name.tag != "mo" or (name.text or "") not in _LIMIT_NAMES or element is name:
        return
    tag = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}.get(element.tag)
    if tag is not None:
        element.tag = tag
        name.set("movablelimits", "true")


def _big_operator_limits(tree: Element) -> None:
    """`\\sum_i`, `\\prod_{k=1}^n`: limits under and over in display math, as TeX sets them."""
    for element in tree.iter():
        tag = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}.get(element.tag)
        base = element[0] if len(element) else None
        if tag and base is not None and base.tag == "mo" and (base.text or "") in _BIG_OPERATORS:
            element.tag = tag
            base.set("movablelimits", "true")


def _is_ordinary(element: Element) -> bool:
    """Whether TeX would treat `element` as an ordinary atom (letter, number, fraction …)."""
    while element.tag in SCRIPTED or element.tag == "mrow":
        if not len(element):
            return False
        element = element[0]
    return element.tag in ("mi", "mn", "mfrac", "msqrt", "mroot", "mtext")


def _ends_ordinary(element: Element) -> bool:
    """Whether `element`, before an operator name, ends like an ordinary atom or a closing fence."""
    if element.tag in SCRIPTED:
        return _ends_ordinary(element[0]) if len(element) else False
    if element.tag == "mrow":
        return _ends_ordinary(element[-1]) if len(element) else False
    if element.tag == "mo":
        return (element.text or "") in (")", "]", "}", "|", "‖", "⟩")
    return element.tag in ("mi", "mn", "mfrac", "msqrt", "mroot")


def _thin_space() -> Element:
    from xml.etree.ElementTree import Element

    return Element("mspace", {"width": THIN_SPACE})


def _fix_fences(tree: Element) -> None:
    """Make a lone `\\left\\{` (cases) stretch over its rows, and keep table columns aligned.

    MathML Core stretches a fence to the height of its row, so the brace must sit in the
    same <mrow> as the table, marked stretchy and symmetric; `columnalign` is not part of
    MathML Core, so each cell also carries the alignment as CSS.
    """
    for element in tree.iter():
        if element.tag == "mo" and element.get("fence") == "true":
            element.set("stretchy", "true")
            element.set("symmetric", "true")
        if element.tag == "mtd" and element.get("columnalign") in ("left", "right", "center"):
            element.set("style", f"text-align: {element.get('columnalign')}")


_ENCLOSING = {
    "updiagonalstrike": "\\cancel",
    "downdiagonalstrike": "\\bcancel",
    "updiagonalstrike downdiagonalstrike": "\\xcancel",
}


def _box_enclosures(tree: Element) -> None:
    """`\\boxed{…}`: `<menclose>` is not part of MathML Core (Chromium draws no box), so the
    box is CSS, with TeX's \\fboxsep (3 pt) inside it."""
    for element in tree.iter("menclose"):
        notation = element.get("notation", "box")
        if notation != "box":  # strikes (`\\cancel` …): nothing would be drawn
            raise UnsupportedCommand(_ENCLOSING.get(notation, "\\cancel"))
        element.set("style", "border: 0.04em solid; padding: 0.3em")


def _accent_glyphs(tree: Element) -> None:
    """`\\overline`/`\\underline` as a rule, primes beside their base.

    latex2mathml draws the lines with U+2015, which no math font stretches (Chromium drew it
    over one letter of `z + w`): a CSS border is the rule TeX draws. A prime (U+2032) is a
    superscript glyph already; as the superscript of `<msup>` it went up a second time.
    """
    for element in list(tree.iter()):
        if element.tag in ("mover", "munder") and len(element) == 2:
            mark = element[1]
            if mark.tag == "mo" and mark.text == "―":
                side = "top" if element.tag == "mover" else "bottom"
                element.tag = "mrow"
                element.remove(mark)
                element.attrib.clear()
                element.set("style", f"border-{side}: 0.04em solid; padding-{side}: 0.12em")
        if element.tag == "msup" and len(element) == 2 and _is_primes(element[1]):
            base, primes = element
            element.tag = "mrow"
            primes.tag = "mo"
            primes.set("lspace", "0")
            primes.set("rspace", "0")


def _is_primes(element: Element) -> bool:
    return element.tag in ("mi", "mo") and bool(element.text) and set(element.text) <= set("′″‴")


def _inline_binomials(tree: Element) -> None:
    """Inline `\\binom`: latex2mathml sizes its parentheses for display math (2.047em), twice
    the height of the inline fraction they hold; they stretch to it instead."""
    for parent in tree.iter():
        children = list(parent)
        for index, child in enumerate(children[1:-1], start=1):
            if child.tag == "mfrac" and child.get("linethickness") == "0":
                for fence in (children[index - 1], children[index + 1]):
                    if fence.tag == "mo" and fence.get("minsize") == "2.047em":
                        del fence.attrib["minsize"], fence.attrib["maxsize"]
                        fence.set("stretchy", "true")
                        fence.set("symmetric", "true")


def _serialize(tree: Element) -> str:
    """XML text of the tree with every text node escaped.

    latex2mathml's own `convert` unescapes its whole output so its `&#x…;` references
    survive, which also lets `\\text{<b>}` through as raw markup. Turning the references
    into characters first lets ElementTree escape everything else.
    """
    # HTML5 needs no namespace on <math>, and a deck must reference no URL at all.
    from xml.etree.ElementTree import tostring

    tree.attrib.pop("xmlns", None)
    _decode_references(tree)
    return tostring(tree, encoding="unicode")


def _decode_references(tree: Element) -> None:
    """latex2mathml's `&#x…;` references in text nodes as the characters they stand for."""
    for element in tree.iter():
        if element.text:
            element.text = _CHAR_REF.sub(lambda m: chr(int(m.group(1), 16)), element.text)
