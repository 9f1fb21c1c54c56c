"""Snippet files: percent-format cells with a commented YAML header → `Snippet`/`Cell`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lecture_tool.config import parse_size
from lecture_tool.errors import SnippetFormatError
from lecture_tool.text import read_source

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 24 * 3600.0
"""A day: a longer `timeout` is a typo, and `.inf`/`.nan` would disable it."""
MAX_SEED = 2**32 - 1
"""numpy's `random.seed` takes 0 … 2**32 - 1; torch and random take those too."""
_CELL_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
_CELL_TITLE = re.compile(r"^\s*(?P<name>\S+)?\s*(?:\[(?P<options>[^\]]*)\])?\s*$")
_CELL_NAME = re.compile(r"^[a-z0-9_-]+$")
_HEADER_KEYS = {"requires", "timeout", "smoke", "seed", "exclusive", "memory"}
EXERCISE_SUFFIX = "-exercise"


@dataclass(frozen=True)
class Cell:
    """One `# %%` cell of a snippet file."""

    name: str
    """The cell's title, or its 1-based number among untitled cells."""
    source: str
    """The code between this marker and the next, trailing blank lines removed."""
    line: int
    """1-based line in the file of the cell's first code line (the line after its marker)."""
    raises: str | None = None
    """`[raises=TypeError]`: the cell passes only if it raises this exception type."""
    interactive: bool = False
    """A `pycon {run}` statement: an expression's value is echoed as the REPL does."""
    solution: bool = False
    """`[solution]`: an exercise's answer; student builds show `NAME-exercise` instead."""

    @property
    def is_exercise(self) -> bool:
        """`NAME-exercise`: the student version of a solution, compiled but never run."""
        return self.name.endswith(EXERCISE_SUFFIX)


@dataclass(frozen=True)
class Header:
    """The `lecture:` block of a snippet's commented YAML header."""

    requires: tuple[str, ...] = ()
    """`cuda` or importable module names; unmet → the snippet is skipped, not failed."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds for the whole file."""
    smoke: tuple[tuple[str, Any], ...] = ()
    """Overrides applied after the `params` cell in smoke (test) runs."""
    seed: int | None = 0
    """torch/numpy/random are seeded with this before the first cell; None disables."""
    exclusive: bool = False
    """Run alone with every core (timing snippets): no other snippet runs beside it."""
    memory: int | None = None
    """`memory: 2GiB`: bytes of RAM the snippet may use (None: the project's default)."""


@dataclass(frozen=True)
class Snippet:
    """A parsed snippet file."""

    path: Path
    header: Header
    cells: tuple[Cell, ...]
    text: str = field(repr=False)
    """The whole file as read."""
    header_end: int = 0
    """Number of lines the header occupies (0 when there is none)."""

    def cell(self, name: str) -> Cell:
        for cell in self.cells:
            if cell.name == name:
                return cell
        raise KeyError(name)

    @property
    def body(self) -> str:
        """The file without its header: what a slide shows for a whole-file reference."""
        return "\n".join(self.text.splitlines()[self.header_end :]).strip("\n") + "\n"


def load_snippet(path: Path) -> Snippet:
    """Read and parse a snippet file."""
    try:
        text = read_source(Path(path))
    except OSError as exc:
        raise SnippetFormatError(f"cannot read snippet: {exc.strerror}", path) from None
    return parse_snippet(text, Path(path))


def parse_snippet(text: str, path: Path) -> Snippet:
    """Parse snippet source text; `path` is used for error messages and identity."""
    lines = text.splitlines()
    header, header_end = _parse_header(lines, path)
    cells = _parse_cells(lines, header_end, path)
    return Snippet(path=path, header=header, cells=cells, text=text, header_end=header_end)


def _parse_header(lines: list[str], path: Path) -> tuple[Header, int]:
    """The `# ---` … `# ---` block at the top of the file (after blank lines / a shebang)."""
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#!")):
        start += 1
    if start >= len(lines) or lines[start].strip() != "# ---":
        return Header(), 0
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "# ---"), None)
    if end is None:
        raise SnippetFormatError(
            "header opened with '# ---' is never closed",
            path,
            start + 1,
            hint="end the header with another '# ---' line",
        )
    yaml_lines = []
    for number in range(start + 1, end):
        line = lines[number]
        if line.strip() and not line.lstrip().startswith("#"):
            raise SnippetFormatError(
                "header line is not a comment",
                path,
                number + 1,
                hint="every header line starts with '# '",
            )
        yaml_lines.append(re.sub(r"^\s*# ?", "", line))
    import yaml  # only for a snippet with a header: most have none

    try:
        data = yaml.safe_load("\n".join(yaml_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = start + 2 + mark.line if mark is not None else start + 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SnippetFormatError(f"invalid header YAML: {problem}", path, line) from None
    if not isinstance(data, dict):
        raise SnippetFormatError("header must be a YAML mapping", path, start + 2)
    return _header_from(data.get("lecture") or {}, path, start + 2), end + 1


def _header_from(data: Any, path: Path, line: int) -> Header:
    if not isinstance(data, dict):
        raise SnippetFormatError("`lecture:` must be a mapping", path, line)
    unknown = sorted(set(data) - _HEADER_KEYS)
    if unknown:
        raise SnippetFormatError(
            f"unknown header key {unknown[0]!r}",
            path,
            line,
            hint=f"known keys: {', '.join(sorted(_HEADER_KEYS))}",
        )
    requires = data.get("requires", [])
    if isinstance(requires, str):
        requires = [requires]
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise SnippetFormatError("`requires` must be a list of names", path, line)
    timeout = data.get("timeout", DEFAULT_TIMEOUT)
    if not _is_number(timeout) or not 0 < timeout <= MAX_TIMEOUT:
        raise SnippetFormatError(
            f"`timeout` must be a number of seconds in (0, {MAX_TIMEOUT:.0f}], not {timeout!r}",
            path,
            line,
            hint="write e.g. `timeout: 300`",
        )
    smoke = data.get("smoke", {}) or {}
    if not isinstance(smoke, dict) or not all(
        isinstance(k, str) and k.isidentifier() for k in smoke
    ):
        raise SnippetFormatError("`smoke` must map variable names to values", path, line)
    seed = data.get("seed", 0)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED
    ):
        raise SnippetFormatError(
            f"`seed` must be an integer in [0, {MAX_SEED}] or null, not {seed!r}", path, line
        )
    exclusive = data.get("exclusive", False)
    if not isinstance(exclusive, bool):
        raise SnippetFormatError("`exclusive` must be true or false", path, line)
    memory = data.get("memory")
    if memory is not None:
        try:
            memory = parse_size(memory)
        except ValueError as error:
            raise SnippetFormatError(
                f"`memory`: {error}", path, line, hint="write e.g. `memory: 2GiB`"
            ) from None
    return Header(
        memory=memory,
        requires=tuple(requires),
        timeout=float(timeout),
        smoke=tuple(smoke.items()),
        seed=seed,
        exclusive=exclusive,
    )


def _is_number(value: Any) -> bool:
    """A finite int or float (YAML's `.nan` and `.inf` are floats; `true` is an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_cells(lines: list[str], header_end: int, path: Path) -> tuple[Cell, ...]:
    markers = [
        (number, match)
        for number in range(header_end, len(lines))
        if (match := _CELL_MARKER.match(lines[number]))
    ]
    if not markers:
        # A file with no markers is one untitled cell.
        source = "\n".join(lines[header_end:])
        return (
            Cell(name="1", source=source.strip("\n"), line=_first_code_line(lines, header_end)),
        )

    cells: list[Cell] = []
    if any(line.strip() for line in lines[header_end : markers[0][0]]):
        # Code before the first marker still runs, as the first untitled cell.
        markers.insert(0, (header_end - 1, None))
    untitled = 0
    for index, (number, match) in enumerate(markers):
        end = markers[index + 1][0] if index + 1 < len(markers) else len(lines)
        first = number + 1
        while first < end and not lines[first].strip():
            first += 1  # leading blank lines are not part of what a slide shows
        body = lines[first:end]
        while body and not body[-1].strip():
            body.pop()
        name, raises, solution = (
            (None, None, False) if match is None else _parse_title(match["rest"], path, number)
        )
        if name is None:
            untitled += 1
            name = str(untitled)
        if any(cell.name == name for cell in cells):
            raise SnippetFormatError(
                f"duplicate cell name {name!r}", path, number + 1, hint="cell names must be unique"
            )
        cell = Cell(
            name=name, source="\n".join(body), line=first + 1, raises=raises, solution=solution
        )
        if cell.is_exercise:
            _compile_exercise(cell, path)
        cells.append(cell)
    return tuple(cells)


def _compile_exercise(cell: Cell, path: Path) -> None:
    """Exercise cells never run, so a syntax error in one is caught here, at parse time."""
    try:
        compile("\n" * (cell.line - 1) + cell.source + "\n", str(path), "exec")
    except SyntaxError as exc:
        raise SnippetFormatError(
            f"exercise cell {cell.name!r} does not compile: {exc.msg}",
            path,
            exc.lineno or cell.line,
            hint="exercise cells are not run, but they must be valid Python",
        ) from None


def _parse_title(rest: str, path: Path, number: int) -> tuple[str | None, str | None, bool]:
    title = _CELL_TITLE.match(rest)
    if title is None:
        raise SnippetFormatError(
            f"invalid cell marker '# %%{rest}'",
            path,
            number + 1,
            hint="write '# %% name' or '# %% name [raises=Error]'",
        )
    name = title["name"]
    if name is not None and not _CELL_NAME.match(name):
        raise SnippetFormatError(
            f"invalid cell name {name!r}",
            path,
            number + 1,
            hint="use lowercase letters, digits, '-' and '_'",
        )
    raises, solution = None, False
    for option in filter(None, (o.strip() for o in (title["options"] or "").split(","))):
        key, has_value, value = (part.strip() for part in option.partition("="))
        if key == "solution" and not has_value:
            solution = True
        elif key == "raises" and value:
            raises = value
        else:
            raise SnippetFormatError(
                f"unknown cell option {option!r}",
                path,
                number + 1,
                hint="the known options are raises=ExceptionName and solution",
            )
    return name, raises, solution


def _first_code_line(lines: list[str], start: int) -> int:
    for number in range(start, len(lines)):
        if lines[number].strip():
            return number + 1
    return start + 1
