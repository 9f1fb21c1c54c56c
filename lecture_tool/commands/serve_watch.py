"""Which file events `serve` acts on: not an editor's swap, backup, lock or temporary files,
and not a save that left a file's bytes as they were.

Vim writes `.deck.md.swp` (and probes the folder with a file named `4913`), Emacs `#deck.md#`
and a `.#deck.md` lock, many editors `deck.md~` or `deck.md.tmp` before a rename: none of
them is a slide, an image or a theme, so none may rebuild or reload a tab. Pressing save on
an unchanged buffer touches the file (a new mtime, the same bytes): nothing to show either.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_LITTER = re.compile(
    r"""^(
        \..*\.sw[a-px]       # vim swap files (.x.swp, .x.swo, …) and its .swx probe
      | .*~                  # backups (x~, x.md~)
      | \.\#.*               # Emacs lock links
      | \#.*\#               # Emacs auto-saves
      | 4913                 # vim's "can I write here?" probe
      | .*\.(tmp|temp|bak|orig|part|crdownload|kate-swp)
      | \.goutputstream-.*   # GNOME's atomic-save temporary
      | \.~lock\..*\#        # LibreOffice locks
      | \.DS_Store
    )$""",
    re.VERBOSE | re.IGNORECASE,
)


def is_editor_litter(path: Path) -> bool:
    """True for the files editors make beside the one being edited (never a deck's input)."""
    return bool(_LITTER.match(path.name)) or "__pycache__" in path.parts


def watch_filter(change: object, path: str) -> bool:
    """A `watchfiles` filter: False for editor litter."""
    return not is_editor_litter(Path(path))


class ContentMemory:
    """The bytes (a digest) each watched file had when last acted on."""

    def __init__(self) -> None:
        self._digests: dict[Path, str | None] = {}

    def remember(self, folders: Iterable[Path]) -> None:
        """Record every file under `folders` as it is now (the state the first build saw)."""
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if path.is_file() and not is_editor_litter(path):
                    self._digests[path.resolve()] = _digest(path)

    def changed(self, paths: Iterable[Path]) -> list[Path]:
        """Those of `paths` whose bytes differ from the last time (new and deleted files
        included), remembered now: a second call with the same files returns none."""
        found = []
        for path in dict.fromkeys(p.resolve() for p in paths):
            if is_editor_litter(path) or path.is_dir():
                continue  # a folder's own event: what changed in it comes as its own event
            digest = _digest(path)
            if path in self._digests and self._digests[path] == digest:
                continue
            if path not in self._digests and digest is None:
                continue  # appeared and vanished between two looks: a temporary file
            self._digests[path] = digest
            found.append(path)
        return found


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None
