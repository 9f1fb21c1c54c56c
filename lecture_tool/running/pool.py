"""The warm parent: imports torch, numpy and matplotlib once, then forks one worker per snippet.

Run as `python -m lecture_tool.running.pool READ_FD WRITE_FD JOBS` by `execute.Engine`. It talks to
the engine over two pipes with length-prefixed pickles:

    engine → pool: `Submit` for each job, or None to shut down
    pool → engine: `Hello` once, then a `Finished` for each job

Traps this avoids (each measured): running a multi-threaded torch op here before forking
makes children hang in the OpenMP pool, so the parent only imports and warms matplotlib;
`torch.cuda.is_available()` here could initialise CUDA and poison forked children, so CUDA
is probed through NVML only. A spare child is forked ahead of the next job to hide the
~45 ms fork. torchvision and torch._dynamo (which the first optimizer a process creates
imports), each costing about as much as torch itself, are imported the first time a job
needs them: a build whose snippets do not use them never waits for them, and one that does
imports them while a worker runs (a job needing none starts first; see `_next_job`).
"""

from __future__ import annotations

import gc
import importlib
import math
import os
import select
import signal
import sys
import time
from dataclasses import dataclass

from lecture_tool.reaper import become_subreaper, die_with_parent, kill_adopted
from lecture_tool.running.pool_protocol import Cancel, Finished, Hello, Submit, receive, send

_MAX_TIMEOUT = 24 * 3600.0
"""Headers are validated (snippet.MAX_TIMEOUT); this guards the pool against any other value."""


PRELOAD = {"torchvision": "torchvision", "torch.optim": "torch._dynamo"}
"""What a snippet uses → the heavy module the pool imports for it, on first use rather than
at start (see above). Creating any torch optimizer imports torch._dynamo (2 s here): once in
the pool, not once in every worker whose snippet trains something."""


def warm_up() -> Hello:
    """Import what snippets use and render one figure, without touching CUDA or torch threads."""
    os.environ["PYTORCH_NVML_BASED_CUDA_CHECK"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
    import io

    import matplotlib

    matplotlib.use("Agg")
    # SVG ids come from a hash salted at random unless a salt is set: fix it (reproducible).
    matplotlib.rcParams["svg.hashsalt"] = "lecture_tool"
    import matplotlib.pyplot as pyplot
    import numpy  # noqa: F401
    import torch

    # Seeding a worker (numpy.random.seed, torch.manual_seed) imports these on first use:
    # ~25 ms in every worker unless they are imported once, here (importing seeds nothing).
    for name in ("numpy.random", "torch.random", "torch.xpu", "torch.mtia", "torch.mps"):
        try:
            importlib.import_module(name)
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
    import lecture_tool.running.worker  # noqa: F401  (each child would otherwise import it: ~20 ms)

    cuda = torch.cuda.is_available()  # NVML-based: does not initialise CUDA
    return Hello(torch=str(torch.__version__), cuda=bool(cuda))


@dataclass
class _Running:
    job_id: int
    pid: int
    pidfd: int
    """Readable once the child exits: lets select() wake at once instead of polling."""
    done_fd: int
    """The child writes one byte here once its results are on disk, before its slow exit."""
    deadline: float
    timed_out: bool = False
    cancelled: bool = False
    reported: bool = False
    """The engine has its answer; only the exit is still to be collected."""


class _Spare:
    """A child forked ahead of time, blocked until it is handed its job through a pipe."""

    def __init__(self, protocol_fds: tuple[int, int]):
        job_read, self.write_fd = os.pipe()
        self.done_fd, done_write = os.pipe()
        # Stop signals wait while forking: a child must never run the pool's own handler.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        gc.freeze()
        self.pid = os.fork()
        if self.pid == 0:
            for fd in (self.write_fd, self.done_fd, *protocol_fds):
                os.close(fd)
            _child_main(job_read, done_write)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        os.close(job_read)
        os.close(done_write)
        # Set the child's group here too, so a timeout can never race its own setpgid.
        try:
            os.setpgid(self.pid, self.pid)
        except (PermissionError, ProcessLookupError):
            pass

    def hand(self, job) -> None:
        send(self.write_fd, job)
        os.close(self.write_fd)

    def discard(self) -> None:
        os.close(self.write_fd)  # the child sees EOF and leaves
        os.close(self.done_fd)
        os.waitpid(self.pid, 0)


def _child_main(job_fd: int, done_fd: int) -> None:
    gc.enable()  # for the snippet's own objects; the parent's are frozen (see serve)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # A pool that dies without cleaning up (killed outright with its build) sends SIGTERM
    # here: the worker takes its whole tree down — children that left its session too, which
    # would otherwise be re-parented to init and outlive the build — then leaves.
    signal.signal(signal.SIGTERM, _orphaned)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    die_with_parent(os.getppid(), signal.SIGTERM)
    try:
        job = receive(job_fd)
    except EOFError:
        os._exit(0)  # the pool shut down before using this spare
    os.close(job_fd)
    from lecture_tool.running.worker import run_job

    run_job(job, done_fd)  # never returns


_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _orphaned(signum: int, frame: object) -> None:
    kill_adopted(keep=set())  # the worker is a subreaper: its descendants come back to it
    os._exit(128 + signum)


class _Stop(Exception):
    """SIGTERM or SIGINT reached the pool: its engine is stopping, or has died."""


def _stop(signum: int, frame: object) -> None:
    # The first signal stops the pool; a second one (SIGINT after SIGTERM, the parent's
    # death after a stop) must not interrupt the clean-up with a traceback.
    for ignored in (signal.SIGTERM, signal.SIGINT):
        signal.signal(ignored, signal.SIG_IGN)
    raise _Stop


def serve(read_fd: int, write_fd: int, jobs: int) -> None:
    # Every child shares the parent's memory until it writes to it; a collection in the
    # child would write to each object it walks. So the parent collects nothing (it makes
    # little garbage) and freezes its objects before each fork: children walk only their own.
    gc.disable()
    send(write_fd, warm_up())
    protocol_fds = (read_fd, write_fd)
    spare: _Spare | None = _Spare(protocol_fds)
    running: dict[int, _Running] = {}
    queue: list[Submit] = []
    accepting = True
    while accepting or running or queue:
        while queue and _busy(running) < jobs:
            submit = queue.pop(_next_job(queue, running))
            spare = _preloaded(submit.preload, spare, protocol_fds) or _Spare(protocol_fds)
            spare.hand(submit.job)
            running[spare.pid] = _Running(
                submit.job_id,
                spare.pid,
                os.pidfd_open(spare.pid),
                spare.done_fd,
                time.monotonic() + _bounded(submit.timeout),
            )
            spare = _Spare(protocol_fds) if accepting else None
        if queue and _busy(running) >= jobs:
            # Every worker is busy: import what queued jobs need now, not while one waits.
            spare = _preloaded(_needed(queue), spare, protocol_fds)
        watched = [e.pidfd for e in running.values()]
        watched += [e.done_fd for e in running.values() if e.done_fd >= 0]
        if accepting:
            watched.append(read_fd)
        deadlines = [e.deadline for e in running.values() if not e.reported and not e.timed_out]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(select.select(watched, [], [], wait)[0])
        if read_fd in ready:
            accepting = _read_jobs(read_fd, queue)
            _cancel(queue, running, write_fd)
        reaped = False
        for entry in list(running.values()):
            if entry.done_fd in ready:
                _finish(entry, write_fd)
            if entry.pidfd in ready:
                _reap(entry, running, write_fd)
                reaped = True
        if reaped:
            # A dead worker's setsid() descendants were re-parented to us (a subreaper).
            kill_adopted(keep=set(running) | ({spare.pid} if spare else set()))
        _enforce_deadlines(running)
    if spare is not None:
        spare.discard()


def _read_jobs(read_fd: int, queue: list[Submit | Cancel]) -> bool:
    """Queue every job the engine has sent so far, so the next to start is chosen among them
    all (`_next_job`); False once the engine said there will be no more."""
    while True:
        message = receive(read_fd)  # EOFError before a None: the engine died
        if message is None:
            return False
        queue.append(message)
        if not select.select([read_fd], [], [], 0)[0]:
            return True


def _cancel(queue: list[Submit | Cancel], running: dict[int, _Running], write_fd: int) -> None:
    """Act on the `Cancel`s just read: a queued job is dropped (and answered), a running one's
    process group killed (answered when it is reaped, as `cancelled`)."""
    for cancel in [message for message in queue if isinstance(message, Cancel)]:
        queue.remove(cancel)
        queued = [s for s in queue if isinstance(s, Submit) and s.job_id == cancel.job_id]
        for submit in queued:
            queue.remove(submit)
            send(write_fd, Finished(submit.job_id, exit=None, cancelled=True))
        for entry in running.values():
            if entry.job_id == cancel.job_id and not entry.reported:
                entry.cancelled = True
                _kill_group(entry.pid)


def _busy(running: dict[int, _Running]) -> int:
    """Workers whose job is not answered yet (the others are only exiting)."""
    return sum(not entry.reported for entry in running.values())


def _needed(queue: list[Submit]) -> tuple[str, ...]:
    """The `PRELOAD` modules queued jobs need that were not imported (or tried) yet."""
    return tuple(dict.fromkeys(m for submit in queue for m in _missing(submit.preload)))


def _next_job(queue: list[Submit], running: dict[int, _Running]) -> int:
    """The queue's first job, unless no worker is busy and it needs an import: then the first
    job that needs none, so a worker runs while the pool imports (longest-first otherwise)."""
    if _busy(running) or not _missing(queue[0].preload):
        return 0
    return next((k for k, submit in enumerate(queue) if not _missing(submit.preload)), 0)


_TRIED: set[str] = set()
"""`PRELOAD` modules this pool has imported or failed to: never tried twice."""


def _missing(modules: tuple[str, ...]) -> list[str]:
    """Those of `modules` that are `PRELOAD` modules not tried yet."""
    return [m for m in modules if m in PRELOAD.values() and m not in _TRIED]


def _preloaded(
    modules: tuple[str, ...], spare: _Spare | None, protocol_fds: tuple[int, int]
) -> _Spare | None:
    """Import `modules` (see `_preload`), and the spare to hand the next job to: a spare
    forked before an import is replaced, as its job would import the module again."""
    if _preload(modules) and spare is not None:
        spare.discard()
        return _Spare(protocol_fds)
    return spare


def _preload(modules: tuple[str, ...]) -> bool:
    """Import those of `modules` not imported yet; True when one was."""
    imported = False
    for name in _missing(modules):
        _TRIED.add(name)
        if name in sys.modules:
            continue
        try:
            __import__(name)
        except Exception:  # noqa: BLE001  (the job's own import reports the problem)
            continue
        imported = True
    return imported


def _finish(entry: _Running, write_fd: int) -> None:
    """The child said its results are written: answer now, collect its exit later."""
    signalled = os.read(entry.done_fd, 1) == b"1"
    os.close(entry.done_fd)
    entry.done_fd = -1
    if signalled and not entry.timed_out:
        entry.reported = True
        _kill_group(entry.pid)  # leftovers such as DataLoader workers go with their snippet
        send(write_fd, Finished(entry.job_id))


def _reap(entry: _Running, running: dict[int, _Running], write_fd: int) -> None:
    _, status = os.waitpid(entry.pid, 0)
    del running[entry.pid]
    os.close(entry.pidfd)
    if entry.done_fd >= 0:
        os.close(entry.done_fd)
    _kill_group(entry.pid)
    if not entry.reported:
        finished = Finished(
            entry.job_id,
            exit=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            timed_out=entry.timed_out,
            cancelled=entry.cancelled,
        )
        send(write_fd, finished)


def _bounded(timeout: object) -> float:
    """A timeout select() accepts: NaN, ±inf, huge or non-numbers never kill the pool."""
    try:
        seconds = float(timeout)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _MAX_TIMEOUT
    if math.isnan(seconds) or seconds > _MAX_TIMEOUT:
        return _MAX_TIMEOUT
    return max(seconds, 0.0)


def _enforce_deadlines(running: dict[int, _Running]) -> None:
    now = time.monotonic()
    for entry in running.values():
        if not entry.reported and not entry.timed_out and now >= entry.deadline:
            entry.timed_out = True
            _kill_group(entry.pid)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str]) -> None:
    read_fd, write_fd, jobs, parent = (int(value) for value in argv)
    become_subreaper()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop)
    try:
        die_with_parent(parent)  # an engine killed outright (SIGKILL) still stops its pool
        serve(read_fd, write_fd, jobs)
    except (_Stop, EOFError, BrokenPipeError):
        pass  # stopped, or the engine is gone: nobody is left to tell, so no traceback
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)
        kill_adopted(keep=set())  # every worker, spare and leftover of theirs


if __name__ == "__main__":
    # Run the imported module, not this `__main__` copy, so the messages pickle under the
    # names the engine unpickles them by (`lecture_tool.running.pool._Stop` and the like).
    from lecture_tool.running.pool import _Stop as _Stopped
    from lecture_tool.running.pool import main as _main

    try:
        _main(sys.argv[1:])
    except _Stopped:
        pass  # a stop signal during the clean-up itself: nobody is left to tell
