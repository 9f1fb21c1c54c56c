"""The Dask executor: each snippet one task on a Dask distributed cluster (`--executor dask://…`).

`DaskEngine` is an `execute.Engine` whose submissions go to a cluster instead of the local
pool; `runner.SnippetRunner` puts its results in the same cache. On the worker the snippet
runs through an ordinary warm `Engine` (see `dask_worker.py`), so results read exactly as
local ones. Device policy on a cluster: `requires: [cuda]` (or `--device cuda`) runs with the
Dask resource `{"GPU": 1}` on a worker started with `--resources GPU=1`; every other snippet
runs on CPU, anywhere, so GPU workers are not tied up by snippets that do not need them.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from concurrent.futures import Future
from dataclasses import replace

from lecture_tool.config import Project
from lecture_tool.errors import ExecutorError, UsageError
from lecture_tool.running.cache import local_imports
from lecture_tool.running.dask_worker import DaskOutcome, DaskTask, relative_path, run_task
from lecture_tool.running.execute import Decision, Engine, Request
from lecture_tool.running.limits import limits_for
from lecture_tool.running.machine import torch_version
from lecture_tool.running.results import SnippetResult

log = logging.getLogger(__name__)

SCHEME = "dask://"
GPU = {"GPU": 1}
LOST_AFTER = 10.0
"""Seconds without a scheduler connection (or without a GPU worker for a GPU task) before the
snippets still in flight fail: long enough for a reconnect, short enough not to look hung."""


def scheduler_address(executor: str) -> str:
    """`dask://HOST:PORT` → the `tcp://HOST:PORT` a Dask client connects to."""
    rest = executor[len(SCHEME) :] if executor.startswith(SCHEME) else ""
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(
            f"--executor {executor}: expected dask://HOST:PORT",
            hint="e.g. --executor dask://scheduler.example.org:8786",
        )
    return f"tcp://{host}:{port}"


class DaskEngine(Engine):
    """Sends each snippet to a Dask cluster as one task; at most `jobs` in flight."""

    def __init__(self, project: Project, executor: str, jobs: int | None = None):
        address = scheduler_address(executor)
        try:
            from distributed import Client
        except ImportError:
            raise UsageError(
                f"--executor {executor} needs Dask distributed, which is not installed",
                hint="pip install 'lecture_tool[dask]'",
            ) from None
        try:
            self.client = Client(address, timeout=10, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {address} ({exc})",
                hint=f"start one with `dask scheduler` and workers with `dask worker {address}`",
            ) from None
        self.address = address
        workers = self.client.scheduler_info()["workers"].values()
        super().__init__(project, jobs=jobs or sum(w["nthreads"] for w in workers) or 1)
        self._queue: collections.deque = collections.deque()
        self._running: dict[object, tuple[Future, Request, Decision, float]] = {}
        self._dask_lock = threading.Lock()
        self._closed = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)
        self._watchdog.start()

    # -- device ---------------------------------------------------------------------------

    def cuda_available(self) -> bool:
        """A GPU here means a worker with the `GPU` resource."""
        workers = self.client.scheduler_info()["workers"].values()
        return any(w.get("resources", {}).get("GPU", 0) >= 1 for w in workers)

    def _device_and_reason(self, request: Request) -> tuple[str, str]:
        # `auto` without `requires: [cuda]` runs on CPU anywhere (see the module docstring).
        if request.device == "auto" and "cuda" not in request.snippet.header.requires:
            request = replace(request, device="cpu")
        device, reason = super()._device_and_reason(request)
        if reason.endswith("CUDA is not available"):
            reason = f"{reason}: no Dask worker at {self.address} has the GPU resource"
        return device, reason

    # -- submitting -----------------------------------------------------------------------

    def submit(self, request: Request, decision: Decision | None = None) -> Future[SnippetResult]:
        decision = decision or self.decide(request)
        if decision.skip:
            return super().submit(request, decision)  # a skip result; nothing is started
        future: Future[SnippetResult] = Future()
        with self._dask_lock:
            self._queue.append((future, request, decision))
        self._fill()
        return future

    def _fill(self) -> None:
        """Submit queued snippets while fewer than `jobs` are in flight."""
        while True:
            with self._dask_lock:
                if not self._queue or len(self._running) >= self.jobs:
                    return
                future, request, decision = self._queue.popleft()
                task = self._task(request, decision)
                dask_future = self.client.submit(
                    run_task,
                    task,
                    key=f"lecture-{request.run_id or request.snippet.path.name}-{id(future)}",
                    resources=GPU if decision.device == "cuda" else None,
                    pure=False,
                )
                self._running[dask_future] = (future, request, decision, time.monotonic())
            dask_future.add_done_callback(self._done)

    def _task(self, request: Request, decision: Decision) -> DaskTask:
        root = self.project.root
        snippet = request.snippet
        shipped = [snippet.path] if snippet.path.is_file() else []
        shipped += local_imports(snippet)
        data = self.project.data
        return DaskTask(
            request=request,
            decision=decision,
            root=str(root),
            snippet_file=relative_path(snippet.path, root),
            data=str(data),
            data_needed=data.is_dir() and any(data.iterdir()),
            files=tuple((relative_path(path, root), path.read_bytes()) for path in shipped),
            limits=limits_for(self.project, snippet.header, relative_path(snippet.path, root)),
        )

    def _done(self, dask_future) -> None:
        with self._dask_lock:
            entry = self._running.pop(dask_future, None)
        if entry is None:
            return  # already failed by the watchdog
        future, request, decision, _ = entry
        try:
            result = self._result(dask_future, request, decision)
        except BaseException as exc:  # never leave a build waiting on a Future
            result = _failed(request, decision, f"could not read the Dask result: {exc!r}")
        future.set_result(result)
        self._fill()

    def _result(self, dask_future, request: Request, decision: Decision) -> SnippetResult:
        if dask_future.status == "finished":
            return self._unpack(dask_future.result(), request)
        if dask_future.status == "error":
            exc = dask_future.exception()
            if type(exc).__name__ == "KilledWorker":
                reason = f"the Dask worker running it died ({exc})"
            else:
                reason = f"the Dask task failed: {type(exc).__name__}: {exc}"
            return _failed(request, decision, reason)
        # Cancelled by no one here: the scheduler shut down (or dropped the task) under us.
        return _failed(
            request,
            decision,
            f"the Dask scheduler at {self.address} dropped the task "
            f"(it was {dask_future.status}: the scheduler stopped or lost its workers)",
        )

    def _unpack(self, outcome: DaskOutcome, request: Request) -> SnippetResult:
        """The worker's result with the client's paths; figures written where local ones go."""
        _, figure_dir = self.run_dirs(request)
        if figure_dir.exists():
            for stale in figure_dir.iterdir():
                stale.unlink()
        if outcome.figures:
            figure_dir.mkdir(parents=True, exist_ok=True)
        for name, content in outcome.figures:
            (figure_dir / name).write_bytes(content)
        cells = tuple(
            replace(
                cell,
                figures=tuple(
                    replace(f, png=figure_dir / f.png.name, svg=figure_dir / f.svg.name)
                    for f in cell.figures
                ),
            )
            for cell in outcome.result.cells
        )
        return replace(outcome.result, snippet=request.snippet.path, cells=cells)

    # -- faults ---------------------------------------------------------------------------

    def _watch(self) -> None:
        """Fail what is in flight when the scheduler is gone, or a GPU task has no GPU worker."""
        lost_since: float | None = None
        no_gpu_since: float | None = None
        while not self._closed.wait(1.0):
            now = time.monotonic()
            with self._dask_lock:
                gpu_waiting = any(d.device == "cuda" for _, _, d, _ in self._running.values())
                busy = bool(self._running or self._queue)
            if not busy:
                lost_since = no_gpu_since = None
                continue
            if self.client.status != "running":
                lost_since = lost_since or now
                if now - lost_since >= LOST_AFTER:
                    self._fail_all(f"lost the connection to the Dask scheduler at {self.address}")
                continue
            lost_since = None
            if gpu_waiting and not self.cuda_available():
                no_gpu_since = no_gpu_since or now
                if now - no_gpu_since >= LOST_AFTER:
                    self._fail_all(
                        f"no Dask worker at {self.address} with the GPU resource is left",
                        only_gpu=True,
                    )
            else:
                no_gpu_since = None

    def _fail_all(self, reason: str, only_gpu: bool = False) -> None:
        with self._dask_lock:
            chosen = {
                key: entry
                for key, entry in self._running.items()
                if not only_gpu or entry[2].device == "cuda"
            }
            for key in chosen:
                del self._running[key]
            queued = [entry for entry in self._queue if not only_gpu or entry[2].device == "cuda"]
            for entry in queued:
                self._queue.remove(entry)
        for dask_future, (future, request, decision, _) in chosen.items():
            dask_future.cancel()
            future.set_result(_failed(request, decision, reason))
        for future, request, decision in queued:
            future.set_result(_failed(request, decision, reason))

    def close(self, terminate: bool = False) -> None:
        self._closed.set()
        self._fail_all("the build stopped before this snippet ran")
        try:
            self.client.close(timeout=10)
        except Exception as exc:  # closing a lost connection must not fail the build
            log.warning("closing the Dask client: %s", exc)
        super().close(terminate=terminate)


def _failed(request: Request, decision: Decision, reason: str) -> SnippetResult:
    """A snippet that did not come back (as the local engine reports a pool that died)."""
    return SnippetResult(
        snippet=request.snippet.path,
        status="failed",
        reason=reason,
        device=decision.device,
        torch=torch_version(),
    )
