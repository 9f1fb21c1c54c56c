"""Process trees that end with their owner: subreapers, parent-death signals, killing leftovers.

A snippet's child that calls `os.setsid()` leaves its worker's process group, so killing the
group misses it. A *subreaper* (Linux `PR_SET_CHILD_SUBREAPER`) inherits every orphan below
it instead of init, so the pool can find and kill whatever a dead worker left behind.
Elsewhere these calls are no-ops: the tool then falls back to process groups alone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """Orphaned descendants of this process are re-parented to it (not to init)."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent(parent: int, sig: int = signal.SIGTERM) -> None:
    """Get `sig` when the parent dies (even by SIGKILL); leave now if it already has."""
    _prctl(_PR_SET_PDEATHSIG, int(sig))
    if os.getppid() != parent:  # it died before the request took effect
        os.kill(os.getpid(), sig)


def read_proc_file(path: str, size: int = 4096) -> bytes:
    """A /proc file in one read (OSError when its process is gone): this kernel answered a
    second read of smaps_rollup, and at times the open, with ESRCH."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def parents() -> dict[int, int]:
    """Every process's parent id, from one scan of /proc."""
    found: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = read_proc_file(f"/proc/{entry}/stat", 1024)
        except OSError:
            continue  # gone meanwhile
        # The command name may hold spaces or ')': the fields after its last ')' are fixed.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            found[int(entry)] = int(fields[1])
    return found


def children_of(pid: int) -> list[int]:
    """The live (or zombie) processes whose parent is `pid`, read from /proc."""
    return [child for child, parent in parents().items() if parent == pid]


def kill_adopted(keep: set[int], rounds: int = 50) -> int:
    """SIGKILL and reap every child of this process not in `keep`: orphans a subreaper
    inherited. Killing one may orphan its own children to us, so repeat until none are
    left. Returns how many were killed."""
    killed = 0
    me = os.getpid()
    for _ in range(rounds):
        strays = [pid for pid in children_of(me) if pid not in keep]
        if not strays:
            break
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            killed += 1
    return killed


def is_alive(pid: int) -> bool:
    """True when a process `pid` runs (perhaps another user's). A zombie — dead, waiting for
    a parent that may never reap it (an init that does not) — is not alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc here: trust kill(0)
    return state != b"Z"


class _Stop(Exception):
    """A signal asked the launcher to stop."""


def _stop(signum: int, frame: object) -> None:
    raise _Stop


def _pipe_to_3_and_4(read: int, write: int) -> tuple[int, int]:
    """Put a DevTools pipe where Chromium's `--remote-debugging-pipe` looks for it: it reads
    commands from fd 3 and writes replies to fd 4."""
    import fcntl

    # Copies above 4 first: the originals may be 3 or 4 themselves, either way round.
    read, write = fcntl.fcntl(read, fcntl.F_DUPFD, 10), fcntl.fcntl(write, fcntl.F_DUPFD, 10)
    os.dup2(read, 3)
    os.dup2(write, 4)
    os.close(read)
    os.close(write)
    return (3, 4)


def main(argv: list[str]) -> int:
    """`python -m lecture_tool.reaper PARENT [--pipe=R,W] [--remove=FOLDER] -- COMMAND…`: run
    COMMAND (with fds R and W as its fds 3 and 4, for Chromium's DevTools pipe) as a subreaper
    and, when it ends, when this launcher is signalled or when PARENT dies, kill every process
    COMMAND started, then remove FOLDER. Chromium spawns helpers in other sessions (crashpad),
    out of reach of a process-group kill; this way none outlives a print, and its profile goes
    even when the build that started it has already left."""
    import subprocess

    parent, *argv = argv
    pipe = argv.pop(0).removeprefix("--pipe=") if argv[0].startswith("--pipe=") else ""
    remove = argv.pop(0).removeprefix("--remove=") if argv[0].startswith("--remove=") else ""
    separator, *command = argv
    assert separator == "--" and command, (
        "usage: reaper PARENT [--pipe=R,W] [--remove=FOLDER] -- COMMAND…"
    )
    keep: tuple[int, ...] = ()
    if pipe:
        keep = _pipe_to_3_and_4(*(int(fd) for fd in pipe.split(",")))
    become_subreaper()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _stop)
    code = 143
    try:
        die_with_parent(int(parent))
        code = subprocess.Popen(command, pass_fds=keep).wait()
    except _Stop:
        pass
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        kill_adopted(keep=set())
        if remove:  # what COMMAND wrote there (a browser profile), now that nothing writes
            import shutil

            shutil.rmtree(remove, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
