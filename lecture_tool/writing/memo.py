"""Answers of pure, slow render steps (code highlighting, LaTeX → MathML) kept on disk, so a
build of a deck whose code and math did not change does not even import Pygments or
latex2mathml.

A changed deck is usually changed prose: its code blocks and formulas are the ones the last
build saw. Importing Pygments and compiling its Python lexer's regexes costs a fresh process
about 0.2 s, latex2mathml about 0.1 s, a third of an HTML build. Each memo is a folder under
the user's cache (`~/.cache/lecture_tool/render/`), named after everything its answers depend
on: the tool's version, the source of the module that computes them and the library's
installed files; each answer is one small file in it, named by a hash of its question. (One
JSON file for all answers made every build read the whole course's highlighted code, 1–2 MB,
for the few blocks of one deck: 10–35 ms.) A memo that cannot be read or written only costs
speed.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
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
"""Per memo; the answers written longest ago are dropped first."""


class DiskMemo:
    """A str → str function's answers, each read from disk on first use, new ones written at
    exit."""

    def __init__(
        self,
        name: str,
        sources: tuple[str, ...],
        libraries: tuple[str, ...],
        max_entries: int | None = None,
    ):
        """`sources`: the files of the code that computes the answers; `libraries`: the
        packages it calls; `max_entries`: how many answers to keep (MAX_ENTRIES unless
        given: fewer for large answers)."""
        self.name = name
        self.max_entries = max_entries
        self._sources = sources
        self._libraries = libraries
        self._known: dict[str, str] = {}
        self._new: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, compute: Callable[..., str]) -> Callable[..., str]:
        # One memo may serve several functions of a module: each answers under its own name
        # (highlight_css("default") and variant_highlight_css("default") once shared a key).
        prefix = compute.__qualname__

        @functools.wraps(compute)
        def memoised(*args: str) -> str:
            key = "\0".join((prefix, *args))
            found = self.get(key)
            if found is None:
                found = compute(*args)  # an error is raised, never remembered
                self.put(key, found)
            return found

        return memoised

    def get(self, key: str) -> str | None:
        """The answer kept under `key`, or None."""
        found = self._known.get(key)
        if found is None:
            found = self._read(key)
            if found is not None:
                self._known[key] = found
        return found

    def put(self, key: str, answer: str) -> None:
        """Keep `answer` under `key` (written to disk at exit, or by `save`)."""
        with self._lock:
            if not self._new:
                atexit.register(self.save)
            self._new[key] = answer
        self._known[key] = answer

    def _read(self, key: str) -> str | None:
        try:
            return self._file(key).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None

    def save(self) -> None:
        """Write new answers (at exit; `serve` and tests may call it earlier)."""
        with self._lock:
            new, self._new = self._new, {}
        if not new:
            return
        folder = self._folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for key, answer in new.items():
                handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(answer)
                os.replace(temporary, self._file(key))
            _count_and_prune(folder, len(new), self.max_entries or MAX_ENTRIES)
            for old in folder.parent.glob(f"{self.name}-*.json"):  # the one-file memos before these
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("cannot keep the %s memo in %s: %s", self.name, folder, exc)

    def _file(self, key: str) -> Path:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16)
        return self._folder() / digest.hexdigest()

    @functools.cache  # noqa: B019 — one memo object per module, alive for the process
    def _folder(self) -> Path:
        from lecture_tool import __version__

        parts = [__version__, *(Path(s).read_text(encoding="utf-8") for s in self._sources)]
        for library in self._libraries:
            parts.append(installed_stamp(library))
        key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]
        return user_cache_dir() / "render" / f"{self.name}-{key}"


COUNT_FILE = ".count"
"""How many answers a memo folder holds, as far as the saves since its last pruning know."""


def _count_and_prune(folder: Path, added: int, keep: int) -> None:
    """Count `added` new answers and, once the folder holds more than `keep`, drop the oldest
    written down to a tenth below `keep`. The count lives in a small file: listing a full memo
    (4,000 slides) and reading every answer's time on each save cost 13–65 ms of a 0.17 s build.
    Two builds saving at once may miss each other's additions; the next pruning counts again."""
    count_file = folder / COUNT_FILE
    try:
        count = int(count_file.read_text(encoding="ascii")) + added
    except (OSError, ValueError):  # a new folder, or one written before the count was kept
        count = sum(not entry.name.startswith(".") for entry in os.scandir(folder))
    if count > keep:
        count = _prune(folder, keep - keep // 10)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".count-")
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(str(count))
    os.replace(temporary, count_file)


def _prune(folder: Path, keep: int) -> int:
    """Drop all but the `keep` answers written last; how many are left."""
    entries = [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]
    if len(entries) <= keep:
        return len(entries)
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[: len(entries) - keep]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass
    return keep


def installed_stamp(library: str) -> str:
    """Where `library` is installed and when its files were last replaced (no import)."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        return f"{library}:absent"
    origin = Path(spec.origin)
    return f"{origin}:{origin.stat().st_mtime_ns}:{origin.parent.stat().st_mtime_ns}"
