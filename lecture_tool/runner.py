"""The one way snippets run: the engine behind the result cache (build, `run` and pytest).

The device is decided once per request (`Engine.decide`); the cache key and the result both
use that decision, so a result is never reused for a device it did not run on.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from concurrent.futures import Future
from dataclasses import replace
from typing import TypeVar

from lecture_tool.cache import ResultCache, cache_key
from lecture_tool.config import Project
from lecture_tool.execute import Engine, Request, run_id_of, torch_version
from lecture_tool.results import SnippetResult

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
    ):
        self.project = project
        self.engine = make_engine(project, jobs=jobs, executor=executor)
        self.cache = ResultCache(project.build / "cache")
        self.force = force
        """Run even when cached (results are still stored for later builds)."""
        self.hits = 0
        self.misses = 0

    def submit(self, request: Request, extra: str = "") -> Future[SnippetResult]:
        """The result of `request`, from the cache or a worker; `extra` is code that is not
        in the snippet file (a deck's `{run}` blocks) and so must be part of the key."""
        decision = self.engine.decide(request)
        key = cache_key(
            request.snippet,
            device=decision.device,
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
        run_id = f"{request.run_id or run_id_of(request.snippet.path, self.project)}@{key[:10]}"
        future = self.engine.submit(replace(request, run_id=run_id), decision)
        future.add_done_callback(lambda done: self.cache.store(key, done.result()))
        return future

    def run_all(
        self, requests: Mapping[Key, tuple[Request, str]], *, progress: bool = False
    ) -> dict[Key, SnippetResult]:
        """Submit every (request, extra) at once and wait for all; keys are the caller's."""
        futures = {key: self.submit(request, extra) for key, (request, extra) in requests.items()}
        with _progress(progress, len(futures)) as advance:
            for future in futures.values():
                future.add_done_callback(lambda _: advance())
            return {key: future.result() for key, future in futures.items()}

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
    from lecture_tool.dask_executor import DaskEngine

    return DaskEngine(project, executor, jobs=jobs)


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
