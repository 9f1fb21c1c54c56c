"""Per-snippet overhead through a Dask LocalCluster against the local pool, measured in one run.

    .venv/bin/python bench/dask_overhead.py [--n 10]

The demo project's snippet (tests/data/project/snippets/demo/basics.py: prints, a figure, a
`raises=` cell) is run N times, one at a time, through `SnippetRunner` with the local pool and
with `--executor dask://…` on a LocalCluster (2 worker processes, one thread each), each warmed
by an untimed first run; `force=True` so every run executes. Overhead = wall time minus the
cells' own durations. Reports medians; nothing here asserts on time. Both executors run on
this one machine, so the Dask numbers include no network between hosts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "tests" / "data" / "project"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="timed runs per executor (default 10)")
    args = parser.parse_args()

    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="lt-bench-dask-") as folder:
        root = Path(folder) / "project"
        shutil.copytree(DEMO, root)
        local = _time(root, None, args.n)
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            dask = _time(root, cluster.scheduler_address.replace("tcp://", "dask://"), args.n)
    _print_table({"local pool": local, "Dask LocalCluster": dask}, args.n)


def _time(root: Path, executor: str | None, n: int) -> tuple[list[float], list[float]]:
    """(wall seconds, overhead seconds) of each run of the demo snippet, sequentially."""
    from lecture_tool.config import load_project
    from lecture_tool.running.execute import Request
    from lecture_tool.running.runner import SnippetRunner
    from lecture_tool.running.snippet import load_snippet

    snippet = load_snippet(root / "snippets" / "demo" / "basics.py")
    request = Request(snippet=snippet, device="cpu", smoke=True)
    walls, overheads = [], []
    with SnippetRunner(load_project(root), jobs=1, force=True, executor=executor) as runner:
        for index in range(n + 2):  # two untimed warm-ups: with Dask, each worker's pool
            start = time.perf_counter()
            result = runner.submit(request).result()
            wall = time.perf_counter() - start
            if result.status != "passed":
                raise SystemExit(f"{executor or 'local'}: {result.status}: {result.reason}")
            if index >= 2:
                walls.append(wall)
                overheads.append(wall - sum(cell.duration for cell in result.cells))
    return walls, overheads


def _print_table(rows: dict[str, tuple[list[float], list[float]]], n: int) -> None:
    print(f"demo snippet, median of {n} sequential runs (ms), jobs=1, warmed first")
    header = f"{'executor':<18} {'wall':>8} {'overhead':>9} {'overhead vs local':>18}"
    print(header)
    print("-" * len(header))
    base = statistics.median(rows["local pool"][1])
    for name, (walls, overheads) in rows.items():
        wall, overhead = statistics.median(walls), statistics.median(overheads)
        print(f"{name:<18} {wall * 1000:>8.1f} {overhead * 1000:>9.1f} {overhead / base:>17.1f}x")


if __name__ == "__main__":
    main()
