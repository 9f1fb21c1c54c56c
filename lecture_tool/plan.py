"""Planning a build: which decks, the snippet files their references need, and what is
already wrong with them — shared by `build` (stop at the first problem, or go on) and
`check` (collect every problem). Nothing runs here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.decks.deck import Deck, load_deck
from lecture_tool.decks.runs import run_cells
from lecture_tool.errors import DeckWarning, LectureError, SnippetFormatError
from lecture_tool.running.snippet import EXERCISE_SUFFIX, Cell, Snippet, load_snippet
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable


@dataclass(frozen=True)
class DeckPlan:
    """One deck and what building it needs."""

    deck: Deck
    snippets: tuple[Path, ...]
    """The snippet files its references name that exist, in first-use order."""
    run_cells: tuple[Cell, ...]
    """Its `{run}` blocks as cells (empty when it has none)."""


@dataclass
class Plan:
    """Every requested deck, the snippet files they need (parsed once), and the problems."""

    decks: list[DeckPlan] = field(default_factory=list)
    table: SnippetTable | None = None
    problems: list[LectureError] = field(default_factory=list)
    """What is wrong (unreadable decks and snippets, broken references), in deck order."""
    unreadable: list[LectureError] = field(default_factory=list)
    """The decks among `problems` that could not be parsed at all (no slides to show)."""

    @property
    def warnings(self) -> list[DeckWarning]:
        """What every deck had ignored or replaced (Marp's way), in deck order."""
        return [warning for deck_plan in self.decks for warning in deck_plan.deck.warnings]

    def outputs_for(self, plan: DeckPlan, runs=None) -> DeckOutputs:
        return DeckOutputs(plan.deck.path, self.table, runs)


def exercise_problems(snippet: Snippet) -> list[LectureError]:
    """An exercise cell (`NAME-exercise`) whose solution (`NAME [solution]`) is missing."""
    solutions = {cell.name for cell in snippet.cells if cell.solution}
    return [
        SnippetFormatError(
            f"exercise cell {cell.name!r} has no solution cell {cell.name[: -len(EXERCISE_SUFFIX)]!r}",
            snippet.path,
            cell.line - 1,
            hint=f"add `# %% {cell.name[: -len(EXERCISE_SUFFIX)]} [solution]` with the answer",
        )
        for cell in snippet.cells
        if cell.is_exercise and cell.name[: -len(EXERCISE_SUFFIX)] not in solutions
    ]


def plan_build(
    paths: Sequence[Path], project: Project, *, check: bool = True, collect: bool = False
) -> Plan:
    """Parse the decks and the snippets they reference.

    `check`: look every reference up now (a typo fails in a tenth of a second, not after
    every snippet has run). `collect`: gather every problem instead of raising the first —
    `check` runs this way, and a `--keep-going` build (without `check`), whose problems
    then show as error boxes on their slides.
    """
    from lecture_tool.writing.themes import available_themes

    themes = available_themes([project.themes])
    plan = Plan()
    plan.table = SnippetTable(project.snippets, boundary=project.boundary)
    snippets: dict[Path, Snippet] = {}
    broken: dict[Path, LectureError] = {}

    def problem(error: LectureError) -> None:
        if not collect:
            raise error
        plan.problems.append(error)

    for path in paths:
        try:
            deck = load_deck(path, themes=themes, snippets_dir=project.snippets)
        except LectureError as error:
            problem(error)
            plan.unreadable.append(error)
            continue
        files = list(dict.fromkeys(r.snippet_file for r in deck.references if r.snippet_file))
        for file in files:
            if file in snippets or file in broken or not file.is_file():
                continue  # a missing file is reported at the line that references it
            if plan.table.outside(file):
                continue  # never read nor run; reported at the line that references it
            try:
                snippets[file] = load_snippet(file)
            except LectureError as error:
                broken[file] = error
                problem(error)
        plan.decks.append(
            DeckPlan(
                deck=deck,
                snippets=tuple(f for f in files if f in snippets),
                run_cells=run_cells(deck.references),
            )
        )
    plan.table = SnippetTable(project.snippets, snippets, broken, boundary=project.boundary)
    if check:
        for snippet in snippets.values():
            for error in exercise_problems(snippet):
                problem(error)
        for deck_plan in plan.decks:
            outputs = plan.outputs_for(deck_plan)
            for reference in deck_plan.deck.references:
                if reference.snippet_file in broken:
                    continue  # its parse error is already reported, once
                try:
                    outputs.check(reference)
                except LectureError as error:
                    problem(error)
    return plan
