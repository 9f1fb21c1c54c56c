"""The authoring loop, measured on a copy of the course: cold build, no-change rebuild,
rebuild after touching one snippet, `--jobs 1` vs `--jobs 2`, and `serve`'s save-to-reloaded
latency for a deck edit and a snippet edit (the browser's load event, via Playwright).

    python bench/rebuild.py [--repeat 3] [--deck 02-tensors] [--snippet 02-tensors/create.py]

Every build is the real CLI in a subprocess (`python -m lecture_tool build --to html`).
"Cold" means `lecture-tool cache clear` first (build/durations.json, the scheduling hint
from the previous run, stays, as it does for a lecturer). Prints medians and ratios; asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout: the flags come from the package itself
from lecture_tool.writing.pdf import QUIET_FLAGS  # noqa: E402


def lecture_tool(project: Path, *args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "lecture_tool", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
    return elapsed, done.stdout


def summary(stdout: str) -> str:
    return stdout.strip().splitlines()[-1] if stdout.strip() else "(no output)"


def median(values: list[float]) -> float:
    return statistics.median(values)


def copy_course(target: Path) -> Path:
    # data/: the MNIST files `make build` writes (05-cnn reads them; there is no network).
    for name in ("slides", "snippets", "pyproject.toml", "data"):
        source = ROOT / name
        if not source.exists():
            continue
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    return target


def bench_builds(project: Path, repeat: int, snippet: str) -> None:
    build = ("build", "--to", "html")
    print("== builds (html, whole course) ==")
    lecture_tool(project, *build)  # durations.json for longest-first; warm disk caches
    cold = []
    for _ in range(repeat):
        lecture_tool(project, "cache", "clear")
        seconds, out = lecture_tool(project, *build)
        cold.append(seconds)
    print(f"cold build:           median {median(cold):6.2f} s  ({summary(out)})")
    unchanged = [lecture_tool(project, *build) for _ in range(repeat)]
    seconds = [s for s, _ in unchanged]
    print(f"no-change rebuild:    median {median(seconds):6.2f} s  ({summary(unchanged[-1][1])})")
    print(f"  ratio no-change / cold: {median(seconds) / median(cold):.3f}")
    touched = []
    path = project / "snippets" / snippet
    for k in range(repeat):
        path.write_text(path.read_text() + f"\n# touched {k}\n")
        seconds, out = lecture_tool(project, *build, "--jobs", "1")
        touched.append(seconds)
    print(f"one snippet touched:  median {median(touched):6.2f} s  ({summary(out)})")
    print(f"  which ran: {ran_snippets(project, snippet)}")

    print("== --jobs 1 vs --jobs 2 (cold builds, alternating) ==")
    times: dict[int, list[float]] = {1: [], 2: []}
    work: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):
            lecture_tool(project, "cache", "clear")
            times[jobs].append(lecture_tool(project, *build, "--jobs", str(jobs))[0])
            work[jobs].append(snippet_time(project))
    one, two = median(times[1]), median(times[2])
    for jobs, seconds in times.items():
        print(
            f"--jobs {jobs}: median {median(seconds):6.2f} s  {[round(t, 2) for t in seconds]}"
            f"  (snippets' own time, summed: {median(work[jobs]):6.2f} s)"
        )
    print(f"  speed-up --jobs 2 over --jobs 1: {one / two:.2f}x")
    # With one torch thread each and a neighbour on the other core, snippets take longer
    # than alone with both threads: even a build with no serial part and two perfectly
    # packed workers cannot beat this ratio of the snippets' own times.
    bound = median(work[1]) / (median(work[2]) / 2)
    print(f"  bound from the snippets' own times (no serial part, perfect packing): {bound:.2f}x")


def ran_snippets(project: Path, snippet: str) -> str:
    """Which snippets the last build ran: the run folders newer than the touched file."""
    touched = (project / "snippets" / snippet).stat().st_mtime
    workspace = project / "build" / "workspace"
    ran = sorted(
        str(p.relative_to(workspace)).split("@")[0]
        for p in workspace.rglob("*@*")
        if p.is_dir() and p.stat().st_mtime >= touched
    )
    return ", ".join(ran) or "(none)"


def snippet_run_time(project: Path, snippet: str) -> float:
    """How long the snippet's last run took in its worker (build/durations.json)."""
    durations = (project / "build" / "durations.json").read_text()
    name = snippet.removesuffix(".py")
    return float(re.search(rf'"{re.escape(name)}": ([0-9.]+)', durations).group(1))


def snippet_time(project: Path) -> float:
    """The summed run times of the last build's snippets (build/durations.json)."""
    return sum(json.loads((project / "build" / "durations.json").read_text()).values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve(project: Path, repeat: int, deck: str, snippet: str) -> None:
    from playwright.sync_api import sync_playwright

    print("== serve: save to reloaded tab ==")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "lecture_tool", "serve", f"slides/{deck}.md", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in server.stdout:
            if line.startswith("serving "):
                break
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
                args=list(QUIET_FLAGS),
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{deck}.html#3")
            deck_path = project / "slides" / f"{deck}.md"
            snippet_path = project / "snippets" / snippet
            deck_times, snippet_times, runs = [], [], []
            for k in range(repeat):
                for path, times, text in (
                    (deck_path, deck_times, f"\n\nedit {k}\n"),
                    (snippet_path, snippet_times, f"\n# edit {k}\n"),
                ):
                    time.sleep(0.3)  # let the watcher settle
                    with page.expect_event("load", timeout=120_000):
                        start = time.perf_counter()
                        path.write_text(path.read_text() + text)
                    times.append(time.perf_counter() - start)
                runs.append(snippet_run_time(project, snippet))  # this save's own run
            browser.close()
        overheads = [total - run for total, run in zip(snippet_times, runs, strict=True)]
        print(
            f"deck text save -> reloaded:  median {median(deck_times) * 1000:7.0f} ms  {[round(t * 1000) for t in deck_times]}"
        )
        print(
            f"snippet save -> reloaded:    median {median(snippet_times) * 1000:7.0f} ms  {[round(t * 1000) for t in snippet_times]}"
        )
        print(
            f"  the snippet's own run time: median {median(runs) * 1000:.0f} ms; overhead (save to"
            f" reloaded, less that save's run) median {median(overheads) * 1000:.0f} ms"
            f"  {[round(t * 1000) for t in overheads]}"
        )
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--deck", default="02-tensors")
    parser.add_argument("--snippet", default="02-tensors/create.py")
    parser.add_argument("--skip-builds", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lt-rebuild-") as folder:
        project = copy_course(Path(folder))
        print(f"course copy: {project} ({os.cpu_count()} cpus)")
        if not args.skip_builds:
            bench_builds(project, args.repeat, args.snippet)
        if not args.skip_serve:
            bench_serve(project, args.repeat, args.deck, args.snippet)


if __name__ == "__main__":
    main()
