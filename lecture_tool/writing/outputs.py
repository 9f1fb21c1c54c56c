"""What a reference shows: a snippet's code, a cell's output or figure, a `{run}` block's
transcript — or why it cannot show it.

`SnippetTable` holds every deck's snippets and their results; `DeckOutputs` answers one
deck's references against it and that deck's own `{run}` results. Pure. What is missing
raises `BrokenReference` naming `deck.md:line`, what failed raises `SnippetFailed`, and
what did not run here (a CUDA snippet on a laptop) is a `Skipped` value: a notice on the
slide, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lecture_tool.config import is_inside
from lecture_tool.decks.references import Reference
from lecture_tool.decks.runs import pycon_statements
from lecture_tool.errors import BrokenReference, LectureError, OutsideProject, SnippetFailed
from lecture_tool.running.results import CellResult, Figure, SnippetResult
from lecture_tool.running.snippet import EXERCISE_SUFFIX, Cell, Snippet


@dataclass(frozen=True)
class SnippetTable:
    """Every referenced snippet of the decks being built, parsed, and what running them gave."""

    snippets_dir: Path
    snippets: Mapping[Path, Snippet] = field(default_factory=dict)
    """Every referenced snippet file that exists and parses."""
    broken: Mapping[Path, LectureError] = field(default_factory=dict)
    """Referenced snippet files that exist but could not be parsed."""
    results: Mapping[Path, SnippetResult] = field(default_factory=dict)
    root: Path | None = None
    """The project root, where `lecture-tool run PATH` is typed (PATH relative to it)."""
    boundary: tuple[Path, ...] = ()
    """The folders decks may read snippets and images from (`Project.boundary`); a file
    elsewhere is a broken reference. Empty: no boundary (a table built by hand)."""

    _outside: dict[Path, bool] = field(default_factory=dict, repr=False, compare=False)
    """`outside` answers: a deck asks about each snippet once per reference (the table lives
    for one build, so a symlink changed later is seen by the next)."""

    def outside(self, path: Path) -> bool:
        """True when `path` (symlinks resolved) is outside every folder of the boundary."""
        if path not in self._outside:
            self._outside[path] = bool(self.boundary) and not is_inside(path, self.boundary)
        return self._outside[path]

    def command_path(self, path: Path) -> str:
        """A snippet path as `lecture-tool run` takes it from the project root."""
        root = self.root or self.snippets_dir.parent
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    def shown(self, path: Path) -> str:
        """A snippet path as a lecturer writes it (relative to snippets/ when inside)."""
        base = self.snippets_dir
        return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


@dataclass(frozen=True)
class Skipped:
    """A reference to a snippet that did not run here; the slide shows `message` instead."""

    message: str


@dataclass(frozen=True)
class Hidden:
    """What a student build shows instead of a solution (its code, output or figure)."""

    message: str


SOLUTION_HIDDEN = Hidden("solution hidden — try the exercise first")
OUTPUT_HIDDEN = Hidden("Run your solution to see this output")
GIVEN_OUTPUT_HIDDEN = Hidden("Run this after your solution to see its output")
"""For given code that reads what a solution binds: its output came from the lecturer's."""


@dataclass(frozen=True)
class RunBlock:
    """What a `{run}` block shows: its code (a regenerated transcript for pycon) and output."""

    lang: str
    code: str
    output: str = ""


class DeckOutputs:
    """Answers one deck's references: against `table`, and `runs` for its `{run}` blocks."""

    def __init__(
        self,
        deck_path: Path,
        table: SnippetTable,
        runs: SnippetResult | None = None,
        *,
        student: bool = False,
    ):
        self.deck_path = deck_path
        self.table = table
        self.runs = runs
        """The deck's `{run}` blocks' result: cells `run-K` (pycon statements `run-K-J`)."""
        self.student = student
        """Answer as the student build does: `[solution]` cells show their exercise."""
        self._gates: dict[Path, dict[str, str]] = {}

    # -- what references show ------------------------------------------------------------

    def check(self, reference: Reference) -> None:
        """Raise for what is wrong before anything runs: syntax, file, cell, lines, image."""
        if reference.kind == "broken":
            raise reference.error
        if reference.kind == "image":
            self._inside(reference)
            if not reference.file.is_file():
                raise self._error(f"image not found: {reference.src}", reference)
        elif reference.kind == "code":
            code = self.code(reference)
            if isinstance(code, str):
                self.check_marks(reference, code)
        elif reference.kind == "run" and reference.lang == "python":
            self.check_marks(reference, reference.code)
        elif reference.snippet_file is not None:
            self._cell(self._snippet(reference), reference)

    def code(self, reference: Reference) -> str | Hidden:
        """The code a `python {file=…}` block shows; `lines=` counts within the cell (or body).

        In a student build a solution shows its exercise cell whole (or is hidden)."""
        snippet = self._snippet(reference)
        if reference.cell is None:
            code = self._student_body(snippet) if self.student else snippet.body
        else:
            cell = self._cell(snippet, reference)
            shown = self.shown_cell(snippet, cell)
            if shown is not cell:
                return shown if isinstance(shown, Hidden) else shown.source + "\n"
            code = cell.source + "\n"
        if reference.lines is None:
            return code
        lines = code.splitlines()
        start, end = reference.lines
        end = len(lines) if end is None else end
        if end > len(lines):
            where = self.table.shown(reference.file)
            if reference.cell:
                where = f"cell {reference.cell!r} of {where}"
            raise self._error(
                f"lines={start}-{end} is past the end of {where} ({len(lines)} lines)", reference
            )
        return "\n".join(lines[start - 1 : end]) + "\n"

    def check_marks(self, reference: Reference, code: str) -> None:
        """`highlight=`/`steps=` name only lines the shown code has."""
        count = len(code.splitlines())
        past = [n for n in reference.named_lines if n > count]
        if past:
            raise self._error(
                f"line {past[0]} is highlighted, but the block shows {count} line(s)",
                reference,
                hint="lines count within the shown code, from 1",
            )

    def output(self, reference: Reference) -> str | Skipped | Hidden:
        """The text an `output` block shows."""
        cell = self._cell_result(reference)
        return cell if isinstance(cell, (Skipped, Hidden)) else output_text(cell)

    def raised(self, reference: Reference) -> bool:
        """The output ends with the line of the error its cell is expected to raise
        (`[raises=…]`): a message, prose that may wrap where a table of numbers may not."""
        cell = self._cell_result(reference)
        return isinstance(cell, CellResult) and _raised_as_expected(cell)

    def figure(self, reference: Reference) -> Figure | Skipped | Hidden:
        """The figure a `figure:FILE#CELL/N` reference names."""
        cell = self._cell_result(reference)
        if isinstance(cell, (Skipped, Hidden)):
            return cell
        if reference.figure > len(cell.figures):
            raise self._error(
                f"cell {reference.cell!r} of {self.table.shown(reference.file)} drew "
                f"{len(cell.figures)} figure(s); there is no figure {reference.figure}",
                reference,
            )
        return cell.figures[reference.figure - 1]

    def run_block(self, reference: Reference) -> RunBlock:
        """What a `{run}` block shows; a pycon block becomes one regenerated transcript."""
        if reference.lang == "python":
            cell = self._ran(reference.run_cell, reference, "{run} block")
            return RunBlock("python", reference.code, output_text(cell))
        transcript = []
        for number, (_, source) in enumerate(pycon_statements(reference.code), start=1):
            cell = self._ran(f"{reference.run_cell}-{number}", reference, "pycon {run} statement")
            lines = source.splitlines()
            transcript += [f">>> {lines[0]}", *(f"... {line}" for line in lines[1:])]
            if len(lines) > 1:
                transcript.append("... ")
            transcript.append(output_text(cell).rstrip("\n"))
        return RunBlock("pycon", "\n".join(part for part in transcript if part) + "\n")

    def is_answer(self, reference: Reference) -> bool:
        """A student build's stepped output of a solution (`step=N`): a "predict the output"
        answer, which the lecturer's step reveals; kept, and left out of printed pages."""
        if not (self.student and reference.kind == "output" and reference.step):
            return False
        return self._cell(self._snippet(reference), reference).solution

    def _needs_a_solution(self, snippet: Snippet, cell: Cell) -> bool:
        """A cell that reads what a solution binds (a check after an exercise): a student's
        deck shows its output no more than the solution's, which it was computed with."""
        if snippet.path not in self._gates:
            from lecture_tool.writing.notebook_code import solution_gates

            self._gates[snippet.path] = solution_gates(snippet)
        return cell.name in self._gates[snippet.path]

    def shown_cell(self, snippet: Snippet, cell: Cell) -> Cell | Hidden:
        """The cell a reader sees for `cell`: itself, or for a student its exercise."""
        if not (self.student and cell.solution):
            return cell
        try:
            return snippet.cell(f"{cell.name}{EXERCISE_SUFFIX}")
        except KeyError:
            return SOLUTION_HIDDEN

    def result_of(
        self, path: Path, cell: str, reference: Reference
    ) -> CellResult | Skipped | Hidden:
        """What running cell `cell` of snippet `path` gave (for notebooks)."""
        return self._cell_result(replace(reference, file=path, cell=cell))

    def _student_body(self, snippet: Snippet) -> str:
        """The file without its solutions' code (each replaced by a one-line notice)."""
        lines = snippet.text.splitlines()
        for cell in snippet.cells:
            if cell.solution and cell.source:
                first = cell.line - 1
                count = len(cell.source.splitlines())
                lines[first : first + count] = [f"# {SOLUTION_HIDDEN.message}"] + [None] * (
                    count - 1
                )
        kept = [line for line in lines[snippet.header_end :] if line is not None]
        return "\n".join(kept).strip("\n") + "\n"

    # -- lookups ---------------------------------------------------------------------------

    def _error(self, message: str, reference: Reference, hint: str | None = None):
        return BrokenReference(message, self.deck_path, reference.line, hint=hint)

    def _inside(self, reference: Reference) -> None:
        """A deck someone else wrote must not show or run the build machine's files."""
        if self.table.outside(reference.file):
            what = "image" if reference.kind == "image" else "snippet"
            written = reference.src or str(reference.file)
            resolved = f" ({reference.file})" if written != str(reference.file) else ""
            raise OutsideProject(
                f"{what} {written} is outside the project{resolved}",
                self.deck_path,
                reference.line,
                hint='move it into the project, or allow its folder with allow_outside = ["…"] '
                "in [tool.lecture_tool]",
            )

    def _snippet(self, reference: Reference) -> Snippet:
        path = reference.file
        self._inside(reference)
        if path in self.table.broken:
            raise self.table.broken[path]
        snippet = self.table.snippets.get(path)
        if snippet is None:
            raise self._error(
                f"snippet file not found: {self.table.shown(path)}",
                reference,
                hint=f"paths are relative to {self.table.snippets_dir.name}/ "
                "(or to the deck with ./ or ../)",
            )
        return snippet

    def _cell(self, snippet: Snippet, reference: Reference) -> Cell:
        try:
            return snippet.cell(reference.cell)
        except KeyError:
            names = ", ".join(cell.name for cell in snippet.cells)
            raise self._error(
                f"no cell {reference.cell!r} in {self.table.shown(snippet.path)}",
                reference,
                hint=f"its cells are: {names}",
            ) from None

    def _cell_result(self, reference: Reference) -> CellResult | Skipped | Hidden:
        snippet = self._snippet(reference)
        cell = self._cell(snippet, reference)
        if self.student:
            if cell.solution and not self.is_answer(reference):
                return OUTPUT_HIDDEN
            if self._needs_a_solution(snippet, cell):
                return GIVEN_OUTPUT_HIDDEN
        result = self.table.results.get(reference.file)
        shown = self.table.shown(reference.file)
        if result is None:
            raise self._error(f"{shown} was not run", reference)
        if result.status == "skipped":
            return skipped_notice(result.reason, student=self.student)
        if result.status == "failed":
            failed = result.failed_cell
            detail = _error_summary(failed) if failed else result.reason
            where = f" in cell {failed.name!r}" if failed else ""
            raise SnippetFailed(
                f"snippet {shown} failed{where}: {detail}",
                self.deck_path,
                reference.line,
                hint=f"run `lecture-tool run {self.table.command_path(reference.file)}` "
                "to see the whole traceback",
            )
        cell = result.cell(reference.cell)
        assert cell is not None
        return cell

    def standin(self, reference: Reference) -> bool:
        """The snippet (or `{run}` block) a reference shows the output of read stand-in data
        (`SnippetResult.standin`): its slide carries a badge saying so."""
        if reference.kind == "run":
            return bool(self.runs and self.runs.standin)
        result = self.table.results.get(reference.file) if reference.file else None
        return bool(result and result.standin)

    def _ran(self, name: str, reference: Reference, what: str) -> CellResult:
        cell = self.runs.cell(name) if self.runs else None
        if cell is None:
            raise self._error(f"{what} was not run", reference)
        if cell.status == "failed":
            raise SnippetFailed(
                f"{what} failed: {_error_summary(cell)}",
                self.deck_path,
                reference.line,
                hint="fix the code in the block",
            )
        if cell.status == "not-run":
            raise self._error(
                f"{what} did not run because an earlier {{run}} block failed", reference
            )
        return cell


GPU_NOTICE = "Measured on a GPU — build with `--device cuda` to see these numbers"
"""The lecturer's deck: how to get the numbers."""
STUDENT_GPU_NOTICE = "Runs on a GPU — run this cell on a machine with one to see its output"
"""A student's deck: what to do, not how decks are built."""


def skipped_notice(reason: str, *, student: bool = False) -> Skipped:
    """What a slide says where a skipped snippet's output would be: one line for students,
    not the build's own words (`reason` is `Engine.decide`'s)."""
    if "CUDA" in reason:
        return Skipped(STUDENT_GPU_NOTICE if student else GPU_NOTICE)
    module = reason.split("'")[1] if reason.startswith("requires the module '") else ""
    if module:
        return Skipped(f"Needs the `{module}` package — install it to see this output")
    return Skipped(f"Not shown: {reason}")


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
    if _raised_as_expected(cell):
        last = cell.error.traceback.strip().splitlines()[-1:] or [
            f"{cell.error.type}: {cell.error.message}"
        ]
        text += last[0] + "\n"
    return text


def _raised_as_expected(cell: CellResult) -> bool:
    return cell.error is not None and cell.status == "passed"  # a [raises=…] cell
