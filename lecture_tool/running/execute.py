"""Running snippets: device policy, requirements, and the warm worker pool behind a Future API.

`Engine.submit` returns at once; the pool process (see `pool.py`) is started on first use,
so a build whose snippets are all cached never imports torch.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.errors import UsageError
from lecture_tool.running import pool, pool_protocol
from lecture_tool.running.capture import read_left_behind
from lecture_tool.running.machine import cuda_may_exist, default_jobs, torch_version
from lecture_tool.running.results import CellResult, ErrorInfo, SnippetResult
from lecture_tool.running.snippet import Cell, Snippet
from lecture_tool.running.worker import Job, fault_line, read_progress

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class Request:
    """One snippet to run, and how."""

    snippet: Snippet
    device: str = "auto"
    smoke: bool = False
    run_id: str | None = None
    """Names the run's workspace and figure folders (default: the snippet's path)."""
    cells: tuple[Cell, ...] | None = None
    """Cells to run instead of the snippet's own (a deck's `{run}` blocks)."""


@dataclass(frozen=True)
class Decision:
    """Where a request runs, decided once (the cache key and the result both use it)."""

    device: str
    """`cpu` or `cuda`."""
    skip: str = ""
    """Why it does not run here (unmet `requires`, no CUDA), or '' when it runs."""


def _preload(request: Request) -> tuple[str, ...]:
    """The heavy libraries the pool should import before forking this request's worker."""
    from lecture_tool.running.imports import used_modules

    used = used_modules(request.snippet)
    return tuple(sorted({module for use, module in pool.PRELOAD.items() if use in used}))


class Engine:
    """Runs snippets in workers forked from one warm pool process."""

    def __init__(self, project: Project, jobs: int | None = None):
        self.project = project
        self.jobs = max(1, jobs or default_jobs())
        self._process: subprocess.Popen | None = None
        self._send_fd = -1
        self._hello: pool_protocol.Hello | None = None
        self._hello_ready = threading.Event()
        self._pending: dict[int, tuple[Future, Request, Job, float]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- public ---------------------------------------------------------------------------

    def submit(self, request: Request, decision: Decision | None = None) -> Future[SnippetResult]:
        """Start running `request` (or, as `decision` says, skip it); the Future holds the
        result. Without a decision, the engine decides (`decide`)."""
        decision = decision or self.decide(request)
        future: Future[SnippetResult] = Future()
        if decision.skip:
            future.set_result(
                SnippetResult(
                    snippet=request.snippet.path,
                    status="skipped",
                    reason=decision.skip,
                    device=decision.device,
                    torch=torch_version(),
                )
            )
            return future
        job = self._make_job(request, decision.device)
        timeout = request.snippet.header.timeout
        with self._lock:
            self._start()
            job_id = next(self._ids)
            self._pending[job_id] = (future, request, job, timeout)
            pool_protocol.send(
                self._send_fd, pool_protocol.Submit(job_id, job, timeout, _preload(request))
            )
        return future

    def cancel(self, future: Future[SnippetResult]) -> bool:
        """Stop the run behind `future` (from `submit`): its worker's process tree is killed,
        or it never starts. Its result says it was stopped; False if it had already ended."""
        with self._lock:
            job_id = next((k for k, pending in self._pending.items() if pending[0] is future), None)
            if job_id is None or self._process is None:
                return False
            pool_protocol.send(self._send_fd, pool_protocol.Cancel(job_id))
        return True

    def run(self, request: Request) -> SnippetResult:
        return self.submit(request).result()

    def start(self) -> None:
        """Start the pool now, so a server that runs snippets later pays no warm-up then."""
        with self._lock:
            self._start()

    def close(self, terminate: bool = False) -> None:
        """Let running snippets finish and stop the pool; `terminate`: stop them now
        (an interrupted build), workers, their children and the pool all killed."""
        with self._lock:
            if self._process is None:
                return
            if terminate:
                self._process.terminate()  # the pool kills its workers, then leaves
            try:
                pool_protocol.send(self._send_fd, None)
                os.close(self._send_fd)
            except OSError:
                pass
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        self.close(terminate=exc_type is not None)

    # -- device and requirements ----------------------------------------------------------

    def cuda_available(self) -> bool:
        if not cuda_may_exist():
            return False
        with self._lock:
            self._start()
        self._hello_ready.wait()
        return bool(self._hello and self._hello.cuda)

    def decide(self, request: Request) -> Decision:
        """The device `request` runs on here, or why it is skipped."""
        if request.device not in DEVICES:
            raise UsageError(
                f"unknown device {request.device!r}", hint=f"use one of {', '.join(DEVICES)}"
            )
        device, reason = self._device_and_reason(request)
        return Decision(device, reason)

    def _device_and_reason(self, request: Request) -> tuple[str, str]:
        header = request.snippet.header
        needs_cuda = "cuda" in header.requires
        if request.device == "cpu":
            device = "cpu"
        else:
            device = "cuda" if self.cuda_available() else "cpu"
            if request.device == "cuda" and device != "cuda":
                return "cpu", "--device cuda was asked for, but CUDA is not available"
        if needs_cuda and device != "cuda":
            why = "the device is cpu" if request.device == "cpu" else "CUDA is not available"
            return device, f"requires CUDA, but {why}"
        for name in header.requires:
            if name != "cuda" and importlib.util.find_spec(name) is None:
                return device, f"requires the module {name!r}, which is not installed"
        return device, ""

    # -- jobs -----------------------------------------------------------------------------

    def run_dirs(self, request: Request) -> tuple[Path, Path]:
        """(workspace, figure folder) of a request."""
        run_id = request.run_id or run_id_of(request.snippet.path, self.project)
        build = self.project.build
        return build / "workspace" / run_id, build / "figures" / run_id

    def _make_job(self, request: Request, device: str) -> Job:
        snippet = request.snippet
        workspace, figure_dir = self.run_dirs(request)
        for folder in (workspace, figure_dir):
            shutil.rmtree(folder, ignore_errors=True)
        workspace.mkdir(parents=True)
        self.project.data.mkdir(parents=True, exist_ok=True)
        (workspace / "data").symlink_to(self.project.data, target_is_directory=True)
        cells = request.cells or tuple(
            # An exercise is the student's version of a solution: compiled when parsed, not run.
            cell
            for cell in snippet.cells
            if not cell.is_exercise
        )
        # Workers must not oversubscribe cores; an exclusive snippet runs alone, with them all.
        threads = (
            default_jobs() if snippet.header.exclusive else max(1, default_jobs() // self.jobs)
        )
        return Job(
            path=snippet.path.resolve(),
            cells=cells,
            workspace=workspace,
            figure_dir=figure_dir,
            device=device,
            threads=threads,
            seed=snippet.header.seed,
            overrides=snippet.header.smoke if request.smoke else (),
            import_dirs=(snippet.path.resolve().parent,),
            display_path=_display_path(snippet.path, self.project),
        )

    # -- the pool process -----------------------------------------------------------------

    def _start(self) -> None:
        if self._process is not None:
            return
        to_pool_read, to_pool_write = os.pipe()
        from_pool_read, from_pool_write = os.pipe()
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lecture_tool.running.pool",
                str(to_pool_read),
                str(from_pool_write),
                str(self.jobs),
                str(os.getpid()),
            ],
            pass_fds=(to_pool_read, from_pool_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=self.project.root,
        )
        os.close(to_pool_read)
        os.close(from_pool_write)
        self._send_fd = to_pool_write
        threading.Thread(target=self._read_loop, args=(from_pool_read,), daemon=True).start()

    def _read_loop(self, fd: int) -> None:
        try:
            while True:
                message = pool_protocol.receive(fd)
                if isinstance(message, pool_protocol.Hello):
                    self._hello = message
                    self._hello_ready.set()
                elif isinstance(message, pool_protocol.Finished):
                    with self._lock:
                        future, request, job, timeout = self._pending.pop(message.job_id)
                    future.set_result(self._collect(request, job, timeout, message))
        except EOFError:
            pass
        finally:
            os.close(fd)
            self._hello_ready.set()
            self._fail_pending("the worker pool exited unexpectedly")

    def _fail_pending(self, reason: str) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for future, request, job, _ in pending.values():
            future.set_result(
                SnippetResult(
                    snippet=request.snippet.path,
                    status="failed",
                    reason=reason,
                    device=job.device,
                    torch=torch_version(),
                )
            )

    def _collect(
        self, request: Request, job: Job, timeout: float, outcome: pool_protocol.Finished
    ) -> SnippetResult:
        """Turn what the worker left behind and how it ended into a SnippetResult."""
        finished, running = read_progress(job.workspace)
        cells = list(finished)
        reason = ""
        if outcome.cancelled:
            reason = "stopped"
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
                    stdout, stderr = read_left_behind(job.workspace)
                    line = fault_line(job.workspace, job.path)
                    error = ErrorInfo(
                        type=_death_type(outcome),
                        message=f"snippet {reason} in cell {cell.name!r}"
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
            snippet=request.snippet.path,
            status="failed" if failed else "passed",
            reason=reason,
            device=job.device,
            torch=self._hello.torch if self._hello else torch_version(),
            duration=sum(cell.duration for cell in cells),
            cells=tuple(cells),
        )


def _death_type(outcome: pool_protocol.Finished) -> str:
    if outcome.cancelled:
        return "Stopped"
    return "Timeout" if outcome.timed_out else "WorkerDied"


def run_id_of(path: Path, project: Project) -> str:
    path = path.resolve()
    for base in (project.snippets, project.root):
        if path.is_relative_to(base):
            return str(path.relative_to(base).with_suffix(""))
    return path.stem


def _display_path(path: Path, project: Project) -> str:
    path = path.resolve()
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown"
