"""The files a notebook's snippets read beside themselves (`Path(__file__).parent / "names"`,
a sibling module they import): they ride in the set-up cell, which writes them — small text
files as they are, larger or binary ones compressed (zlib, base64) — up to a size; the others
are downloaded from the repository `notebook_url` names; neither is a build error.

They are written where they are in the project (`snippets/06-rnn/names/…`, relative to the
notebook's folder), and the snippet's `__file__` points there, so its code runs unchanged.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.errors import BrokenReference
from lecture_tool.running.cache import local_data, local_imports
from lecture_tool.running.snippet import Snippet

EMBED_LIMIT = 256 * 1024
"""Bytes of text files one notebook carries as they are in its set-up cell."""
PACK_LIMIT = 2 * 1024 * 1024
"""Compressed bytes of the other files (larger text, binary) it carries packed; the rest are
downloaded. A corpus of ten thousand sentences (1.4 MB) packs into about 0.5 MB."""
_GITHUB = re.compile(
    r"^https://(?:colab\.research\.google\.com/github|github\.com)/"
    r"(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?:blob|tree)/(?P<ref>[^/]+)"
)


@dataclass(frozen=True)
class NotebookFiles:
    """What the set-up cell writes: embedded text, and files it downloads."""

    embedded: dict[str, str | dict[str, str]] = field(default_factory=dict)
    """Path relative to the notebook's folder → the file's text, or `{"zlib_base64": …}`:
    its bytes compressed."""
    downloads: dict[str, str] = field(default_factory=dict)
    """Path relative to the notebook's folder → the URL it is downloaded from."""


def notebook_location(path: Path, root: Path) -> str:
    """Where a project file goes relative to the notebook: its path in the project."""
    path = path.resolve()
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"_outside/{path.parent.name}/{path.name}"  # an allow_outside folder


def files_beside(snippet: Snippet) -> list[Path]:
    """The files a snippet reads beside itself: the sibling modules it imports, and when
    it finds its own folder (`__file__`), the data there it names (as its cache key has)."""
    data = local_data(snippet, limit=2**62) if "__file__" in snippet.text else []
    return sorted({*local_imports(snippet), *data})


def raw_url_base(notebook_url: str | None) -> str | None:
    """`https://raw.githubusercontent.com/OWNER/REPO/REF/` for a Colab or GitHub URL."""
    match = _GITHUB.match(notebook_url or "")
    if match is None:
        return None
    return f"https://raw.githubusercontent.com/{match['owner']}/{match['repo']}/{match['ref']}/"


def collect_files(
    needs: Iterable[tuple[Snippet, int]],
    *,
    root: Path,
    deck_path: Path,
    notebook_url: str | None,
    shown,
) -> NotebookFiles:
    """The files of `needs` (each snippet with the deck line that first shows it).

    Text files are embedded while they fit `EMBED_LIMIT`; the others are downloaded from
    `notebook_url`'s repository (its files at their project paths). Raises
    `BrokenReference` at the deck line when a file can be neither."""
    files = NotebookFiles()
    size = packed_size = 0
    base = raw_url_base(notebook_url)
    for snippet, line in needs:
        for path in files_beside(snippet):
            where = notebook_location(path, root)
            if where in files.embedded or where in files.downloads:
                continue
            nbytes = path.stat().st_size
            text = _text(path) if size + nbytes <= EMBED_LIMIT else None
            packed = _packed(path) if text is None else None
            if text is not None:
                files.embedded[where] = text
                size += nbytes
            elif packed_size + len(packed) <= PACK_LIMIT:
                files.embedded[where] = {"zlib_base64": packed}
                packed_size += len(packed)
            elif base is not None:
                files.downloads[where] = base + where
            else:
                why = (
                    f"{len(packed) // 1024} KiB compressed, more than the "
                    f"{PACK_LIMIT // 1024} KiB it carries"
                )
                raise BrokenReference(
                    f"{shown(snippet.path)} reads {path.relative_to(snippet.path.parent)} "
                    f"beside itself, which the notebook cannot carry ({why})",
                    deck_path,
                    line,
                    hint="set notebook_url in [tool.lecture_tool] to the Colab or GitHub URL of "
                    "the repository the notebooks are published in (with the project's files), "
                    "so the notebook downloads it",
                )
    return files


def _packed(path: Path) -> str:
    """The file's bytes compressed, as base64 text a notebook cell can hold."""
    return base64.b64encode(zlib.compress(path.read_bytes(), 9)).decode("ascii")


def _text(path: Path) -> str | None:
    """The file as text, or None for binary data."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\0" in text else text
