"""Frozen results: snippet results written to `snippets/_frozen/` (JSON text and figure
files, meant to be committed) and read back by `build --frozen` instead of running.

A GPU-only or hour-long snippet is frozen once where it can run; every other machine builds
from the frozen copy. A frozen result records the hash of the code it came from, so a
snippet edited since is reported as stale.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.files import write_atomically
from lecture_tool.running.cache import encode_result, read_result, source_digest
from lecture_tool.running.execute import run_id_of
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.snippet import Snippet

log = logging.getLogger(__name__)

FROZEN_DIR = "_frozen"


def frozen_dir(project: Project) -> Path:
    return project.snippets / FROZEN_DIR


def frozen_path(snippet: Path, project: Project) -> Path:
    """`snippets/_frozen/02-tensors/create.json` for `snippets/02-tensors/create.py`."""
    return frozen_dir(project) / f"{run_id_of(snippet, project)}.json"


@dataclass(frozen=True)
class Frozen:
    """A frozen result, and whether its snippet changed since it was frozen."""

    result: SnippetResult
    path: Path
    stale: bool


def write_frozen(snippet: Snippet, result: SnippetResult, project: Project) -> Path:
    """Freeze `result` (a passed run of `snippet`): its JSON, figures copied beside it."""
    path = frozen_path(snippet.path, project)
    figures_dir = path.with_suffix("")
    shutil.rmtree(figures_dir, ignore_errors=True)
    cells = []
    for cell in result.cells:
        figures = []
        for number, figure in enumerate(cell.figures, start=1):
            copied = {}
            for kind in ("png", "svg"):
                target = figures_dir / f"{cell.name}-{number}.{kind}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(getattr(figure, kind), target)
                copied[kind] = target
            figures.append(replace(figure, **copied))
        cells.append(replace(cell, figures=tuple(figures), duration=round(cell.duration, 3)))
    frozen = replace(result, cells=tuple(cells), duration=round(result.duration, 3))
    # Paths relative to the project: a frozen file means the same on every clone.
    document = encode_result(frozen, project.root)
    document["source"] = source_digest(snippet)
    write_atomically(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path


def read_frozen(snippet: Snippet, project: Project) -> Frozen | None:
    """The frozen result of `snippet`, or None when it has none (or it is damaged: a warning)."""
    path = frozen_path(snippet.path, project)
    found = read_result(path, what="frozen result", damaged="freeze it again", base=project.root)
    if found is None:
        return None
    document, result = found
    source = document.get("source")
    if not isinstance(source, str):
        log.warning("%s: ignoring damaged frozen result (no source) — freeze it again", path)
        return None
    result = replace(result, snippet=snippet.path)
    return Frozen(result, path, stale=source != source_digest(snippet))


@dataclass
class FreezeReport:
    frozen: list[Path]
    """The frozen result files written."""
    not_frozen: list[str]
    """`snippet: why` for results that were not frozen (failed or skipped here)."""

    @property
    def failed(self) -> bool:
        return any(": failed" in line for line in self.not_frozen)

    def lines(self) -> list[str]:
        return [f"froze {path}" for path in self.frozen] + [
            f"not frozen: {line}" for line in self.not_frozen
        ]
