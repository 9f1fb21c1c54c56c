"""What running a snippet produced: per-cell text, figures and errors (`SnippetResult`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

SnippetStatus = Literal["passed", "failed", "skipped"]
CellStatus = Literal["passed", "failed", "not-run"]


@dataclass(frozen=True)
class ErrorInfo:
    """An exception raised by user code, with only the user's own frames."""

    type: str
    message: str
    line: int | None
    """Line in the snippet (or deck) file where it was raised, when known."""
    traceback: str
    """Trimmed traceback, ending with `Type: message`."""


@dataclass(frozen=True)
class Figure:
    """One matplotlib figure a cell drew, saved in both formats."""

    png: Path
    svg: Path
    text_pt: float = 0.0
    """The smallest text matplotlib drew in it, in points (0: none, or not recorded)."""
    size_in: tuple[float, float] = (0.0, 0.0)
    """Its width and height in inches: with the size a slide shows it at, how big `text_pt`
    is as projected (writing/layout.py)."""


@dataclass(frozen=True)
class CellResult:
    name: str
    status: CellStatus
    stdout: str = ""
    stderr: str = ""
    figures: tuple[Figure, ...] = ()
    error: ErrorInfo | None = None
    """For a failed cell, why; for a passing `raises=` cell, the expected error it raised."""
    duration: float = 0.0


@dataclass(frozen=True)
class SnippetResult:
    snippet: Path
    status: SnippetStatus
    reason: str = ""
    """Why a snippet was skipped or failed as a whole (timeout, worker died …)."""
    device: str = "cpu"
    torch: str = ""
    duration: float = 0.0
    cells: tuple[CellResult, ...] = field(default_factory=tuple)
    standin: bool = False
    """It read stand-in data (a file under a folder marked `FIXTURE.txt`, see
    `running/standin.py`): slides showing its outputs say so."""

    def cell(self, name: str) -> CellResult | None:
        return next((cell for cell in self.cells if cell.name == name), None)

    @property
    def failed_cell(self) -> CellResult | None:
        return next((cell for cell in self.cells if cell.status == "failed"), None)

    def to_json(self, relative_to: Path | None = None) -> dict[str, Any]:
        """The `lecture-tool run --json` document."""

        def show(path: Path) -> str:
            if relative_to is not None and path.is_relative_to(relative_to):
                return str(path.relative_to(relative_to))
            return str(path)

        return {
            "snippet": show(self.snippet),
            "status": self.status,
            "reason": self.reason,
            "device": self.device,
            "torch": self.torch,
            "duration": round(self.duration, 4),
            "cells": [
                {
                    "name": cell.name,
                    "status": cell.status,
                    "stdout": cell.stdout,
                    "stderr": cell.stderr,
                    "figures": [show(figure.png) for figure in cell.figures],
                    "error": asdict(cell.error) if cell.error else None,
                    "duration": round(cell.duration, 4),
                }
                for cell in self.cells
            ],
        }
