"""A finished job, read back: what its worker left in its workspace and how it ended (the
pool's `Finished`) → the snippet's `SnippetResult`, with a reason for every way it can fail."""

from __future__ import annotations

import signal
from pathlib import Path

from lecture_tool.running.capture import read_left_behind
from lecture_tool.running.limits import DEFAULT_OUTPUT_CAP
from lecture_tool.running.pool_protocol import Finished
from lecture_tool.running.results import CellResult, ErrorInfo, SnippetResult
from lecture_tool.running.worker import Job, fault_line, read_progress


def collect(
    snippet: Path, job: Job, timeout: float, outcome: Finished, torch: str
) -> SnippetResult:
    """Turn what the worker left behind and how it ended into `snippet`'s SnippetResult."""
    finished, running, standin = read_progress(job.workspace)
    cells = list(finished)
    reason = ""
    if outcome.cancelled:
        reason = "stopped"
    elif outcome.limit:
        reason = outcome.limit
    elif outcome.timed_out:
        reason = f"timed out after {timeout:g} s"
    elif outcome.signal:
        reason = f"worker died with signal {outcome.signal} ({_signal_name(outcome.signal)})"
    elif outcome.exit != 0:
        reason = f"worker exited with code {outcome.exit}"
    elif running is not None:
        reason = "worker exited with code 0 in the middle of a cell (os._exit?)"
    if reason:
        done = {cell.name for cell in cells}
        for cell in job.cells:
            if cell.name in done:
                continue
            if cell.name == running:
                # What the cell printed before dying is on disk; a fatal signal's line too.
                cap = job.limits.output_cap if job.limits else DEFAULT_OUTPUT_CAP
                stdout, stderr = read_left_behind(job.workspace, cap)
                line = fault_line(job.workspace, job.path)
                error = ErrorInfo(
                    type=_error_type(outcome),
                    message=reason
                    if outcome.limit
                    else f"snippet {reason} in cell {cell.name!r}"
                    + (f" at line {line}" if line else ""),
                    line=line,
                    traceback="",
                )
                cells.append(
                    CellResult(
                        name=cell.name,
                        status="failed",
                        stdout=stdout,
                        stderr=stderr,
                        error=error,
                    )
                )
            else:
                cells.append(CellResult(name=cell.name, status="not-run"))
    failed = bool(reason) or any(cell.status == "failed" for cell in cells)
    if failed and not reason:
        failed_cell = next(cell for cell in cells if cell.status == "failed")
        reason = f"cell {failed_cell.name!r} failed"
    return SnippetResult(
        snippet=snippet,
        status="failed" if failed else "passed",
        reason=reason,
        device=job.device,
        torch=torch,
        duration=sum(cell.duration for cell in cells),
        cells=tuple(cells),
        standin=standin,
    )


def _error_type(outcome: Finished) -> str:
    if outcome.cancelled:
        return "Stopped"
    return "LimitExceeded" if outcome.limit else "Timeout" if outcome.timed_out else "WorkerDied"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown"
