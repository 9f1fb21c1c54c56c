"""The one way snippets run: the engine behind the result cache (build, `run` and pytest).

The device is decided once per request (`Engine.decide`); the cache key and the result both
use that decision, so a result is never reused for a device it did not run on (a skip is
cached too, under the decision that skipped it). `run_all` schedules: the snippets
longest-first by the previous run's durations (`build/durations.json`), then the `exclusive`
ones alone.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Hashable, Mapping
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from lecture_tool.config import Project
from lecture_tool.files import write_atomically
from lecture_tool.running.cache import ResultCache, cache_key
from lecture_tool.running.execute import Engine, Request, run_id_of
from lecture_tool.running.machine import torch_version
from lecture_tool.running.results import SnippetResult

Key = TypeVar("Key", bound=Hashable)


class SnippetRunner:
    """Runs requests through `build/cache/`: only what changed reaches the worker pool."""

    def __init__(
        self,
        project: Project,
        *,
        jobs: int | None = None,
        force: bool = False,
        executor: str | None = None,
        frozen: bool = False,
    ):
        self.project = project
        self.engine = make_engine(project, jobs=jobs, executor=executor)
        self.cache = ResultCache(project.build / "cache")
        self.force = force
        """Run even when cached (results are still stored for later builds)."""
        self.frozen = frozen
        """Take a snippet's result from `snippets/_frozen/` when it has one (`build --frozen`)."""
        self.hits = 0
        self.misses = 0
        self.thawed = 0
        """Results taken from `snippets/_frozen/`."""
        self.stale: list[Path] = []
        """Frozen results used although their snippet changed since (one per file)."""
        self.ran: list[str] = []
        """Run ids of the snippets that really ran, in the order they were submitted."""
        self._durations_path = project.build / "durations.json"
        self._durations = _read_durations(self._durations_path)
        self._durations_lock = threading.Lock()
        self._durations_changed = False
        self._running: dict[str, Future[SnippetResult]] = {}
        """Results on their way, by cache key: asking again shares the run."""
        self._running_lock = threading.Lock()

    def submit(self, request: Request, extra: str = "") -> Future[SnippetResult]:
        """The result of `request`, from the cache or a worker; `extra` is code that is not
        in the snippet file (a deck's `{run}` blocks) and so must be part of the key."""
        if self.frozen and request.cells is None and (hit := self._thaw(request)) is not None:
            return hit
        decision = self.engine.decide(request)
        key = cache_key(
            request.snippet,
            device=f"{decision.device}|{decision.skip}",
            smoke=request.smoke,
            torch=torch_version(),
            extra=extra,
        )
        if not self.force and (hit := self.cache.load(key)) is not None:
            self.hits += 1
            future: Future[SnippetResult] = Future()
            future.set_result(hit)
            return future
        self.misses += 1
        # The key in the folder name keeps a cached result's figures from being overwritten
        # by a later run of the same snippet with other settings.
        name = self._name(request)
        if not decision.skip:
            self.ran.append(name)
        with self._running_lock:
            if (same := self._running.get(key)) is not None:
                return same  # already running (`serve` starts a saved snippet before planning)
            done = self._start(request, decision, key, name)
            self._running[key] = done
        done.add_done_callback(lambda _: self._running.pop(key, None))
        return done

    def _start(self, request: Request, decision, key: str, name: str) -> Future[SnippetResult]:
        running = self.engine.submit(replace(request, run_id=f"{name}@{key[:10]}"), decision)
        # The caller's future completes only once the result is cached and its duration noted:
        # a callback on the engine's future could still be running when `result()` returns.
        done: Future[SnippetResult] = Future()

        def finish(ran: Future[SnippetResult]) -> None:
            if (error := ran.exception()) is not None:
                done.set_exception(error)
                return
            result = ran.result()
            try:
                self._finished(key, name, result)
            finally:
                done.set_result(result)

        running.add_done_callback(finish)
        return done

    def run_all(
        self, requests: Mapping[Key, tuple[Request, str]], *, progress: bool = False
    ) -> dict[Key, SnippetResult]:
        """Run every (request, extra) and wait for all; keys (and their order) are the caller's.

        The snippets are submitted at once, longest first by the previous run's durations,
        so a long snippet never starts last and leaves the other workers idle. `exclusive`
        snippets (timings) run after them, one at a time with every core: alone, and in a
        pool that has imported every heavy library the build uses, so one-off imports never
        hold up the machine while nothing else may run.
        """
        alone = [k for k, (request, _) in requests.items() if request.snippet.header.exclusive]
        rest = sorted(
            (k for k in requests if k not in alone),
            key=lambda k: -self._durations.get(self._name(requests[k][0]), 0.0),
        )
        futures: dict[Key, Future[SnippetResult]] = {}
        with _progress(progress, len(requests)) as advance:
            for key in rest:
                futures[key] = self.submit(*requests[key])
                futures[key].add_done_callback(lambda _: advance())
            for key in rest:
                futures[key].result()
            for key in alone:
                futures[key] = self.submit(*requests[key])
                futures[key].result()
                advance()
            results = {key: futures[key].result() for key in requests}
        self._write_durations()
        return results

    # -- frozen results and durations -----------------------------------------------------

    def _thaw(self, request: Request) -> Future[SnippetResult] | None:
        from lecture_tool.running.freeze import read_frozen

        frozen = read_frozen(request.snippet, self.project)
        if frozen is None:
            return None
        self.thawed += 1
        if frozen.stale and frozen.path not in self.stale:
            self.stale.append(frozen.path)
        future: Future[SnippetResult] = Future()
        future.set_result(frozen.result)
        return future

    def _name(self, request: Request) -> str:
        return request.run_id or run_id_of(request.snippet.path, self.project)

    def _finished(self, key: str, name: str, result: SnippetResult) -> None:
        self.cache.store(key, result)
        if result.status != "skipped":
            with self._durations_lock:
                self._durations[name] = round(result.duration, 3)
                self._durations_changed = True

    def _write_durations(self) -> None:
        with self._durations_lock:
            if not self._durations_changed:
                return
            self._durations_changed = False
            document = json.dumps(self._durations, indent=1, sort_keys=True)
        write_atomically(self._durations_path, document)

    def cuda_available(self) -> bool:
        return self.engine.cuda_available()

    def close(self, terminate: bool = False) -> None:
        self.engine.close(terminate=terminate)

    def __enter__(self) -> SnippetRunner:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        # Interrupted (SIGINT/SIGTERM, an error): stop the workers now, don't wait for them.
        self.close(terminate=exc_type is not None)


def make_engine(project: Project, *, jobs: int | None, executor: str | None) -> Engine:
    """The engine an `--executor` names: the local fork pool (default, `local`) or a Dask
    cluster (`dask://HOST:PORT`); both decide devices, run and collect results the same way."""
    if not executor or executor == "local":
        return Engine(project, jobs=jobs)
    from lecture_tool.running.dask_executor import DaskEngine

    return DaskEngine(project, executor, jobs=jobs)


def _read_durations(path: Path) -> dict[str, float]:
    """Seconds each snippet took last time (a hint for scheduling: damaged means none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(name): float(seconds) for name, seconds in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


class _progress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled and total > 0, total
        self._progress = None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._progress.start()
        task = self._progress.add_task("running snippets", total=self.total)
        return lambda: self._progress.advance(task)

    def __exit__(self, *exc_info) -> None:
        if self._progress is not None:
            self._progress.stop()
