"""TeX's atom classes in the MathML latex2mathml writes: ordinary symbols, relations, unary
signs, and no space at a formula's edges (writing/mathml.py runs these passes)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the trees come from mathml.py, only for formulas no memo knows
    from xml.etree.ElementTree import Element

SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}
"""Elements whose first child is their base (an operator with limits is still an operator)."""

# Symbols latex2mathml writes as the wrong kind of atom: ordinary symbols as <mo> (Chromium
# spaced `x \to \infty ,` like an operator), relations as <mi> (no space around `⟶`, `:`).
_ORDINARY = {"∞": "normal", "∇": "normal", "∅": "normal", "∀": "normal", "∃": "normal", "∂": ""}
_RELATION = re.compile(r"^[\u2190-\u21ff\u27f0-\u27ff\u2900-\u297f:]$")
TEX_THICK = "0.2778em"
"""TeX's thick space (5mu), around relations."""


def atom_classes(tree: Element) -> None:
    """Ordinary symbols written as operators and relations written as identifiers, fixed."""
    for element in tree.iter():
        text = element.text or ""
        if element.tag == "mo" and text in _ORDINARY and not element.attrib:
            element.tag = "mi"
            if _ORDINARY[text]:
                element.set("mathvariant", _ORDINARY[text])
        elif element.tag == "mi" and _RELATION.match(text):
            element.tag = "mo"
            if text == ":":  # Chromium's operator dictionary gives `:` almost no space
                element.set("lspace", TEX_THICK)
                element.set("rspace", TEX_THICK)
        elif element.tag == "mo" and text == "/" and not element.attrib:
            # An ordinary symbol in TeX (`QK^\top/\sqrt{d}`); Chromium spaced it as infix.
            element.set("lspace", "0")
            element.set("rspace", "0")


_CLOSERS = set(")]}⟩⌉⌋")
_SIGNS = set("−+±∓")
_BARS = {"|", "‖"}
_BRACKETS = set("([{⟨⌈⌊") | _CLOSERS


def tex_spacing(tree: Element) -> None:
    r"""Spacing as TeX's atom rules give it, where MathML Core's form inference differs.

    latex2mathml writes flat rows, and Chromium spaces each operator by its place in the row
    (first: prefix, last: postfix, else infix): so `(-8, 2)` got a binary minus, `|e| \le`
    a spaced bar. In TeX a `+`/`−` after an operator, relation, punctuation or an opening
    bracket is unary (no space); `|` is an ordinary symbol; nothing is spaced at the
    formula's edges (`$> 0$`)."""
    for element in tree.iter("mo"):
        if (element.text or "") in _BARS and not _spaced(element):
            element.set("lspace", "0")
            element.set("rspace", "0")
    for parent in tree.iter():
        previous = None
        for child in parent:
            if (
                child.tag == "mo"
                and (child.text or "") in _SIGNS
                and not _spaced(child)
                and previous is not None
                and _takes_a_unary_sign(previous)
            ):
                child.set("form", "prefix")
                child.set("lspace", "0")
                child.set("rspace", "0")
            previous = child
    row = tree[0] if len(tree) == 1 and tree[0].tag == "mrow" else tree
    if len(row) > 1:  # (brackets are unspaced anyway)
        first, last = row[0], row[-1]
        if first.tag == "mo" and not _spaced(first) and (first.text or "") not in _BRACKETS:
            first.set("lspace", "0")
        if last.tag == "mo" and not _spaced(last) and (last.text or "") not in _BRACKETS:
            last.set("rspace", "0")


def _takes_a_unary_sign(element: Element) -> bool:
    """Whether a `+`/`−` after `element` is unary: after an operator (a scripted one, as
    `\\sum_i`, too), a relation, punctuation or an opening bracket; not after a closing one
    or a bar (ordinary in TeX)."""
    while element.tag in SCRIPTED and len(element):
        element = element[0]
    return element.tag == "mo" and (element.text or "") not in _CLOSERS | _BARS


def _spaced(element: Element) -> bool:
    return "lspace" in element.attrib or "rspace" in element.attrib
