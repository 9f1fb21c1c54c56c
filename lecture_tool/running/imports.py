"""What a snippet's code imports and which modules it reaches, read from its syntax tree.

The cache key asks which sibling modules a snippet imports, the notebook export which
packages to install, and the pool which heavy libraries to import before forking its
worker. Each snippet text is parsed once, however many of them ask.
"""

from __future__ import annotations

import ast
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lecture_tool.running.snippet import Snippet


def imported_modules(snippet: Snippet) -> set[str]:
    """The top-level names of the modules a snippet imports (absolute imports only)."""
    return set(_analysis(snippet.text)[0])


def used_modules(snippet: Snippet) -> frozenset[str]:
    """Dotted names of the modules a snippet imports or reaches through an attribute, each
    with its parents: `import torch` then `torch.optim.SGD(...)` gives `torch` and
    `torch.optim` (and `torch.optim.SGD`: an attribute may name a module or not)."""
    return _analysis(snippet.text)[1]


@functools.lru_cache(maxsize=1024)  # asked for the key, the stamp and the pool, per build
def _analysis(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(top-level imported names, dotted names used) of a snippet's text."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return frozenset(), frozenset()
    top: set[str] = set()
    bound: dict[str, str] = {}  # a name the code binds by importing → the module it means
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top.add(alias.name.split(".")[0])
                used.add(alias.name)
                # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                local = alias.asname or alias.name.split(".")[0]
                bound[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top.add(node.module.split(".")[0])
            used.add(node.module)
            for alias in node.names:
                if alias.name != "*":
                    # `from torch import optim` may bind a module: count it as one.
                    used.add(f"{node.module}.{alias.name}")
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (chain := _dotted(node)):
            root, _, rest = chain.partition(".")
            if root in bound:
                used.add(f"{bound[root]}.{rest}")
    return frozenset(top), frozenset(_with_parents(used))


def _dotted(node: ast.Attribute) -> str | None:
    """`a.b.c` for an attribute chain on a plain name; None for `f().x` and the like."""
    parts = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    parts.append(current.id)
    return ".".join(reversed(parts))


def _with_parents(names: set[str]) -> set[str]:
    found = set()
    for name in names:
        parts = name.split(".")
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return found
