"""Cache in front of the engine: a snippet whose inputs did not change is not run again."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace

from lecture_tool.cache import ResultCache, cache_key
from lecture_tool.execute import Engine, Request, cuda_may_exist, run_id_of, torch_version
from lecture_tool.results import SnippetResult


class CachedRunner:
    """Submits requests to an `Engine` only when `build/cache/` has no result for them."""

    def __init__(self, engine: Engine, cache: ResultCache, *, force: bool = False):
        self.engine = engine
        self.cache = cache
        self.force = force
        self.hits = 0
        self.misses = 0

    def submit(self, request: Request, extra: str = "") -> Future[SnippetResult]:
        key = cache_key(
            request.snippet,
            device=f"{request.device}:{cuda_may_exist()}",
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
        run_id = (
            f"{request.run_id or run_id_of(request.snippet.path, self.engine.project)}@{key[:10]}"
        )
        future = self.engine.submit(replace(request, run_id=run_id))
        future.add_done_callback(lambda done: self.cache.store(key, done.result()))
        return future
