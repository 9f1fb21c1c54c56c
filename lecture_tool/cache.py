"""Results of snippets that passed, kept by a content hash so only changed snippets rerun."""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

from lecture_tool import __version__
from lecture_tool.results import SnippetResult
from lecture_tool.snippet import Snippet

log = logging.getLogger(__name__)


def cache_key(snippet: Snippet, *, device: str, smoke: bool, torch: str, extra: str = "") -> str:
    """Hash of everything that can change a snippet's result.

    `device` is the policy as asked plus whether CUDA may exist, so a GPU machine and a
    laptop never share entries; `extra` carries code that is not in the file (`{run}` blocks).
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
        snippet.text,
        *(module.read_text(errors="replace") for module in local_imports(snippet)),
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


def local_imports(snippet: Snippet) -> list[Path]:
    """Sibling modules the snippet imports (they are part of what it runs)."""
    try:
        tree = ast.parse(snippet.text)
    except SyntaxError:
        return []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    folder = snippet.path.parent
    return sorted(folder / f"{name}.py" for name in names if (folder / f"{name}.py").is_file())


class ResultCache:
    """Pickled `SnippetResult`s under `build/cache/`, written atomically."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self, key: str) -> SnippetResult | None:
        """The stored result, or None on a miss; a damaged entry is a miss, never a crash."""
        path = self.folder / f"{key}.pickle"
        try:
            result = pickle.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, from another version, garbage: all misses
            log.warning("ignoring damaged cache entry %s (%s)", path, exc)
            return None
        if not isinstance(result, SnippetResult):
            return None
        figures = [figure for cell in result.cells for figure in cell.figures]
        if not all(figure.png.is_file() and figure.svg.is_file() for figure in figures):
            return None
        return result

    def store(self, key: str, result: SnippetResult) -> None:
        if result.status != "passed":
            return  # failures and skips depend on the moment; always rerun them
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(result, file)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except BaseException:
            os.unlink(temporary)
            raise
