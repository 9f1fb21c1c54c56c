"""Whether a deck's outputs are up to date: a stamp of everything rendering reads.

A no-change rebuild should cost a few stat calls, not a render: the stamp hashes the deck's
text, the results its references show, the build options, the files beside the decks
(images, themes) and the tool's own code, and is kept in `build/cache/decks/`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import lecture_tool
from lecture_tool.cache import encode_result
from lecture_tool.files import write_atomically
from lecture_tool.results import SnippetResult


def deck_stamp(
    deck: Path,
    slides: Path,
    results: Iterable[SnippetResult | None],
    options: str,
    sources: Iterable[str] = (),
) -> str:
    """Hash of what rendering `deck` reads: `results` and `sources` (the text) of its
    snippets; `options` spells the build options that matter."""
    digest = hashlib.sha256()
    for part in (
        lecture_tool.__version__,
        _tool_fingerprint(),
        options,
        str(deck),
        deck.read_text(encoding="utf-8", errors="replace"),
        _files_fingerprint(f for f in slides.rglob("*") if f.suffix != ".md" and f.is_file()),
        *(json.dumps(encode_result(r)) if r else "-" for r in results),
        *sources,
    ):
        digest.update(part.encode("utf-8", errors="replace"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


class DeckStamps:
    """The stamps of the last outputs written for each deck into one output folder."""

    def __init__(self, build: Path, out: Path):
        self.folder = build / "cache" / "decks"
        self.suffix = hashlib.sha256(str(out).encode()).hexdigest()[:8]

    def _path(self, deck: Path) -> Path:
        return self.folder / f"{deck.stem}-{self.suffix}.stamp"

    def up_to_date(self, deck: Path, stamp: str, outputs: Iterable[Path]) -> bool:
        try:
            recorded = self._path(deck).read_text(encoding="utf-8")
        except OSError:
            return False
        return recorded == stamp and all(path.is_file() for path in outputs)

    def record(self, deck: Path, stamp: str) -> None:
        write_atomically(self._path(deck), stamp)

    def forget(self, deck: Path) -> None:
        self._path(deck).unlink(missing_ok=True)


@functools.cache
def _tool_fingerprint() -> str:
    """Sizes and times of the package's files: a development edit re-renders everything."""
    package = Path(lecture_tool.__file__).parent
    return _files_fingerprint(
        f for f in package.rglob("*") if f.is_file() and "__pycache__" not in f.parts
    )


def _files_fingerprint(files: Iterable[Path]) -> str:
    parts = []
    for path in sorted(files):
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)
