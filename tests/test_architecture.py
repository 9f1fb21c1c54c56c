"""The package's shape (docs/architecture.md): stages import one way, no cycles, small modules.

Read from the source's import statements (function-level imports included), so a lazy import
that goes the wrong way fails here as much as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecture_tool"
SHARED = {"config", "errors", "files", "text", "reaper", "__init__"}
FLOW = {"pipeline", "plan", "stamps"}
STAGES = ("decks", "running", "writing")
LAYER = {"shared": 0, "running": 1, "decks": 2, "writing": 3, "flow": 4, "commands": 5, "main": 6}
"""Each part may import only parts of a lower layer (or its own): commands → flow →
writing → decks → running → shared. Reading decks may use `running`'s typed snippet values;
writing may use the typed values of both."""


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in PACKAGE.rglob("*.py")
    }


def _part(module: str) -> str:
    head = module.split(".")[0]
    if head in ("commands", *STAGES):
        return head
    if head == "__main__":
        return "main"
    return "flow" if head in FLOW else "shared"


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lecture_tool"):
            base = node.module.removeprefix("lecture_tool").lstrip(".")
            names = [f"{base}.{alias.name}".lstrip(".") for alias in node.names] + [base]
        elif isinstance(node, ast.Import):
            names = [
                a.name.removeprefix("lecture_tool.")
                for a in node.names
                if a.name.startswith("lecture_tool.")
            ]
        found.update(name for name in names if name in modules)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def test_stages_import_one_way():
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if target.split(".")[-1] != "__init__"
        and _part(target) != _part(module)
        and LAYER[_part(target)] > LAYER[_part(module)]
    ]
    assert wrong == []


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path + [module, target]
            if target not in state and (cycle := visit(target, path + [module])):
                return cycle
        state[module] = 2
        return None

    cycles = [
        cycle for module in sorted(graph) if module not in state and (cycle := visit(module, []))
    ]
    assert cycles == []


def test_few_flat_modules_and_documented_packages():
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 12, flat
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    assert len(packages) >= 3
    for package in packages:
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert docstring and "import" in docstring, (
            f"{package.name}/__init__.py says what it may import"
        )


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
