"""Heavy modules the warm pool imports on first need, not at start: which, for what a job
uses, and importing each once (its forks then have it)."""

from __future__ import annotations

import sys

from lecture_tool.running.pool_protocol import Submit

PRELOAD = {"torchvision": "torchvision", "torch.optim": "torch._dynamo"}
"""What a snippet uses → the heavy module the pool imports for it, on first use rather than
at start (see `pool`). Creating any torch optimizer imports torch._dynamo (2 s here): once in
the pool, not once in every worker whose snippet trains something."""


_TRIED: set[str] = set()
"""`PRELOAD` modules this pool has imported or failed to: never tried twice."""


def missing(modules: tuple[str, ...]) -> list[str]:
    """Those of `modules` that are `PRELOAD` modules not tried yet."""
    return [m for m in modules if m in PRELOAD.values() and m not in _TRIED]


def needed(queue: list[Submit]) -> tuple[str, ...]:
    """The `PRELOAD` modules queued jobs need that were not imported (or tried) yet."""
    return tuple(dict.fromkeys(m for submit in queue for m in missing(submit.preload)))


def preload(modules: tuple[str, ...]) -> bool:
    """Import those of `modules` not imported yet; True when one was."""
    imported = False
    for name in missing(modules):
        _TRIED.add(name)
        if name in sys.modules:
            continue
        try:
            __import__(name)
        except Exception:  # noqa: BLE001  (the job's own import reports the problem)
            continue
        imported = True
    return imported
