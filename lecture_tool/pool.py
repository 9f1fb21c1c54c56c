"""The warm parent: imports torch, numpy and matplotlib once, then forks one worker per snippet.

Run as `python -m lecture_tool.pool READ_FD WRITE_FD JOBS` by `execute.Engine`. It talks to
the engine over two pipes with length-prefixed pickles:

    engine → pool: (job_id, Job) to run, or None to shut down
    pool → engine: ("hello", {"torch": …, "cuda": …}) once, then
                   ("done", job_id, {"exit": code|None, "signal": n|None, "timed_out": bool})

Traps this avoids (each measured): running a multi-threaded torch op here before forking
makes children hang in the OpenMP pool, so the parent only imports and warms matplotlib;
`torch.cuda.is_available()` here could initialise CUDA and poison forked children, so CUDA
is probed through NVML only. A spare child is forked ahead of the next job to hide the
~45 ms fork.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
from dataclasses import dataclass

_HEADER = struct.Struct("!I")


def send(fd: int, message: object) -> None:
    data = pickle.dumps(message)
    payload = _HEADER.pack(len(data)) + data
    while payload:
        written = os.write(fd, payload)
        payload = payload[written:]


def receive(fd: int) -> object:
    """The next message on `fd`; EOFError when the other side closed it."""
    header = _read_exactly(fd, _HEADER.size)
    return pickle.loads(_read_exactly(fd, _HEADER.unpack(header)[0]))


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, remaining)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def warm_up() -> dict:
    """Import what snippets use and render one figure, without touching CUDA or torch threads."""
    os.environ["PYTORCH_NVML_BASED_CUDA_CHECK"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    import numpy  # noqa: F401
    import torch

    try:
        import torchvision  # noqa: F401  (decks on images use it; importing costs ~0.5 s)
    except ImportError:
        pass
    # The first figure a process draws pays for font loading; pay it once, here.
    figure, axes = pyplot.subplots()
    axes.plot([0, 1], [0, 1])
    axes.set_title("warm")
    figure.savefig(io.BytesIO(), format="png")
    figure.savefig(io.BytesIO(), format="svg")
    pyplot.close("all")
    # Under Agg, plt.show() would warn on every call; in a snippet it should be harmless.
    pyplot.show = lambda *args, **kwargs: None
    cuda = torch.cuda.is_available()  # NVML-based: does not initialise CUDA
    # str(): torch.__version__ is a TorchVersion, and unpickling that would import torch.
    return {"torch": str(torch.__version__), "cuda": bool(cuda)}


@dataclass
class _Running:
    job_id: int
    pid: int
    pidfd: int
    """Readable once the child exits: lets select() wake at once instead of polling."""
    deadline: float
    timed_out: bool = False


class _Spare:
    """A child forked ahead of time, blocked until it is handed its job through a pipe."""

    def __init__(self, protocol_fds: tuple[int, int]):
        read_fd, self.write_fd = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.write_fd)
            for fd in protocol_fds:
                os.close(fd)
            _child_main(read_fd)
        os.close(read_fd)
        # Set the child's group here too, so a timeout can never race its own setpgid.
        try:
            os.setpgid(self.pid, self.pid)
        except (PermissionError, ProcessLookupError):
            pass

    def hand(self, job) -> None:
        send(self.write_fd, job)
        os.close(self.write_fd)


def _child_main(read_fd: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        job = receive(read_fd)
    except EOFError:
        os._exit(0)  # the pool shut down before using this spare
    os.close(read_fd)
    from lecture_tool.worker import run_job

    run_job(job)  # never returns


def serve(read_fd: int, write_fd: int, jobs: int) -> None:
    send(write_fd, ("hello", warm_up()))
    protocol_fds = (read_fd, write_fd)
    spare: _Spare | None = _Spare(protocol_fds)
    running: dict[int, _Running] = {}
    queue: list[tuple[int, object, float]] = []
    accepting = True
    while accepting or running or queue:
        while queue and len(running) < jobs:
            job_id, job, timeout = queue.pop(0)
            spare = spare or _Spare(protocol_fds)
            spare.hand(job)
            pidfd = os.pidfd_open(spare.pid)
            running[spare.pid] = _Running(job_id, spare.pid, pidfd, time.monotonic() + timeout)
            spare = _Spare(protocol_fds) if accepting else None
        watched = [entry.pidfd for entry in running.values()]
        if accepting:
            watched.append(read_fd)
        deadlines = [e.deadline for e in running.values() if e.deadline != float("inf")]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready, _, _ = select.select(watched, [], [], wait)
        if read_fd in ready:
            try:
                message = receive(read_fd)
            except EOFError:
                message = None
            if message is None:
                accepting = False
            else:
                queue.append(message)
        _reap(running, write_fd)
        _enforce_deadlines(running)
    if spare is not None:
        os.close(spare.write_fd)
        os.waitpid(spare.pid, 0)


def _reap(running: dict[int, _Running], write_fd: int) -> None:
    for pid in list(running):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            continue
        entry = running.pop(pid)
        os.close(entry.pidfd)
        _kill_group(pid)  # leftovers such as DataLoader workers go with their snippet
        outcome = {
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "timed_out": entry.timed_out,
        }
        send(write_fd, ("done", entry.job_id, outcome))


def _enforce_deadlines(running: dict[int, _Running]) -> None:
    now = time.monotonic()
    for entry in running.values():
        if not entry.timed_out and now >= entry.deadline:
            entry.timed_out = True
            _kill_group(entry.pid)
            entry.deadline = float("inf")  # wait for the exit, not for the deadline again


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str]) -> None:
    read_fd, write_fd, jobs = (int(value) for value in argv)
    serve(read_fd, write_fd, jobs)


if __name__ == "__main__":
    main(sys.argv[1:])
