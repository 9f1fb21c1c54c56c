"""The pool's watch over running snippets: each worker's process tree — RAM, processes — and
its scratch folder, measured a few times a second, against the snippet's `Limits`.

What it measures (Linux `/proc`; elsewhere nothing is measured and only the worker's own
resource limits apply):

- processes: the worker and every descendant, found by parent ids in one scan of `/proc`
  (children that called `setsid()` are still the worker's: it is their subreaper);
- RAM: the tree's proportional set size (`Pss` in `smaps_rollup`: a page shared by k
  processes counts 1/k, so forked DataLoader workers that share the dataset are not counted
  k times) beyond what the worker had when it was handed its job; `Pss` is read only once
  the tree's plain resident size (an upper bound, cheap to read) passes the limit;
- disk: the bytes of the files in the scratch folder (symlinks, such as `data`, not followed).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.reaper import parents, read_proc_file
from lecture_tool.running.limits import Limits

INTERVAL = 0.25
"""Seconds between looks. One look costs ~4 ms for ~100 processes on the machine."""
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Watch:
    """One running worker, as the watchdog sees it."""

    pid: int
    workspace: Path
    limits: Limits
    baseline: int
    """The worker's `Pss` when handed its job: the warm imports are not the snippet's."""


def start_watch(pid: int, workspace: Path, limits: Limits) -> Watch:
    return Watch(pid, workspace, limits, _pss(pid) or 0)


def look(watched: dict[int, Watch]) -> dict[int, str]:
    """Worker pid → the message of the limit it is past, for each worker of `watched` past
    one; those workers' whole trees are killed (children that left the group, too)."""
    if not watched:
        return {}
    parent_of = parents()
    found = {}
    for pid, watch in watched.items():
        pids = tree(pid, parent_of)
        message = exceeded(watch, pids)
        if message:
            found[pid] = message
            for victim in (-pid, *pids):  # the group first: a fork bomb's newest children
                try:
                    os.kill(victim, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
    return found


def tree(root: int, parent_of: dict[int, int]) -> list[int]:
    """`root` and its descendants (`root` first)."""
    children: dict[int, list[int]] = {}
    for pid, parent in parent_of.items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def exceeded(watch: Watch, pids: list[int]) -> str:
    """The message of the first limit the worker's tree (`pids`) is past, or ''."""
    limits = watch.limits
    if len(pids) > limits.processes:
        return limits.processes_message()
    budget = watch.baseline + limits.memory
    if sum(_rss(pid) for pid in pids) > budget:  # cheap upper bound first
        if sum(_pss(pid) or _rss(pid) for pid in pids) > budget:
            return limits.memory_message()
    if folder_size(watch.workspace, limits.disk) > limits.disk:
        return limits.disk_message()
    return ""


def folder_size(folder: Path, stop_above: int | None = None) -> int:
    """Bytes of the files under `folder`, symlinks not followed; counting stops once past
    `stop_above` (a folder of a million small files is not walked every look)."""
    total, pending = 0, [str(folder)]
    while pending:
        try:
            entries = os.scandir(pending.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_size
                except OSError:
                    continue
                if stop_above is not None and total > stop_above:
                    return total
    return total


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int | None:
    """`Pss` of `pid`, or None where it cannot be read (read in one call: `read_proc_file`)."""
    try:
        data = read_proc_file(f"/proc/{pid}/smaps_rollup")
        start = data.index(b"\nPss:") + 5
        return int(data[start : data.index(b"kB", start)]) * 1024
    except (OSError, ValueError):
        return None
