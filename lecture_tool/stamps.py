"""Whether a deck's outputs are up to date, asked two ways.

1. The stamp: a hash of everything rendering reads (the deck's text, the results and code of
   its snippets, the build options, the files beside the decks, the tool's own code), kept in
   `build/cache/decks/`. Computing it means parsing the deck and looking its results up.
2. The inputs: the files the stamp was computed from, each with its size and modification
   time, recorded beside the stamp. When none of them changed (and the options, Python and
   the tool did not), the outputs are up to date without parsing anything, as `make` decides.
   A file modified within `RACY_NS` of the record might change again within the same clock
   tick, so its content hash is recorded too (git's "racily clean" rule).

A no-change rebuild of the course costs the second: a few hundred `stat` calls.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import lecture_tool
from lecture_tool.files import write_atomically

if TYPE_CHECKING:
    from lecture_tool.config import Project
    from lecture_tool.plan import DeckPlan
    from lecture_tool.writing.outputs import SnippetTable

RACY_NS = 2_000_000_000


def rendering_context(
    deck: Path,
    slides: Path,
    results: Iterable[object],
    options: str,
    sources: Iterable[str] = (),
    images: Iterable[Path] = (),
) -> str:
    """Hash of what rendering `deck` reads besides its own text: `results` (`SnippetResult |
    None`) and `sources` (the text) of its snippets, the local `images` it shows (from slides/
    or elsewhere), what slides/ holds (themes, images), the tool; `options` spells the build
    options that matter."""
    from lecture_tool.running.cache import encode_result

    return _hash(
        lecture_tool.__version__,
        _tool_fingerprint(),
        options,
        str(deck),
        _files_fingerprint(f for f in slide_entries(slides) if f.is_file()),
        _files_fingerprint(images),
        *(json.dumps(encode_result(r)) if r else "-" for r in results),
        *sources,
    )


def deck_stamp(context: str, deck: Path) -> str:
    """Hash of what rendering `deck` reads: its `rendering_context` and its text."""
    return _hash(context, deck.read_text(encoding="utf-8", errors="replace"))


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", errors="replace"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def inputs_key(options: str) -> str:
    """What must also be equal for recorded inputs to stand for the outputs: the options,
    Python, the tool's code, and whether this machine may have CUDA (the device decision)."""
    from lecture_tool.running.machine import cuda_may_exist

    parts = (lecture_tool.__version__, _tool_fingerprint(), sys.version, options, cuda_may_exist())
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:24]


def slide_entries(slides: Path) -> list[Path]:
    """Every folder under slides/ and every file in them but the decks: the images and themes
    any deck may show."""
    return [f for f in slides.rglob("*") if f.suffix != ".md" or f.is_dir()]


@dataclass(frozen=True)
class Inputs:
    """What a deck's outputs were built from, beyond the build options."""

    files: Sequence[Path]
    """Every file and folder read (a folder stands for the names in it): missing ones too."""
    results: Sequence[str] = ()
    """The snippet results shown (`snippet:PATH`, `runs:DECK`), to report them as cached."""
    warnings: Sequence[tuple[str, int | None, str | None]] = ()
    """The deck's warnings (message, line, hint), said again on every build."""
    modules: Sequence[str] = ()
    """Modules its snippets require: one installed since changes what they show."""


class DeckStamps:
    """The stamps of the last outputs written for each deck into one output folder."""

    def __init__(self, build: Path, out: Path):
        self.folder = build / "cache" / "decks"
        self.suffix = hashlib.sha256(str(out).encode()).hexdigest()[:8]

    def _path(self, deck: Path, kind: str = "stamp") -> Path:
        return self.folder / f"{deck.stem}-{self.suffix}.{kind}"

    def up_to_date(self, deck: Path, stamp: str, outputs: Iterable[Path]) -> bool:
        try:
            recorded = self._path(deck).read_text(encoding="utf-8")
        except OSError:
            return False
        return recorded == stamp and all(path.is_file() for path in outputs)

    def record(self, deck: Path, stamp: str, key: str = "", inputs: Inputs | None = None) -> None:
        """Keep `stamp`, and, given `key` and `inputs`, the files it came from as they are now."""
        write_atomically(self._path(deck), stamp)
        if not (key and inputs):
            self._path(deck, "inputs").unlink(missing_ok=True)
            return
        now = time.time_ns()
        record = {
            "key": key,
            "files": [_file_state(path, now) for path in dict.fromkeys(inputs.files)],
            "results": list(inputs.results),
            "warnings": [list(w) for w in inputs.warnings],
            "modules": {name: _installed(name) for name in inputs.modules},
        }
        write_atomically(self._path(deck, "inputs"), json.dumps(record))

    def unchanged(self, deck: Path, key: str, outputs: Iterable[Path]) -> Inputs | None:
        """The recorded inputs, when every one is as recorded under the same `key` and every
        output is there; else None."""
        if not all(path.is_file() for path in outputs):
            return None
        try:
            record = json.loads(self._path(deck, "inputs").read_text(encoding="utf-8"))
            if record["key"] != key:
                return None
            for path, *state in record["files"]:
                if _file_state(Path(path), 0)[1:3] != state[:2]:
                    return None
                if state[2] is not None and _digest(Path(path)) != state[2]:
                    return None
            if any(_installed(name) != was for name, was in record["modules"].items()):
                return None
            return Inputs(
                files=[Path(path) for path, *_ in record["files"]],
                results=record["results"],
                warnings=[tuple(w) for w in record["warnings"]],
                modules=list(record["modules"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no record, or a damaged one: the stamp decides

    def forget(self, deck: Path) -> None:
        self._path(deck).unlink(missing_ok=True)
        self._path(deck, "inputs").unlink(missing_ok=True)


def _file_state(path: Path, now: int) -> list:
    """[path, mtime_ns, size, digest]: the digest only when `now` is close to the mtime."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path), None, None, None]
    racy = now and now - stat.st_mtime_ns < RACY_NS
    return [str(path), stat.st_mtime_ns, stat.st_size, _digest(path) if racy else None]


def _digest(path: Path) -> str | None:
    try:
        if path.is_dir():
            data = "\0".join(sorted(os.listdir(path))).encode()
        else:
            data = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()[:24]


def _installed(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def _tool_fingerprint() -> str:
    """Sizes and times of the package's files: a development edit re-renders everything."""
    # Every build asks (inputs_key): os.scandir's entries, not pathlib's rglob, which costs
    # a fresh process several times as much for the ~110 files.
    files = []
    folders = [os.path.dirname(lecture_tool.__file__)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.is_file():
                    files.append(entry.path)
    return _files_fingerprint(files)


def _files_fingerprint(files: Iterable[Path | str]) -> str:
    parts = []
    for path in sorted(map(str, files)):
        try:
            stat = os.stat(path)
        except OSError:
            parts.append(f"{path}:missing")
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def plan_context(deck_plan: DeckPlan, table: SnippetTable, runs, settings: str, project) -> str:
    """The rendering context of a planned deck (everything its stamp hashes but its text):
    its results, its snippets' code, `settings` and images."""
    results = [table.results.get(path) for path in deck_plan.snippets]
    results.append(runs.get(deck_plan.deck.path))
    # The slides show the snippets' code too, not only their results.
    sources = [table.snippets[path].text for path in deck_plan.snippets]
    images = shown_images(deck_plan)
    return rendering_context(
        deck_plan.deck.path, project.slides, results, settings, sources, images
    )


def shown_images(deck_plan: DeckPlan) -> list[Path]:
    """The local image files the deck shows, wherever they are (slides/, or beside it)."""
    references = deck_plan.deck.references
    return sorted({r.file for r in references if r.kind == "image" and r.file is not None})


def result_names(deck_plan: DeckPlan) -> list[str]:
    """The results a deck shows, named as `Inputs.results` records them."""
    names = [f"snippet:{path}" for path in deck_plan.snippets]
    return names + ([f"runs:{deck_plan.deck.path}"] if deck_plan.run_cells else [])


def plan_inputs(deck_plan: DeckPlan, table: SnippetTable, project: Project):
    """Every file the stamp of `deck_plan` was computed from (see stamps.Inputs)."""
    from lecture_tool.running.cache import local_data, local_imports
    from lecture_tool.running.machine import torch_version_file

    files = [deck_plan.deck.path, project.root / "pyproject.toml", torch_version_file()]
    # What any deck may show (images, themes), and the folders: a new image changes one.
    files += [project.slides, *slide_entries(project.slides), *shown_images(deck_plan)]
    modules: set[str] = set()
    for path in deck_plan.snippets:
        snippet = table.snippets[path]
        data = local_data(snippet)
        # A folder stands for its names: a new sibling module or data file changes it.
        files += [path, path.parent, *local_imports(snippet), *data, *(f.parent for f in data)]
        modules.update(name for name in snippet.header.requires if name != "cuda")
    warnings = [(w.message, w.line, w.hint) for w in deck_plan.deck.warnings]
    return Inputs(
        files=[f for f in files if f is not None],
        results=result_names(deck_plan),
        warnings=warnings,
        modules=sorted(modules),
    )
