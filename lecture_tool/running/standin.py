"""Whether a snippet read stand-in data: a file under a folder marked with `FIXTURE.txt`.

Offline, the course's MNIST and FashionMNIST are small synthetic sets written in the real IDX
format (`tests/fixtures/datasets.py`), with a `FIXTURE.txt` beside them. Numbers computed
from them are not MNIST's, so the slides that show them say so. Which files a snippet read
is known only as it runs: an audit hook (`sys.addaudithook`, Python's own `open` event, raised
by `open`, `io.open` and `os.open`) notes each path opened, in the worker, at the cost of one
function call per event.
"""

from __future__ import annotations

import os
import sys

MARKER = "FIXTURE.txt"


class StandinWatch:
    """Installed once in a worker (audit hooks cannot be removed: a worker runs one snippet)."""

    def __init__(self) -> None:
        self.seen = False
        """A file under a folder holding `MARKER` was opened."""
        self._marked: dict[str, bool] = {}
        self._busy = False

    def install(self) -> None:
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if event != "open" or self.seen or self._busy or not args:
            return
        path = args[0]
        if not isinstance(path, (str, bytes, os.PathLike)):
            return  # an open file descriptor
        self._busy = True  # what the check itself does must not come back here
        try:
            self.seen = self._under_marker(os.fsdecode(path))
        except (OSError, ValueError):
            pass
        finally:
            self._busy = False

    def _under_marker(self, path: str) -> bool:
        folder = os.path.dirname(os.path.abspath(path))
        walked = []
        while True:
            known = self._marked.get(folder)
            if known is not None:
                break
            walked.append(folder)
            if os.path.isfile(os.path.join(folder, MARKER)):
                known = True
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                known = False
                break
            folder = parent
        for each in walked:  # every folder below a marker is marked; above none, none is
            self._marked[each] = known
        return known
