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
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lecture_tool.config import Project
from lecture_tool.errors import UsageError
from lecture_tool.running.machine import cuda_may_exist, default_jobs, torch_version
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.snippet import Cell, Snippet

if TYPE_CHECKING:
    import subprocess

    from lecture_tool.running import pool_protocol
    from lecture_tool.running.worker import Job

# The pool's modules (its protocol, the worker's job, limits, what a finished job gives) are
# imported by the methods that start or talk to the pool: a build whose results all come
# from the cache never needs them.

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
    from lecture_tool.running.preload import PRELOAD

    used = used_modules(request.snippet)
    return tuple(sorted({module for use, module in PRELOAD.items() if use in used}))


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
        self._owner: dict[int, subprocess.Popen | None] = {}
        """The pool each pending job was sent to: a pool that dies fails its own jobs only."""
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- public ---------------------------------------------------------------------------

    def submit(self, request: Request, decision: Decision | None = None) -> Future[SnippetResult]:
        """Start running `request` (or, as `decision` says, skip it); the Future holds the
        result. Without a decision, the engine decides (`decide`)."""
        from lecture_tool.running import pool_protocol

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
            job_id = next(self._ids)
            self._pending[job_id] = (future, request, job, timeout)
            message = pool_protocol.Submit(job_id, job, timeout, _preload(request))
            for attempt in (1, 2):
                self._start()
                self._owner[job_id] = self._process
                try:
                    pool_protocol.send(self._send_fd, message)
                    break
                except OSError:
                    # The pool died (the OOM killer) before its reader noticed: a new one.
                    self._forget_pool(self._process)
                    if attempt == 2:
                        raise
        return future

    def cancel(self, future: Future[SnippetResult]) -> bool:
        """Stop the run behind `future` (from `submit`): its worker's process tree is killed,
        or it never starts. Its result says it was stopped; False if it had already ended."""
        from lecture_tool.running import pool_protocol

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
            import subprocess

            from lecture_tool.running import pool_protocol

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
        from lecture_tool.running.limits import limits_for
        from lecture_tool.running.worker import Job

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
            limits=limits_for(
                self.project, snippet.header, _display_path(snippet.path, self.project)
            ),
        )

    # -- the pool process -----------------------------------------------------------------

    def _start(self) -> None:
        if self._process is not None:
            return
        import subprocess

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
        reader = threading.Thread(
            target=self._read_loop, args=(from_pool_read, self._process), daemon=True
        )
        reader.start()

    def _forget_pool(self, process: subprocess.Popen | None) -> None:
        """`process` is dead (the lock held): the next submit starts a new pool."""
        if process is None or self._process is not process:
            return
        self._process = None
        self._hello, self._hello_ready = None, threading.Event()
        try:
            os.close(self._send_fd)
        except OSError:
            pass
        self._send_fd = -1

    def _read_loop(self, fd: int, process: subprocess.Popen) -> None:
        from lecture_tool.running import pool_protocol
        from lecture_tool.running.collect import collect

        try:
            while True:
                message = pool_protocol.receive(fd)
                if isinstance(message, pool_protocol.Hello):
                    self._hello = message
                    self._hello_ready.set()
                elif isinstance(message, pool_protocol.Finished):
                    with self._lock:
                        future, request, job, timeout = self._pending.pop(message.job_id)
                        self._owner.pop(message.job_id, None)
                    torch = self._hello.torch if self._hello else torch_version()
                    result = collect(request.snippet.path, job, timeout, message, torch)
                    # The scratch folder of a finished run is no one's (figures live apart).
                    shutil.rmtree(job.workspace, ignore_errors=True)
                    future.set_result(result)
        except EOFError:
            pass
        finally:
            os.close(fd)
            ready, healthy = self._hello_ready, self._hello is not None
            with self._lock:
                died = self._process is process  # not closed by us: killed (the OOM killer)
                self._forget_pool(process)
                if died and healthy:
                    self._start()  # warm again before the next snippet (`serve`'s next save)
            ready.set()
            self._fail_pending("the worker pool exited unexpectedly", process)
            process.wait()

    def _fail_pending(self, reason: str, process: subprocess.Popen) -> None:
        with self._lock:
            mine = [i for i in self._pending if self._owner.get(i) is process]
            pending = {i: self._pending.pop(i) for i in mine}
            for job_id in mine:
                del self._owner[job_id]
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


def run_id_of(path: Path, project: Project) -> str:
    path = path.resolve()
    for base in (project.snippets, project.root):
        if path.is_relative_to(base):
            return str(path.relative_to(base).with_suffix(""))
    return path.stem


def _display_path(path: Path, project: Project) -> str:
    path = path.resolve()
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
