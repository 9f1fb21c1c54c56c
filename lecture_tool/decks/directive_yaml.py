"""Directive YAML read as Marp reads it: every scalar a string; plain `key: "value"` lines
(nearly every directive, once quoted by `directives._loosen`) without importing PyYAML."""

from __future__ import annotations

import re
from typing import Any


class YamlProblem(Exception):
    """YAML that does not parse: `problem` says why, `line` where (0: the text's first)."""

    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.problem, self.line = problem, line


def read_loose_yaml(loose: str, text: str) -> Any:
    """`loose` (directive YAML with its values quoted as Marpit quotes them) read with every
    scalar a string (Marp's failsafe schema). Where that quoting makes YAML that does not parse
    (a backslash YAML cannot escape: `footer: C:\\Users`), `text` as written is read instead:
    Marp would drop the whole block, keeping what was written loses less. Raises YamlProblem.
    """
    simple = simple_mapping(loose)
    if simple is not None:
        return simple
    # Anything else is read by PyYAML, imported only then: it costs a process ~15 ms, and a
    # deck's directives are nearly always `key: value` lines that simple_mapping reads.
    import yaml

    try:
        try:
            return yaml.load(loose, Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            if loose == text:
                raise
        return yaml.load(text, Loader=yaml.BaseLoader)  # its error names the author's own line
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise YamlProblem(problem, mark.line if mark is not None else 0) from None


# After `_loosen`, a directive is `key: "value"` with only `\"` escaped; whole-line comments
# and blank lines are nothing to YAML. Control characters make YAML fail: left to it. The colon
# needs a space after it: `theme:""` is one plain scalar to YAML, not a key and a value.
_QUOTED_LINE = re.compile(
    r"""^([A-Za-z_$][A-Za-z0-9_$-]*)[ \t]*:[ \t]+"((?:[^"\\\x00-\x1f\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029]|\\")*)"[ \t]*$"""
)
_NOTHING_LINE = re.compile(r"^[ \t]*(#.*)?$")


def simple_mapping(loose: str) -> dict[str, str] | None:
    """What YAML's BaseLoader reads from `loose` when each of its lines is a `key: "value"`
    (or blank, or a comment); None for anything else (nesting, lists, block scalars …)."""
    found: dict[str, str] = {}
    for line in loose.split("\n"):
        match = _QUOTED_LINE.match(line)
        if match:
            found[match.group(1)] = match.group(2).replace('\\"', '"')
        elif not _NOTHING_LINE.match(line):
            return None
    return found or None
