"""A deck's `{run}` blocks as the cells they run: `run-K`, and `run-K-J` per `>>>` statement."""

from __future__ import annotations

from collections.abc import Sequence

from lecture_tool.decks.references import Reference
from lecture_tool.running.snippet import Cell, Header

RUN_HEADER = Header(timeout=120.0)
"""How a deck's `{run}` blocks run: one snippet per deck, two minutes for all of them."""


def pycon_statements(transcript: str) -> list[tuple[int, str]]:
    """(0-based line offset, source) of each `>>>` statement; other lines are old output."""
    statements: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(transcript.splitlines()):
        if line.startswith(">>>"):
            statements.append((offset, [line[4:] if line.startswith(">>> ") else line[3:]]))
        elif line.startswith("...") and statements:
            statements[-1][1].append(line[4:] if line.startswith("... ") else line[3:])
    return [
        (offset, "\n".join(lines).rstrip())
        for offset, lines in statements
        if "".join(lines).strip()
    ]


def run_cells(references: Sequence[Reference]) -> tuple[Cell, ...]:
    """A deck's `{run}` blocks as cells: `run-K`, and `run-K-J` for each pycon statement."""
    cells = []
    for reference in references:
        if reference.kind != "run":
            continue
        first = reference.line + 1  # the line after the opening fence
        if reference.lang == "python":
            cells.append(Cell(name=reference.run_cell, source=reference.code, line=first))
            continue
        for number, (offset, source) in enumerate(pycon_statements(reference.code), start=1):
            cells.append(
                Cell(
                    name=f"{reference.run_cell}-{number}",
                    source=source,
                    line=first + offset,
                    interactive=True,
                )
            )
    return tuple(cells)
