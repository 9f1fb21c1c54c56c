"""Answers of pure, slow render steps (code highlighting, LaTeX → MathML) kept on disk, so a
build of a deck whose code and math did not change does not even import Pygments or
latex2mathml.

A changed deck is usually changed prose: its code blocks and formulas are the ones the last
build saw. Importing Pygments and compiling its Python lexer's regexes costs a fresh process
about 0.2 s, latex2mathml about 0.1 s, a third of an HTML build. Each memo is one JSON file
under the user's cache (`~/.cache/lecture_tool/render/`), named after everything its answers
depend on: the tool's version, the source of the module that computes them and the library's
installed files. A memo that cannot be read or written only costs speed.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from lecture_tool.files import user_cache_dir

log = logging.getLogger(__name__)

MAX_ENTRIES = 20_000
"""Per memo; the oldest answers are dropped first."""


class DiskMemo:
    """A str → str function's answers, loaded on first use, written back at exit."""

    def __init__(self, name: str, sources: tuple[str, ...], libraries: tuple[str, ...]):
        """`sources`: the files of the code that computes the answers; `libraries`: the
        packages it calls."""
        self.name = name
        self._sources = sources
        self._libraries = libraries
        self._table: dict[str, str] | None = None
        self._dirty = False
        self._lock = threading.Lock()

    def __call__(self, compute: Callable[..., str]) -> Callable[..., str]:
        # One memo may serve several functions of a module: each answers under its own name
        # (highlight_css("default") and variant_highlight_css("default") once shared a key).
        prefix = compute.__qualname__

        @functools.wraps(compute)
        def memoised(*args: str) -> str:
            key = "\0".join((prefix, *args))
            table = self._load()
            found = table.get(key)
            if found is None:
                found = compute(*args)  # an error is raised, never remembered
                with self._lock:
                    table[key] = found
                    self._dirty = True
            return found

        return memoised

    def _load(self) -> dict[str, str]:
        with self._lock:
            if self._table is None:
                self._table = {}
                try:
                    stored = json.loads(self._path().read_text(encoding="utf-8"))
                    if isinstance(stored, dict):
                        self._table = {k: v for k, v in stored.items() if isinstance(v, str)}
                except (OSError, ValueError):
                    pass
                atexit.register(self.save)
            return self._table

    def save(self) -> None:
        """Write new answers (at exit; `serve` and tests may call it earlier)."""
        with self._lock:
            if not self._dirty or self._table is None:
                return
            table = self._table
            if len(table) > MAX_ENTRIES:
                table = dict(list(table.items())[-MAX_ENTRIES:])
            data = json.dumps(table, ensure_ascii=False)
            self._dirty = False
        path = self._path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            log.debug("cannot keep the %s memo in %s: %s", self.name, path, exc)

    @functools.cache  # noqa: B019 — one memo object per module, alive for the process
    def _path(self) -> Path:
        from lecture_tool import __version__

        parts = [__version__, *(Path(s).read_text(encoding="utf-8") for s in self._sources)]
        for library in self._libraries:
            parts.append(_installed(library))
        key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]
        root = user_cache_dir()
        return root / "render" / f"{self.name}-{key}.json"


def _installed(library: str) -> str:
    """Where `library` is installed and when its files were last replaced (no import)."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        return f"{library}:absent"
    origin = Path(spec.origin)
    return f"{origin}:{origin.stat().st_mtime_ns}:{origin.parent.stat().st_mtime_ns}"
