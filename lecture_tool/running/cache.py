"""Results of snippets kept by a content hash (JSON entries plus figure files), so only
changed snippets rerun; the project's build lock; `cache info|clear`.

Entries are JSON, never pickles: reading a cache that someone else wrote cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lecture_tool import __version__
from lecture_tool.files import build_lock, write_atomically
from lecture_tool.running.imports import imported_modules
from lecture_tool.running.results import CellResult, ErrorInfo, Figure, SnippetResult
from lecture_tool.running.snippet import Snippet

log = logging.getLogger(__name__)

FORMAT = 1
"""Bumped when the entry layout changes; entries of another format are misses."""


def cache_key(snippet: Snippet, *, device: str, smoke: bool, torch: str, extra: str = "") -> str:
    """Hash of everything that can change a snippet's result.

    `device` is the decision (device, and why it is skipped, if it is), so a GPU machine and
    a laptop never share entries; `extra` carries code that is not in the file (`{run}` blocks).
    """
    digest = hashlib.sha256()
    for part in (
        __version__,
        sys.version,
        torch,
        device,
        str(smoke),
        extra,
        str(snippet.path.resolve()),
        source_digest(snippet),
    ):
        digest.update(part.encode("utf-8", errors="replace"))
        digest.update(b"\0")
    for data in local_data(snippet):
        digest.update(str(data.relative_to(snippet.path.parent)).encode("utf-8"))
        digest.update(data.read_bytes())
    return digest.hexdigest()[:24]


def local_data(snippet: Snippet, limit: int = 5_000_000) -> list[Path]:
    """Data shipped beside the snippet that it names (`verses.txt`, a `names/` folder):
    editing it changes what the snippet prints, so it is part of the key."""
    folder = snippet.path.parent
    found = []
    for entry in sorted(folder.iterdir()):
        if (
            entry.suffix == ".py"
            or entry.name.startswith((".", "_"))
            or entry.name not in snippet.text
        ):
            continue
        files = sorted(entry.rglob("*")) if entry.is_dir() else [entry]
        found += [f for f in files if f.is_file() and f.stat().st_size <= limit]
    return found


def source_digest(snippet: Snippet) -> str:
    """Hash of the code a snippet runs: its text and the local modules it imports."""
    digest = hashlib.sha256()
    for text in (snippet.text, *(m.read_text(errors="replace") for m in local_imports(snippet))):
        digest.update(text.encode("utf-8", errors="replace"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def local_imports(snippet: Snippet) -> list[Path]:
    """Sibling modules the snippet imports (they are part of what it runs)."""
    folder = snippet.path.parent
    siblings = [p for p in folder.glob("*.py") if p != snippet.path and p.stem in snippet.text]
    if not siblings:
        return []  # the common case, decided without parsing the snippet
    names = imported_modules(snippet)
    return sorted(path for path in siblings if path.stem in names)


# --- results as JSON ------------------------------------------------------------------


def encode_result(result: SnippetResult, base: Path | None = None) -> dict[str, Any]:
    """`result` as plain JSON data; paths under `base` are stored relative to it."""

    def path(value: Path) -> str:
        if base is not None and value.is_relative_to(base):
            return str(value.relative_to(base))
        return str(value)

    return {
        "format": FORMAT,
        "snippet": path(result.snippet),
        "status": result.status,
        "reason": result.reason,
        "device": result.device,
        "torch": result.torch,
        "duration": result.duration,
        "standin": result.standin,
        "cells": [
            {
                "name": cell.name,
                "status": cell.status,
                "stdout": cell.stdout,
                "stderr": cell.stderr,
                "figures": [
                    {
                        "png": path(f.png),
                        "svg": path(f.svg),
                        "text_pt": f.text_pt,
                        "size_in": list(f.size_in),
                    }
                    for f in cell.figures
                ],  # fmt: skip
                "error": asdict(cell.error) if cell.error else None,
                "duration": cell.duration,
            }
            for cell in result.cells
        ],
    }


def decode_result(data: dict[str, Any], base: Path = Path()) -> SnippetResult:
    """The inverse of `encode_result`; KeyError/TypeError/ValueError on a damaged document."""
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r}, expected {FORMAT}")
    cells = tuple(
        CellResult(
            name=str(cell["name"]),
            status=cell["status"],
            stdout=str(cell["stdout"]),
            stderr=str(cell["stderr"]),
            figures=tuple(
                Figure(
                    png=base / figure["png"],
                    svg=base / figure["svg"],
                    # Entries written before text sizes were recorded have none: unchecked.
                    text_pt=float(figure.get("text_pt", 0.0)),
                    size_in=tuple(float(x) for x in figure.get("size_in", (0.0, 0.0))),
                )
                for figure in cell["figures"]
            ),
            error=ErrorInfo(**cell["error"]) if cell["error"] else None,
            duration=float(cell["duration"]),
        )
        for cell in data["cells"]
    )
    return SnippetResult(
        snippet=base / data["snippet"],
        status=data["status"],
        reason=str(data["reason"]),
        device=str(data["device"]),
        torch=str(data["torch"]),
        duration=float(data["duration"]),
        cells=cells,
        # Entries written before the field existed read as real data (they are not misses).
        standin=data.get("standin", False) is True,
    )


def read_result(
    path: Path, *, what: str, damaged: str, base: Path = Path()
) -> tuple[dict[str, Any], SnippetResult] | None:
    """A stored result document (`what` it is) and its result; None when there is none, when
    it is damaged or when one of its figures is gone (a warning ending in `damaged`: what to do)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        result = decode_result(document, base)
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        log.warning("%s: ignoring damaged %s (%s) — %s", path, what, exc, damaged)
        return None
    figures = [figure for cell in result.cells for figure in cell.figures]
    missing = [f.svg for f in figures if not (f.png.is_file() and f.svg.is_file())]
    if missing:
        log.warning("%s: %s figure %s is missing — %s", path, what, missing[0], damaged)
        return None
    return document, result


class ResultCache:
    """`SnippetResult`s as `<key>.json` under `build/cache/`, written atomically; figures
    stay where the run saved them (a folder named after the key, never overwritten)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self, key: str) -> SnippetResult | None:
        """The stored result, or None on a miss; a damaged entry is a miss, never a crash."""
        path = self.folder / f"{key}.json"
        found = read_result(path, what="cache entry", damaged="it will be rebuilt")
        return found[1] if found else None

    def store(self, key: str, result: SnippetResult) -> None:
        if result.status == "failed":
            return  # a failure is what the author is fixing right now: always rerun it
        document = json.dumps(encode_result(result), indent=1)
        write_atomically(self.folder / f"{key}.json", document)


# --- `lecture-tool cache info|clear` --------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    entries: int
    size: int
    """Bytes of entries and the figures runs saved."""
    oldest: float | None
    """Modification time of the oldest entry (seconds since the epoch)."""

    def lines(self, folder: Path) -> list[str]:
        oldest = (
            time.strftime("%Y-%m-%d %H:%M", time.localtime(self.oldest)) if self.oldest else "-"
        )
        return [
            f"cache: {folder}",
            f"entries: {self.entries}",
            f"size: {_human(self.size)}",
            f"oldest: {oldest}",
        ]


def cache_info(build: Path) -> CacheInfo:
    entries = sorted((build / "cache").glob("*.json"))
    times = [entry.stat().st_mtime for entry in entries]
    size = sum(entry.stat().st_size for entry in entries)
    size += sum(f.stat().st_size for f in (build / "figures").rglob("*") if f.is_file())
    return CacheInfo(len(entries), size, min(times) if times else None)


def clear_cache(build: Path) -> int:
    """Delete every entry, the figures they point to and the rendered-deck stamps; returns
    how many entries there were."""
    with build_lock(build):
        count = len(list((build / "cache").glob("*.json")))
        for path in (build / "cache").iterdir():
            if path.name != ".lock":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.rmtree(build / "figures", ignore_errors=True)
    return count


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
