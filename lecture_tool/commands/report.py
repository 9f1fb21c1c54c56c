"""Human-readable text for snippet results: the terminal view of `run` and pytest failures."""

from __future__ import annotations

from lecture_tool.running.results import CellResult, SnippetResult

_COLORS = {"passed": "32", "failed": "31", "skipped": "33", "not-run": "2"}


def format_result(result: SnippetResult, *, color: bool = False) -> str:
    """Every cell's status, output, figures and error, then a one-line summary."""
    lines: list[str] = []
    for cell in result.cells:
        lines += _format_cell(cell, color)
    summary = f"{result.snippet}: {_paint(result.status, color)}"
    summary += f" on {result.device} (torch {result.torch or '?'}) in {result.duration:.2f} s"
    if result.reason:
        summary += f" — {result.reason}"
    lines.append(summary)
    return "\n".join(lines)


def format_failure(result: SnippetResult) -> str:
    """What a failed snippet's test report shows: the cell, the line, the trimmed traceback."""
    cell = result.failed_cell
    if cell is None:
        return f"{result.snippet}: {result.reason}"
    where = str(result.snippet)
    if cell.error and cell.error.line:
        where += f":{cell.error.line}"
    lines = [f"{where}: cell {cell.name!r} failed"]
    if not result.reason.startswith("cell "):
        lines[0] += f" — {result.reason}"
    if cell.stdout:
        lines += ["--- stdout ---", cell.stdout.rstrip()]
    if cell.stderr:
        lines += ["--- stderr ---", cell.stderr.rstrip()]
    if cell.error:
        lines += [cell.error.traceback.rstrip() or f"{cell.error.type}: {cell.error.message}"]
    return "\n".join(lines)


def _format_cell(cell: CellResult, color: bool) -> list[str]:
    lines = [f"── {cell.name} ── {_paint(cell.status, color)} ({cell.duration:.2f} s)"]
    if cell.stdout:
        lines.append(cell.stdout.rstrip("\n"))
    if cell.stderr:
        lines.append(cell.stderr.rstrip("\n"))
    for figure in cell.figures:
        lines.append(f"[figure] {figure.png}")
    if cell.error:
        lines.append(
            cell.error.traceback.rstrip("\n") or f"{cell.error.type}: {cell.error.message}"
        )
    return lines


def _paint(status: str, color: bool) -> str:
    if not color:
        return status
    return f"\033[{_COLORS.get(status, '0')}m{status}\033[0m"
