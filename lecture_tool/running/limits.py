"""What one snippet may consume — RAM, scratch disk, processes, captured output — the
kernel limits a worker sets on itself, and the messages that name the limit a snippet broke.

Two layers enforce each limit (measured with PyTorch on Linux; see the README):

- in the worker, resource limits that fail the offending call at once: `RLIMIT_DATA`
  (private writable memory: malloc, numpy and torch CPU tensors; not `RLIMIT_AS`, which
  torch's and CUDA's large address-space reservations trip over) set to what the warm
  worker already has plus `memory`, and `RLIMIT_FSIZE` (no single file past `disk`); and
  `oom_score_adj` 1000, so that if RAM still runs out the kernel kills a worker, never the
  editor, the browser or the build;
- in the pool, `watchdog` measures each worker's whole process tree a few times a second
  (the children a snippet starts, which have limits of their own, add up; processes are
  counted only there) and kills the tree past a limit.
"""

from __future__ import annotations

import logging
import os
import resource
from dataclasses import dataclass, replace

from lecture_tool.config import Project
from lecture_tool.running.results import ErrorInfo
from lecture_tool.running.snippet import Header

log = logging.getLogger(__name__)

KiB, MiB, GiB = 2**10, 2**20, 2**30
DEFAULT_MEMORY_SHARE = 0.5
"""A snippet may use half of the machine's RAM unless its header or the project says more."""
DEFAULT_DISK = 2 * GiB
DEFAULT_PROCESSES = 64
DEFAULT_OUTPUT_CAP = 4 * MiB


@dataclass(frozen=True)
class Limits:
    """The limits one snippet runs under (bytes, or a count of processes)."""

    memory: int
    """RAM of the snippet's processes together, beyond what its warm worker had at start."""
    disk: int
    """Bytes in its scratch folder (and in any one file it writes)."""
    processes: int
    """Processes its tree may hold at once, its worker included."""
    output_cap: int
    """Bytes kept of each cell's stdout and of its stderr; what follows is only counted."""
    snippet: str = ""
    """How messages name the snippet (its path relative to the project)."""

    def memory_message(self) -> str:
        return (
            f"snippet {self.snippet} used more than {format_size(self.memory)}; "
            "raise `memory:` in its header"
        )

    def disk_message(self) -> str:
        return (
            f"snippet {self.snippet} wrote more than {format_size(self.disk)} into its scratch "
            "folder; raise `disk` in [tool.lecture_tool]"
        )

    def processes_message(self) -> str:
        return (
            f"snippet {self.snippet} ran more than {self.processes} processes at once; "
            "raise `processes` in [tool.lecture_tool]"
        )


def limits_for(project: Project, header: Header, snippet: str) -> Limits:
    """The header's `memory:`, else the project's settings, else the defaults."""
    disk = project.disk or DEFAULT_DISK
    return Limits(
        memory=header.memory or project.memory or default_memory(),
        disk=disk,
        processes=project.processes or DEFAULT_PROCESSES,
        # What a cell's streams keep lies in the scratch folder too: both at most half `disk`.
        output_cap=min(project.output_cap or DEFAULT_OUTPUT_CAP, disk // 4),
        snippet=snippet,
    )


def default_memory() -> int:
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 8 * GiB
    return int(total * DEFAULT_MEMORY_SHARE)


def format_size(size: int) -> str:
    """`4 GiB`, `1.5 GiB`, `64 MiB`, `512 KiB`, `100 bytes`: as a lecturer would write it."""
    for unit, name in ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
        if size >= unit:
            return f"{round(size / unit, 1):g} {name}"
    return f"{size} bytes"


# -- in the worker ---------------------------------------------------------------------------


def apply_limits(limits: Limits, device: str) -> None:
    """Set the worker's own limits (inherited by every process it starts). Call before the
    first cell, after the warm-up: `RLIMIT_DATA` counts from what the worker has now."""
    _write("/proc/self/oom_score_adj", "1000")
    if device != "cuda":
        # The CUDA driver maps pinned and unified memory into the process; whether those
        # count as data differs by driver, and a failing cuInit reads as "no GPU". There the
        # pool's watchdog alone bounds RAM.
        _lower(resource.RLIMIT_DATA, _data_size() + limits.memory)
    _lower(resource.RLIMIT_FSIZE, limits.disk)
    # No RLIMIT_NPROC: it counts every thread of the user (a browser's hundreds included),
    # so any ceiling either refuses torch its threads when other programs grow, or is too
    # high to matter; root is exempt anyway. The watchdog counts the tree itself.


def _lower(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft != resource.RLIM_INFINITY and soft < value:
        return  # already stricter
    try:
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError) as error:
        log.debug("cannot set resource limit %s: %s", which, error)


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w") as file:
            file.write(text)
    except OSError:
        pass  # not Linux, or not allowed: the watchdog still applies


def _data_size() -> int:
    """This process's private writable memory (`VmData`), which `RLIMIT_DATA` limits."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * KiB
    except (OSError, ValueError, IndexError):
        pass
    return 0


_ALLOCATION_FAILED = ("can't allocate memory", "Cannot allocate memory")
_FILE_TOO_LARGE = "[Errno 27]"


def explain_limit(error: ErrorInfo | None, limits: Limits) -> ErrorInfo | None:
    """A cell's error that a worker's own limit caused, reworded to name that limit (the
    original error stays at the end of the traceback)."""
    if error is None:
        return None
    if error.type == "MemoryError" or (
        error.type == "RuntimeError" and any(text in error.message for text in _ALLOCATION_FAILED)
    ):
        message = limits.memory_message()
    elif error.type in ("OSError", "IOError") and error.message.startswith(_FILE_TOO_LARGE):
        message = limits.disk_message()
    else:
        return error
    return replace(
        error, type="LimitExceeded", message=message, traceback=error.traceback + message + "\n"
    )
