"""The code of a notebook's snippet cells: the first line that names the cell's snippet,
exercises in nbgrader's form, the cells that need an exercise's result, smoke overrides.

Pure functions of source text (`ast`); the kernel side of these conventions is
`notebook_kernel.LectureNotebook`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from typing import Any

from lecture_tool.running.snippet import EXERCISE_SUFFIX, Cell, Snippet

RAISE = "raise NotImplementedError()"
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
YOUR_CODE = "  # YOUR CODE HERE"


def marked(source: str, snippet: str, cell: str, *, kind: str = "cell") -> str:
    """`source` under the line that tells the kernel (and the reader) where it comes from:
    `# 02-tensors/create.py, cell create` (`exercise` for a student's exercise cell)."""
    line = f"# {snippet}, {kind} {cell}"
    return f"{line}\n{source}" if source else line


def as_exercise(source: str) -> str:
    """An exercise cell in nbgrader's form: it raises `NotImplementedError` until written.

    Each `...` placeholder statement (`...`, `return ...`) becomes `raise
    NotImplementedError()`, keeping its comment; after a run of statements whose value is
    `...` (`D = ...  # TODO`) that line is inserted, so what follows never sees an Ellipsis.
    A cell with no placeholder ends with it; one that raises it already is kept as it is."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return f"{source}\n{RAISE}{YOUR_CODE}"
    if any(_raises_not_implemented(node) for node in ast.walk(tree)):
        return source  # written in nbgrader's form already
    lines = source.splitlines()
    replace: dict[int, str] = {}
    insert_after: dict[int, str] = {}
    for body in _bodies(tree):
        for index, statement in enumerate(body):
            kind = _placeholder(statement)
            if kind is None:
                continue
            indent = lines[statement.lineno - 1][: statement.col_offset]
            if kind == "statement":
                rest = lines[statement.end_lineno - 1][statement.end_col_offset :]
                replace[statement.lineno] = f"{indent}{RAISE}{rest or YOUR_CODE}"
                for number in range(statement.lineno + 1, statement.end_lineno + 1):
                    replace[number] = ""
            elif index + 1 == len(body) or _placeholder(body[index + 1]) != "value":
                insert_after[statement.end_lineno] = f"{indent}{RAISE}  # replace the ... above"
    if not replace and not insert_after:
        return f"{source.rstrip()}\n{RAISE}{YOUR_CODE}"
    out = []
    for number, line in enumerate(lines, start=1):
        if number in replace:
            if replace[number]:
                out.append(replace[number])
        else:
            out.append(line)
        if number in insert_after:
            out.append(insert_after[number])
    return "\n".join(out)


def hidden_exercise(message: str) -> str:
    """A solution a student build hides and no exercise cell replaces: write it whole."""
    return f"# {message}\n{RAISE}{YOUR_CODE}"


def solution_gates(snippet: Snippet) -> dict[str, str]:
    """`exercise_gates` of a snippet's runnable cells, each solution standing for itself and
    its `-exercise` version: which cells need an exercise a student writes."""
    runnable = [cell for cell in snippet.cells if not cell.is_exercise]
    exercises = {
        cell.name: [
            cell.source,
            *(other.source for other in snippet.cells if other.name == cell.name + EXERCISE_SUFFIX),
        ]
        for cell in runnable
        if cell.solution
    }
    return exercise_gates(runnable, exercises) if exercises else {}


def exercise_gates(cells: Sequence[Cell], exercises: dict[str, Iterable[str]]) -> dict[str, str]:
    """Which later cells need an exercise's result: cell name → the exercise's name.

    `cells` are a snippet's runnable cells in order; `exercises` maps each solution cell a
    student writes to the sources it stands for (its solution and exercise versions). A cell
    needs an exercise when it reads a name the exercise binds, or one that a cell needing it
    binds (its result is missing too)."""
    gates: dict[str, str] = {}
    needing: dict[str, str] = {}  # name → the exercise it is missing for
    for cell in cells:
        if cell.name in exercises:
            for source in exercises[cell.name]:
                needing.update(dict.fromkeys(bound_names(source), cell.name))
            continue
        missing = [needing[name] for name in sorted(free_names(cell.source)) if name in needing]
        if missing:
            gates[cell.name] = missing[0]
            needing.update(dict.fromkeys(bound_names(cell.source), missing[0]))
        else:  # what it binds anew no longer waits for the exercise
            for name in bound_names(cell.source):
                needing.pop(name, None)
    return gates


def with_smoke(source: str, overrides: Sequence[tuple[str, Any]]) -> str:
    """`source` (a `params` cell) followed by the smoke overrides a `--smoke` build ran with."""
    lines = [f"{name} = {value!r}" for name, value in overrides]
    note = "# smoke run (built with --smoke): smaller values, as the tests run it"
    return "\n".join([source, "", note, *lines]) if source else "\n".join([note, *lines])


# -- names -------------------------------------------------------------------------------


def bound_names(source: str) -> set[str]:
    """Names a cell binds at its top level (assignments, imports, defs, loop targets)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for statement in tree.body:
        names |= _binds(statement)
    return names


def free_names(source: str) -> set[str]:
    """Names a cell reads before it binds them (in the order Python runs it; a function's
    body reads the cell's names when called, so those count too)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return _free(tree.body, set())


def _free(statements: list[ast.stmt], bound: set[str]) -> set[str]:
    """What `statements` read that `bound` (updated as they bind) does not hold yet."""
    free: set[str] = set()
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(statement.name)
            outside = [*statement.decorator_list, *_defaults(statement)]
            free |= _reads(outside, bound)
            local = _parameters(statement) | {n for s in statement.body for n in _binds(s)}
            free |= _free(statement.body, bound | local) - local
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            free |= _reads([statement.iter], bound)
            bound |= _stored(statement.target)
            free |= _free(statement.body, bound) | _free(statement.orelse, bound)
        elif isinstance(statement, (ast.If, ast.While)):
            free |= _reads([statement.test], bound)
            free |= _free(statement.body, bound) | _free(statement.orelse, bound)
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                free |= _reads([item.context_expr], bound)
                if item.optional_vars is not None:
                    bound |= _stored(item.optional_vars)
            free |= _free(statement.body, bound)
        elif isinstance(statement, ast.Try):
            free |= _free(statement.body, bound)
            for handler in statement.handlers:
                free |= _reads([handler.type] if handler.type else [], bound)
                free |= _free(handler.body, bound | ({handler.name} if handler.name else set()))
            free |= _free(statement.orelse, bound) | _free(statement.finalbody, bound)
        else:
            free |= _reads([statement], bound)
            bound |= _binds(statement)
    return free


def _reads(nodes: list[ast.AST], bound: set[str]) -> set[str]:
    """Names `nodes` read (an augmented assignment reads its target) that are not bound,
    leaving out the names comprehensions and lambdas bind for themselves."""
    reads, own = set(), set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                reads.add(node.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                reads.add(node.target.id)
            elif isinstance(node, ast.comprehension):
                own |= _stored(node.target)
            elif isinstance(node, ast.Lambda):
                own |= {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    return reads - own - bound


def _stored(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _parameters(node: ast.AST) -> set[str]:
    args = getattr(node, "args", None)
    return {a.arg for a in ast.walk(args) if isinstance(a, ast.arg)} if args else set()


def _defaults(node: ast.AST) -> list[ast.AST]:
    args = getattr(node, "args", None)
    if args is None:
        return list(getattr(node, "bases", ())) + [k.value for k in getattr(node, "keywords", ())]
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def _binds(statement: ast.stmt) -> set[str]:
    names = set()
    for node in _top_scope(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    return names


def _top_scope(node: ast.AST) -> Iterable[ast.AST]:
    """`node` and what is inside it, but not inside the functions or classes it defines."""
    yield node
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *_COMPREHENSIONS)
    for child in ast.iter_child_nodes(node):
        if isinstance(node, scopes) and child not in getattr(node, "decorator_list", ()):
            continue
        yield from _top_scope(child)


def _bodies(tree: ast.AST) -> Iterable[list[ast.stmt]]:
    """Every statement list in the tree (module, function, loop, branch bodies …)."""
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield body


def _raises_not_implemented(node: ast.AST) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _placeholder(statement: ast.stmt) -> str | None:
    """'statement' for `...` or `return ...`; 'value' for `x = ...`; else None."""
    value = getattr(statement, "value", None)
    if not (isinstance(value, ast.Constant) and value.value is Ellipsis):
        return None
    if isinstance(statement, (ast.Expr, ast.Return)):
        return "statement"
    if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        return "value"
    return None
