"""Turning what a cell wrote into text a slide can show: fd capture up to a cap (every line
counted), `\\r` collapsing, truncation that says exactly how much was left out."""

from __future__ import annotations

import fcntl
import io
import os
import select
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.running.limits import format_size

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


def truncate_output(
    text: str,
    max_lines: int = MAX_LINES,
    max_chars: int = MAX_CHARS,
    *,
    total_lines: int | None = None,
    over: int = 0,
) -> str:
    """Cut huge output, ending with one line saying exactly how much was left out.

    `text` may be only the head of what a cell wrote: `total_lines` then counts the whole
    stream (`… 1,999,600 more lines not shown`); `over` > 0 says the head is all there is
    and the stream went on past that many bytes, uncounted (a worker that died mid-cell).
    """
    lines = _lines(text)
    complete = not over and (total_lines is None or total_lines <= len(lines))
    if not complete and lines and not lines[-1].endswith("\n"):
        lines.pop()  # a line cut off by the cap is not shown half
    kept, size = [], 0
    for line in lines[:max_lines]:
        if size + len(line) > max_chars:
            break
        kept.append(line)
        size += len(line)
    if complete and len(kept) == len(lines):
        return text
    body = "".join(kept)
    if body and not body.endswith("\n"):
        body += "\n"
    if over:
        return body + f"… output truncated: over {format_size(over)} written\n"
    omitted = (total_lines if total_lines is not None else len(lines)) - len(kept)
    return body + f"… {omitted:,} more line{'s' if omitted != 1 else ''} not shown\n"


def _lines(text: str) -> list[str]:
    """`text` cut after each newline (only `\\n`: what the stream's line count counts)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


STREAM_FILES = {1: ".cell-stdout", 2: ".cell-stderr"}
"""Where a worker's running cell's output is kept (in its workspace), up to the cap: what it
printed survives the worker's death (`os._exit`, a segfault, a kill) and is read back."""

_READ_LIMIT = 4 * MAX_CHARS
"""Reading back more than this is pointless: truncate_output keeps far less."""
_PIPE_SIZE = 2**20
"""Pipe buffer asked for: a C extension that writes while holding the GIL blocks the reader
thread only past this much."""


_STACK = 256 * 2**10


@dataclass(frozen=True)
class Captured:
    """What one cell wrote to one stream: the head that was kept, and a count of all of it."""

    head: bytes
    """The first bytes (at most the cap, and at most what a slide could show)."""
    size: int
    """Bytes written in all."""
    lines: int
    """Lines written in all (a last line without a newline counts)."""

    def shown(self) -> str:
        """The text a slide shows: carriage returns collapsed, truncated with a count."""
        text = collapse_carriage_returns(self.head.decode("utf-8", errors="replace"))
        if self.size <= len(self.head):
            return truncate_output(text)
        return truncate_output(text, total_lines=self.lines)


class _Stream:
    """One captured descriptor: a pipe whose reader thread counts every byte and line and
    keeps the first `cap` bytes in the running cell's stream file.

    The worker's own `sys.stdout`/`sys.stderr` write here directly (`write`), not through the
    pipe, so what Python printed is on disk the moment `print` returns, even if the worker
    then dies (`os._exit`, a segfault): only a C extension's or a child's last bytes, still
    in the pipe, can be lost then. Each direct write first takes what the pipe holds, so the
    order of the two is the order they were written in.
    """

    def __init__(self, fd: int, cap: int) -> None:
        self.fd, self.cap = fd, cap
        self.lock = threading.Lock()
        self.forked = False
        """In a child the cell forked: no reader thread here, so write to the pipe."""
        read_fd, write_fd = os.pipe()
        try:
            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        except (OSError, AttributeError):
            pass  # the system's maximum is lower: the default buffer works, only smaller
        os.set_blocking(read_fd, False)
        os.dup2(write_fd, fd)
        os.close(write_fd)
        self.read_fd = read_fd
        self.file: int | None = None
        self.size = self.lines = 0
        self.last = b"\n"
        # A fork while the reader holds the lock would leave the child's copy locked forever.
        os.register_at_fork(
            before=self.lock.acquire,
            after_in_parent=self.lock.release,
            after_in_child=self._in_child,
        )
        previous = threading.stack_size(_STACK)  # it only reads and counts
        try:
            threading.Thread(target=self._read, daemon=True).start()
        finally:
            threading.stack_size(previous)

    def _in_child(self) -> None:
        self.lock = threading.Lock()
        self.forked = True

    def begin(self, path: Path | None) -> None:
        with self.lock:
            self._drain()  # no cell's file is open: what came between cells is nobody's
            self.size, self.lines, self.last = 0, 0, b"\n"
            if path is None:
                self.file, name = tempfile.mkstemp()
                os.unlink(name)
            else:
                flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
                self.file = os.open(path, flags, 0o600)

    def write(self, data: bytes) -> None:
        """What Python code in this process prints."""
        if self.forked:
            os.write(self.fd, data)
            return
        with self.lock:
            self._drain()
            self._take(data)

    def end(self) -> Captured:
        """Everything the cell wrote (it has returned: its writes are in the pipe)."""
        with self.lock:
            self._drain()
            file, self.file = self.file, None
        assert file is not None
        head = os.pread(file, min(self.cap, _READ_LIMIT), 0)
        os.close(file)
        lines = self.lines + (self.last != b"\n")
        return Captured(head=head, size=self.size, lines=lines)

    def _read(self) -> None:
        open_ = True
        while open_:  # until the snippet closed the descriptor (and its children theirs)
            select.select([self.read_fd], [], [])
            with self.lock:
                open_ = self._drain()

    def _drain(self) -> bool:
        """Take what the pipe holds (the lock is held: no chunk is ever half taken); False
        once no one can write to it any more."""
        while True:
            try:
                chunk = os.read(self.read_fd, 65536)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            self._take(chunk)

    def _take(self, chunk: bytes) -> None:
        if self.file is None or not chunk:
            return
        if self.size < self.cap:
            try:
                os.write(self.file, chunk[: self.cap - self.size])
            except OSError:  # the disk is full: keep counting, as past the cap
                self.cap = self.size
        self.size += len(chunk)
        self.lines += chunk.count(b"\n")
        self.last = chunk[-1:]


class _Writer(io.RawIOBase):
    """`sys.stdout`/`sys.stderr` of the worker: bytes straight into a `_Stream`."""

    def __init__(self, stream: _Stream) -> None:
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.stream.write(bytes(data))
        return len(data)

    def fileno(self) -> int:
        return self.stream.fd  # for code that asks (faulthandler, subprocess)


class FdCapture:
    """Capture file descriptors 1 and 2, one cell at a time.

    Capturing at the descriptor level (not just `sys.stdout`) also catches output of C
    extensions and of processes the cell starts, such as DataLoader workers. Each descriptor
    is a pipe read by a thread of this process, so a cell that prints without end keeps
    running while only `cap` bytes are kept — with a `directory`, in files named
    `STREAM_FILES` there, which outlive a worker that dies — and the rest is counted.
    """

    def __init__(self, directory: Path | None = None, cap: int = 4 * 2**20) -> None:
        self._directory = directory
        sys.stdout.flush()
        sys.stderr.flush()
        # Set up at once, so that a worker's memory limit, set after, does not count them.
        self._streams = {fd: _Stream(fd, max(1, cap)) for fd in (1, 2)}

    def start(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd in (1, 2):
            path = self._directory / STREAM_FILES[fd] if self._directory else None
            self._streams[fd].begin(path)

    def text_streams(self) -> tuple[io.TextIOWrapper, io.TextIOWrapper]:
        """New `sys.stdout` and `sys.stderr` that write into the capture directly, a line
        at a time (`print` makes one write of each argument, separator and end: passing
        them one by one costs a flooding cell three times the time)."""
        streams = tuple(
            io.TextIOWrapper(
                _Writer(self._streams[fd]), encoding="utf-8", errors="replace", line_buffering=True
            )
            for fd in (1, 2)
        )
        # A line begun before a fork is written once, not once by each process.
        os.register_at_fork(before=lambda: [stream.flush() for stream in streams])
        return streams  # type: ignore[return-value]

    def stop(self) -> tuple[Captured, Captured]:
        """Stop capturing this cell: what it wrote to (stdout, stderr)."""
        sys.stdout.flush()
        sys.stderr.flush()
        return self._streams[1].end(), self._streams[2].end()


def read_left_behind(directory: Path, cap: int) -> tuple[str, str]:
    """(stdout, stderr) that a worker's unfinished cell wrote before it died, as a slide
    shows them. Past the cap the count died with the worker: the notice says so."""
    texts = []
    for fd in (1, 2):
        try:
            kept = (directory / STREAM_FILES[fd]).read_bytes()  # at most the cap
        except OSError:
            kept = b""
        lines = kept.count(b"\n") + (not kept.endswith(b"\n") and bool(kept))
        captured = Captured(head=kept[:_READ_LIMIT], size=len(kept), lines=lines)
        if len(kept) < cap:
            texts.append(captured.shown())
        else:
            text = collapse_carriage_returns(captured.head.decode("utf-8", errors="replace"))
            texts.append(truncate_output(text, over=cap))
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
