"""Per-snippet overhead of the warm engine against a cold `python file.py`, measured in one run.

    .venv/bin/python bench/snippet_overhead.py [--n 20] [--device auto|cpu|cuda]

Two kinds of trivial snippet (a torch print, a matplotlib plot) are run N times each, one at a
time, through one `Engine(jobs=1)` that is warmed by an untimed first run, and as N cold
interpreters. Engine overhead = wall time of `Engine.run` minus the cells' own durations.
Reports medians; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SNIPPETS = {
    "torch print": "# %% a\nimport torch\nprint(torch.ones(2).sum().item())\n",
    "matplotlib plot": "# %% a\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="snippets of each kind (default 20)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="lt-bench-") as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
        for index, (kind, source) in enumerate(SNIPPETS.items()):
            files = _write_snippets(root / "snippets" / f"kind{index}", source, args.n + 1)
            warm_up, timed = files[0], files[1:]
            engine_wall, engine_overhead = _time_engine(root, warm_up, timed, args.device)
            cold = _time_cold(timed, root)
            rows.append((kind, engine_wall, engine_overhead, cold))

    _print_table(rows, args.n)


def _write_snippets(folder: Path, source: str, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    files = []
    for number in range(count):
        path = folder / f"s{number:03d}.py"
        path.write_text(source)
        files.append(path)
    return files


def _time_engine(
    root: Path, warm_up: Path, files: list[Path], device: str
) -> tuple[list[float], list[float]]:
    """(wall seconds, overhead seconds) of each `Engine.run`, sequentially, after a warm-up."""
    from lecture_tool.config import load_project
    from lecture_tool.running.execute import Engine, Request
    from lecture_tool.running.snippet import load_snippet

    project = load_project(root)
    walls, overheads = [], []
    with Engine(project, jobs=1) as engine:
        first = engine.run(Request(snippet=load_snippet(warm_up), device=device))
        _check(first, warm_up)
        for path in files:
            request = Request(snippet=load_snippet(path), device=device)
            start = time.perf_counter()
            result = engine.run(request)
            wall = time.perf_counter() - start
            _check(result, path)
            walls.append(wall)
            overheads.append(wall - sum(cell.duration for cell in result.cells))
    return walls, overheads


def _time_cold(files: list[Path], cwd: Path) -> list[float]:
    """Seconds of each `python file.py`, the way a snippet runs without the tool."""
    env = dict(os.environ, MPLBACKEND="Agg")
    times = []
    for path in files:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(path)], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return times


def _check(result, path: Path) -> None:
    if result.status != "passed":
        raise SystemExit(f"{path}: {result.status}: {result.reason}")


def _print_table(rows, n: int) -> None:
    print(f"per-snippet time, median of {n} sequential runs (ms); Engine(jobs=1), warmed first")
    header = (
        f"{'snippet':<16} {'engine wall':>12} {'engine overhead':>16} "
        f"{'cold python':>12} {'cold/engine':>12}"
    )
    print(header)
    print("-" * len(header))
    for kind, walls, overheads, cold in rows:
        wall_ms, overhead_ms, cold_ms = (
            statistics.median(v) * 1000 for v in (walls, overheads, cold)
        )
        print(
            f"{kind:<16} {wall_ms:>12.1f} {overhead_ms:>16.1f} {cold_ms:>12.1f} "
            f"{cold_ms / wall_ms:>11.1f}x"
        )


if __name__ == "__main__":
    main()
