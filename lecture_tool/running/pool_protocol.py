"""The engine ↔ pool protocol: the messages, as length-prefixed pickles over two pipes.

    engine → pool: `Submit` for each job, `Cancel` to stop one, or None to shut down
    pool → engine: `Hello` once, then a `Finished` for each job

The messages live here, not in `pool`, so they pickle under one importable name whether the
pool runs as `python -m lecture_tool.running.pool` or is imported.
"""

from __future__ import annotations

import os
import pickle
import struct
from dataclasses import dataclass

_HEADER = struct.Struct("!I")


@dataclass(frozen=True)
class Submit:
    """engine → pool: run `job` (a `worker.Job`) within `timeout` seconds."""

    job_id: int
    job: object
    timeout: float
    preload: tuple[str, ...] = ()
    """Modules of `pool.PRELOAD` the job will import: imported here first, once, so its fork has them."""


@dataclass(frozen=True)
class Hello:
    """pool → engine, once warm: what the workers will have."""

    torch: str
    """torch's version (a plain str: unpickling a TorchVersion would import torch)."""
    cuda: bool


@dataclass(frozen=True)
class Finished:
    """pool → engine: how job `job_id`'s worker ended (its results are on disk)."""

    job_id: int
    exit: int | None = 0
    signal: int | None = None
    timed_out: bool = False
    cancelled: bool = False
    """The engine asked to stop it (`Cancel`): killed, or dropped before it started."""


@dataclass(frozen=True)
class Cancel:
    """engine → pool: stop job `job_id` now (its worker's process group is killed); a job not
    started yet never starts. The pool still answers with its `Finished`."""

    job_id: int


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
