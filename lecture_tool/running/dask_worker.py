"""On a Dask worker: run one shipped snippet through a warm local `Engine` and send back its results.

`dask_executor.DaskEngine` submits `run_task(task)` as one Dask task per snippet. Here the
snippet file, its sibling modules (and, for `{run}` blocks, the deck) are written under a
per-project folder in the worker's temporary directory, and the request runs through an
ordinary `execute.Engine` kept warm for the worker's lifetime: the same pool process, forked
child, capture, timeouts, trimmed tracebacks and `raises=` judging as a local build, with the
device the client decided. Figures come back as bytes; the worker's copies are removed.

Supported layout: snippets and their sibling modules travel with the task; the project's
`data/` folder must be on a shared file system at the same absolute path (checked: a project
whose data folder has files fails with a reason on a worker that cannot see it).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.running.execute import Decision, Engine, Request
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.worker import Job

log = logging.getLogger(__name__)

WORKER_ENV = "LECTURE_TOOL_DASK_WORKER"
"""Set in the worker's pool, so a snippet can tell which Dask worker ran it."""


@dataclass(frozen=True)
class DaskTask:
    """What one snippet needs on a worker; paths are the client's."""

    request: Request
    """With `run_id` set (the client's cache key is part of it)."""
    decision: Decision
    root: str
    """The client's project root (names this project's engine on the worker)."""
    snippet_file: str
    """The snippet's (or deck's) path relative to `root`; shipped files are relative too."""
    data: str
    """The client's data folder, expected at this path on the worker (shared file system)."""
    data_needed: bool
    """The client's data folder has files: a worker that cannot see it fails the snippet."""
    files: tuple[tuple[str, bytes], ...]
    """(path relative to `root`, content): the snippet (or deck) file and its sibling modules."""


@dataclass(frozen=True)
class DaskOutcome:
    """What comes back: the result (worker paths in it) and every figure's bytes."""

    result: SnippetResult
    figures: tuple[tuple[str, bytes], ...] = ()
    """(file name in the run's figure folder, content)."""
    worker: str = ""


_engine: _WorkerEngine | None = None
_engine_lock = threading.Lock()


def run_task(task: DaskTask) -> DaskOutcome:
    """The Dask task: run `task.request` on this worker and return its results."""
    from distributed import get_worker

    worker = get_worker()
    name = str(worker.name)
    engine = _worker_engine(name, worker.state.nthreads)
    request = task.request
    data = Path(task.data)
    if task.data_needed and not data.is_dir():
        return DaskOutcome(
            SnippetResult(
                snippet=request.snippet.path,
                status="failed",
                reason=(
                    f"the data folder {data} is not visible on Dask worker {name} — snippets "
                    "travel with each task, but data must be on a shared file system at the "
                    "same path"
                ),
                device=task.decision.device,
            ),
            worker=name,
        )
    # One folder per client project, so two projects' `snippets/x.py` never meet.
    folder = engine.project.root / "projects" / _digest(task.root)
    for relative, content in task.files:
        _write_atomically(folder / relative, content)
    snippet = replace(request.snippet, path=folder / task.snippet_file)
    run_id = f"{_digest(task.root)}/{request.run_id}"
    request = replace(request, snippet=snippet, run_id=run_id)
    engine.tasks[run_id] = task
    try:
        result = engine.submit(request, task.decision).result()
    finally:
        del engine.tasks[run_id]
    workspace, figure_dir = engine.run_dirs(request)
    figures = tuple(
        (path.name, path.read_bytes())
        for cell in result.cells
        for figure in cell.figures
        for path in (figure.png, figure.svg)
    )
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.rmtree(figure_dir, ignore_errors=True)
    return DaskOutcome(result, figures, worker=name)


class _WorkerEngine(Engine):
    """One warm engine per Dask worker, shared by every client project that sends it work:
    the pool (torch imported) starts once per worker, not once per project."""

    def __init__(self, root: Path, jobs: int):
        project = Project(
            root=root, slides=root, snippets=root, data=root / "data", build=root / "build"
        )
        super().__init__(project, jobs=jobs)
        self.tasks: dict[str, DaskTask] = {}
        """The task behind each run in flight, by run id."""

    def _make_job(self, request: Request, device: str) -> Job:
        job = super()._make_job(request, device)
        task = self.tasks[request.run_id or ""]
        data = Path(task.data)
        if data.is_dir():  # the project's data on a shared file system
            link = job.workspace / "data"
            link.unlink()
            link.symlink_to(data, target_is_directory=True)
        # Tracebacks name the file as the client's build would.
        return replace(job, display_path=task.snippet_file)


def _worker_engine(worker_name: str, threads: int) -> _WorkerEngine:
    global _engine
    with _engine_lock:
        if _engine is None:
            # The pool inherits the environment when it starts (on the first snippet).
            os.environ[WORKER_ENV] = worker_name
            root = Path(tempfile.gettempdir()) / "lecture_tool-dask" / str(os.getpid())
            root.mkdir(parents=True, exist_ok=True)
            _engine = _WorkerEngine(root, jobs=max(1, threads))
        return _engine


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def relative_path(path: Path, root: Path) -> str:
    """Where the client's `path` goes under a worker's project root (outside files by name)."""
    path = path.resolve()
    if path.is_relative_to(root):
        return str(path.relative_to(root))
    return str(Path("_outside") / path.name)


def _write_atomically(path: Path, content: bytes) -> None:
    """Several tasks may ship the same file at once: each replaces it whole."""
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temporary, path)
