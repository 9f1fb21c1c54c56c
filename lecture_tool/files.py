"""Writing outputs so that a reader never sees half a file, and two builds never interleave."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def user_cache_dir() -> Path:
    """The user's cache for what any project's builds can share (font subsets, render memos,
    compiled templates): `$XDG_CACHE_HOME/lecture_tool`, else `~/.cache/lecture_tool`."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lecture_tool"


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; outputs are for sharing
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


@contextlib.contextmanager
def build_lock(build: Path) -> Iterator[None]:
    """Hold `build/cache/.lock` so two builds in one project never interleave their writes;
    a second build waits for the first (the lock goes with the process, even on a crash)."""
    folder = build / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("%s: another lecture-tool build holds the lock; waiting", folder / ".lock")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
