"""Turning what a cell wrote into text a slide can show: `\\r` collapsing, truncation, fd capture."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

MAX_LINES = 400
MAX_CHARS = 40_000


def collapse_carriage_returns(text: str) -> str:
    """Render `\\r` the way a terminal does: later text overwrites the start of the line.

    Progress bars print `\\r 10%`, `\\r 20%` …; a slide should show only the final state.
    """
    if "\r" not in text:
        return text
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        screen: list[str] = []
        for segment in raw.split("\r"):
            screen[: len(segment)] = segment
        lines.append("".join(screen))
    return "\n".join(lines)


def truncate_output(text: str, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS) -> str:
    """Cut huge output, ending with a visible note of how much was left out."""
    lines = text.splitlines(keepends=True)
    kept, size = [], 0
    for line in lines[:max_lines]:
        if size + len(line) > max_chars:
            break
        kept.append(line)
        size += len(line)
    if len(kept) == len(lines):
        return text
    omitted = len(lines) - len(kept)
    body = "".join(kept)
    if body and not body.endswith("\n"):
        body += "\n"
    return body + f"… [output truncated: {omitted} more line{'s' if omitted != 1 else ''}]\n"


STREAM_FILES = {1: ".cell-stdout", 2: ".cell-stderr"}
"""Where a worker's running cell writes (in its workspace): what it printed survives the
worker's death (`os._exit`, a segfault, a timeout kill) and is read back by the engine."""


class FdCapture:
    """Redirect file descriptors 1 and 2 into files, one cell at a time.

    Capturing at the descriptor level (not just `sys.stdout`) also catches output of
    C extensions and of processes the cell forks, such as DataLoader workers. With a
    `directory`, the files are named (`STREAM_FILES`) so a dead worker's output can be read.
    """

    # Reading back more than this is pointless: truncate_output keeps far less.
    _READ_LIMIT = 4 * MAX_CHARS

    def __init__(self, directory: Path | None = None) -> None:
        self._files: dict[int, io.BufferedRandom] = {}
        self._directory = directory

    def start(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd in (1, 2):
            if self._directory is None:
                file = tempfile.TemporaryFile()
            else:
                file = open(self._directory / STREAM_FILES[fd], "w+b")  # noqa: SIM115
            os.dup2(file.fileno(), fd)
            self._files[fd] = file

    def stop(self) -> tuple[str, str]:
        """Stop capturing; return (stdout, stderr) as decoded text."""
        sys.stdout.flush()
        sys.stderr.flush()
        texts = []
        for fd in (1, 2):
            file = self._files.pop(fd)
            file.seek(0)
            texts.append(_read_back(file))
            file.close()
        return texts[0], texts[1]


def _read_back(file) -> str:
    data = file.read(FdCapture._READ_LIMIT)
    more = file.read(1)
    text = data.decode("utf-8", errors="replace")
    if more:
        kept = truncate_output(text).rsplit("… [output truncated", 1)[0]
        text = kept + f"… [output truncated: over {FdCapture._READ_LIMIT:,} bytes written]\n"
    return text


def read_left_behind(directory: Path) -> tuple[str, str]:
    """(stdout, stderr) that a worker's unfinished cell wrote before it died, as a slide
    shows them (carriage returns collapsed, truncated)."""
    texts = []
    for fd in (1, 2):
        try:
            with open(directory / STREAM_FILES[fd], "rb") as file:
                text = _read_back(file)
        except OSError:
            text = ""
        texts.append(truncate_output(collapse_carriage_returns(text)))
    return texts[0], texts[1]


def stream_on_fd(fd: int) -> io.TextIOWrapper:
    """A text stream that writes straight through to `fd`, so output keeps its order."""
    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False),
        encoding="utf-8",
        errors="replace",
        line_buffering=True,
        write_through=True,
    )
