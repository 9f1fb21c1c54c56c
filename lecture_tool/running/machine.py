"""What this machine offers, read cheaply (torch is never imported here): torch's version,
whether CUDA may exist, how many cores a build may use."""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path


@functools.cache
def torch_version() -> str:
    """The installed torch version, read without importing torch."""
    try:
        import importlib.metadata  # ~25 ms: only when a result's key is needed

        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return ""


def torch_version_file() -> Path | None:
    """torch's own `version.py`: it changes whenever torch is reinstalled, and finding it
    costs a path lookup where `torch_version` costs a metadata scan."""
    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "version.py"


def cuda_may_exist() -> bool:
    """Cheap check, no torch import: False means CUDA is certainly not usable here."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return False
    return os.path.exists("/dev/nvidiactl") or os.path.exists("/dev/nvidia0")


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))
