"""Looking references up: what a slide's code, output, figure or `{run}` block resolves to.

Pure: every function reads `SnippetOutputs` (parsed snippets and their results) and raises
`ReferenceError_` naming `deck.md:line` for what is missing, `SnippetFailed` for what failed
and `SnippetSkipped` for what did not run here. `render` turns the answers into markup and
`marp` into Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.errors import LectureError, ReferenceError_, SnippetFailed
from lecture_tool.references import pycon_statements
from lecture_tool.results import CellResult, Figure, SnippetResult
from lecture_tool.snippet import Snippet


@dataclass(frozen=True)
class SnippetOutputs:
    """What the deck's references resolve against."""

    snippets: Mapping[Path, Snippet] = field(default_factory=dict)
    """Every referenced snippet file that exists, parsed."""
    broken: Mapping[Path, LectureError] = field(default_factory=dict)
    """Referenced snippet files that exist but could not be parsed (with --keep-going)."""
    results: Mapping[Path, SnippetResult] = field(default_factory=dict)
    """Results of running them."""
    runs: SnippetResult | None = None
    """The deck's `{run}` blocks, cells named `run-K` (pycon statements `run-K-J`)."""
    snippets_dir: Path = Path("snippets")


class SnippetSkipped(LectureError):
    """A referenced snippet was skipped here (e.g. it needs CUDA): a notice, not a failure.

    A lecturer building on a laptop still gets the deck; the slide says what did not run.
    """


@dataclass
class Resolver:
    """Looks references of one deck up in the snippet outputs (raising on what is missing)."""

    deck_path: Path
    outputs: SnippetOutputs


def run_block(resolver: Resolver, reference, index: int) -> tuple[str, str, str]:
    """(lang, code, output) a deck's `index`-th `{run}` block shows.

    A pycon block becomes one regenerated transcript (output inline, none after it).
    """
    runs = resolver.outputs.runs
    if reference.lang == "python":
        cell = runs.cell(f"run-{index}") if runs else None
        _check_ran(cell, resolver, reference.line, "{run} block")
        return "python", reference.code, output_text(cell)
    transcript = []
    for number, (_, source) in enumerate(pycon_statements(reference.code), start=1):
        cell = runs.cell(f"run-{index}-{number}") if runs else None
        _check_ran(cell, resolver, reference.line, "pycon {run} statement")
        lines = source.splitlines()
        transcript += [f">>> {lines[0]}", *(f"... {line}" for line in lines[1:])]
        if len(lines) > 1:
            transcript.append("... ")
        transcript.append(output_text(cell).rstrip("\n"))
    return "pycon", "\n".join(part for part in transcript if part) + "\n", ""


def _check_ran(cell: CellResult | None, state: Resolver, line: int, what: str) -> None:
    if cell is None:
        raise ReferenceError_(f"{what} was not run", state.deck_path, line)
    if cell.status == "failed":
        raise SnippetFailed(
            f"{what} failed: {_error_summary(cell)}",
            state.deck_path,
            line,
            hint="fix the code in the block",
        )
    if cell.status == "not-run":
        raise ReferenceError_(
            f"{what} did not run because an earlier {{run}} block failed", state.deck_path, line
        )


def _snippet(state: Resolver, path: Path, line: int) -> Snippet:
    snippet = state.outputs.snippets.get(path)
    if path in state.outputs.broken:
        raise state.outputs.broken[path]
    if snippet is None:
        raise ReferenceError_(
            f"snippet file not found: {_shown(path, state)}",
            state.deck_path,
            line,
            hint=f"paths are relative to {state.outputs.snippets_dir.name}/ "
            "(or to the deck with ./ or ../)",
        )
    return snippet


def snippet_code(state: Resolver, reference) -> str:
    """The code a `python {file=…}` block shows; `lines=` counts within the cell (or body)."""
    line = reference.line
    snippet = _snippet(state, reference.file, line)
    if reference.cell is None:
        code = snippet.body
    else:
        code = _find_cell(snippet, reference.cell, state, line).source + "\n"
    if reference.lines is None:
        return code
    lines = code.splitlines()
    start, end = reference.lines
    end = len(lines) if end is None else end
    if end > len(lines):
        raise ReferenceError_(
            f"lines={start}-{end} is past the end of {_where(reference, state)} "
            f"({len(lines)} lines)",
            state.deck_path,
            line,
        )
    return "\n".join(lines[start - 1 : end]) + "\n"


def check_reference(resolver: Resolver, reference) -> None:
    """Raise for what is wrong with a reference before anything runs: file, cell, lines."""
    if reference.kind == "image":
        if not reference.file.is_file():
            raise ReferenceError_(
                f"image not found: {reference.src}", resolver.deck_path, reference.line
            )
    elif reference.kind == "code":
        snippet_code(resolver, reference)
    elif reference.file is not None:
        snippet = _snippet(resolver, reference.file, reference.line)
        _find_cell(snippet, reference.cell, resolver, reference.line)


def _find_cell(snippet: Snippet, name: str, state: Resolver, line: int):
    try:
        return snippet.cell(name)
    except KeyError:
        names = ", ".join(cell.name for cell in snippet.cells)
        raise ReferenceError_(
            f"no cell {name!r} in {_shown(snippet.path, state)}",
            state.deck_path,
            line,
            hint=f"its cells are: {names}",
        ) from None


def cell_result(state: Resolver, path: Path, name: str, line: int) -> CellResult:
    snippet = _snippet(state, path, line)
    _find_cell(snippet, name, state, line)
    result = state.outputs.results.get(path)
    shown = _shown(path, state)
    if result is None:
        raise ReferenceError_(f"{shown} was not run", state.deck_path, line)
    if result.status == "skipped":
        raise SnippetSkipped(f"{shown} was not run here: {result.reason}", state.deck_path, line)
    cell = result.cell(name)
    if result.status == "failed":
        failed = result.failed_cell
        detail = _error_summary(failed) if failed else result.reason
        where = f" in cell {failed.name!r}" if failed else ""
        raise SnippetFailed(
            f"snippet {shown} failed{where}: {detail}",
            state.deck_path,
            line,
            hint=f"run `lecture-tool run {shown}` to see the whole traceback",
        )
    assert cell is not None
    return cell


def _error_summary(cell: CellResult) -> str:
    if cell.error is None:
        return "failed"
    where = f" (line {cell.error.line})" if cell.error.line else ""
    return f"{cell.error.type}: {cell.error.message}{where}"


def output_text(cell: CellResult | None) -> str:
    """What an `output` block shows: stdout, then stderr, then an expected error's last line."""
    if cell is None:
        return ""
    text = cell.stdout + cell.stderr
    if cell.error is not None and cell.status == "passed":  # a [raises=…] cell
        last = cell.error.traceback.strip().splitlines()[-1:] or [
            f"{cell.error.type}: {cell.error.message}"
        ]
        text += last[0] + "\n"
    return text


def figure_of(state: Resolver, reference) -> Figure:
    """The figure a `figure:FILE#CELL/N` reference names."""
    cell = cell_result(state, reference.file, reference.cell, reference.line)
    if reference.figure > len(cell.figures):
        raise ReferenceError_(
            f"cell {reference.cell!r} of {_shown(reference.file, state)} drew "
            f"{len(cell.figures)} figure(s); there is no figure {reference.figure}",
            state.deck_path,
            reference.line,
        )
    return cell.figures[reference.figure - 1]


def _shown(path: Path, state: Resolver) -> str:
    snippets = state.outputs.snippets_dir
    return str(path.relative_to(snippets)) if path.is_relative_to(snippets) else str(path)


def _where(reference, state: Resolver) -> str:
    shown = _shown(reference.file, state)
    return f"cell {reference.cell!r} of {shown}" if reference.cell else shown
