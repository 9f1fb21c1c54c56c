"""Rendering a changed deck: our HTML and PDF builds against marp-cli's, measured in one run.

    .venv/bin/python bench/render.py [--repeat 5] [--slides 40,120]

For each deck size a temporary project gets a deck mixing snippet code and output references,
`$$…$$` math, local PNG images and `figure:` backgrounds. One untimed build fills the snippet
cache, so the timed builds execute nothing; before each timed build of ours the deck's text
is changed (a word on its first slide), so the build really parses, renders and writes (for a
PDF: loads the deck in Chromium, measures overflow, prints). marp-cli has no cache and gets our
expanded `build/marp/<deck>.md`. Runs are paired (ours, then marp-cli, `--repeat` times); the
table shows medians of wall time and of CPU time (this process's children: Chromium included)
and ours/marp ratios. Separately: a build that finds the deck up to date (stamps) and the
in-process HTML render. The load average is printed with the table: the machine is shared,
so read ratios, not seconds. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marp_cli import find_marp, marp_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lecture_tool.reaper import become_subreaper  # noqa: E402

SNIPPETS = 6
IMAGES = 4

SNIPPET = """\
# %% params
SCALE = {k}

# %% compute
import torch
x = torch.linspace(0, 1, 5) * SCALE
print("x =", x)
print("mean:", round(x.mean().item(), 3))

# %% plot
import matplotlib.pyplot as plt
plt.figure(figsize=(4, 3))
plt.plot(x.numpy(), (x**2).numpy(), marker="o")
plt.title("snippet {k}")
plt.show()
"""

SLIDE_KINDS = (
    """\
# Code {n}

```python {{file="bench/s{s}.py" cell="compute"}}
```

```output {{file="bench/s{s}.py" cell="compute"}}
```
""",
    """\
# Math {n}

The loss $L(\\theta) = \\frac{{1}}{{N}} \\sum_i (y_i - \\hat y_i)^2$ is minimised by

$$\\theta \\leftarrow \\theta - \\eta \\, \\nabla_\\theta L(\\theta) + \\sum_{{k=1}}^{{{n}}} \\alpha_k x^k$$
""",
    """\
# Image {n}

![w:420](images/img{i}.png)

- A local picture next to the deck
""",
    """\
![bg right:40% contain](figure:bench/s{s}.py#plot)

# Figure {n}

- Drawn by a snippet, shown as a background
- Slide {n} of the bench deck
""",
    """\
# Lines {n}

```python {{file="bench/s{s}.py" lines="4-7"}}
```

Some prose with `inline code`, **bold** and a [link](https://example.org).
""",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument(
        "--slides", default="40,120", help="deck sizes, comma-separated (default 40,120)"
    )
    parser.add_argument("--no-pdf", action="store_true", help="HTML rows only")
    args = parser.parse_args()

    marp = find_marp()
    become_subreaper()  # see _timed
    # What any ordinary run leaves behind: without bytecode (PYTHONDONTWRITEBYTECODE set) each
    # of our processes would compile the package from source, ~0.3 s that no user pays twice.
    package = Path(__file__).resolve().parent.parent / "lecture_tool"
    compileall.compile_dir(package, quiet=1)
    load_before = os.getloadavg()
    tables = []
    for slides in (int(n) for n in args.slides.split(",")):
        with tempfile.TemporaryDirectory(prefix="lt-render-") as folder:
            tables.append((slides, _bench_deck(Path(folder), slides, marp, args)))
    load_after = os.getloadavg()
    for slides, rows in tables:
        _print_table(slides, rows, args.repeat)
    print(
        f"load average (1, 5, 15 min): before {_load(load_before)}, after {_load(load_after)}; "
        f"{os.cpu_count()} CPUs"
    )
    if marp is None:
        print(
            "note: marp-cli not found (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci); "
            "its columns are empty"
        )


def _bench_deck(root: Path, slides: int, marp, args) -> list:
    deck = _make_project(root, slides)
    ours = [sys.executable, "-m", "lecture_tool", "build", str(deck)]
    warm = _run([*ours, "--to", "html,marp"], cwd=root)
    print(f"{slides} slides, warm-up build: {warm.stdout.strip().splitlines()[-1]}", flush=True)
    expanded = root / "build" / "marp" / f"{deck.stem}.md"
    # Our Marp file keeps local image paths as written (relative to the deck), so give
    # marp-cli the same images next to it: both sides then load every picture.
    shutil.copytree(root / "slides" / "images", expanded.parent / "images")
    out = root / "marp-out"
    edits = iter(range(10**6))

    def changed(target: str):
        def build():
            _edit(deck, next(edits))
            _build_cached([*ours, "--to", target], root, expect_render=True)

        return build

    def marp_cli(*flags: str, output: str):
        command = [*marp, *flags, str(expanded), "-o", str(out / output)] if marp else None
        return (lambda: _run(command, cwd=root, env=marp_env())) if command else None

    rows = []
    targets = ("html",) if args.no_pdf else ("html", "pdf")
    for target in targets:
        flags = ("--html",) if target == "html" else ("--pdf", "--allow-local-files")
        ours_times, marp_times = _paired(
            changed(target), marp_cli(*flags, output=f"x.{target}"), args.repeat
        )
        rows.append((f"{target.upper()}, changed deck", ours_times, marp_times))
        # Nothing changed since the build above: stamps say so without parsing the deck.
        unchanged = lambda t=target: _build_cached([*ours, "--to", t], root, expect_render=False)  # noqa: E731
        rows.append((f"{target.upper()}, up to date", _paired(unchanged, None, args.repeat)[0], []))
    rows.append(("HTML, in-process", _time_in_process(root, deck, args.repeat), []))
    return rows


def _edit(deck: Path, n: int) -> None:
    """Change a word of the deck's first slide, so a build renders and writes it again."""
    text = deck.read_text()
    start = text.index("Rendering speed")
    end = text.index("\n", start)
    deck.write_text(text[:start] + f"Rendering speed, edit {n}" + text[end:])


def _paired(ours, marp, repeat: int) -> tuple[list, list]:
    """`repeat` rounds of ours then marp-cli: each a (wall, CPU) pair in seconds."""
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(_timed(ours))
        if marp is not None:
            theirs.append(_timed(marp))
    return mine, theirs


def _timed(action) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    # A PDF build leaves as soon as its PDFs are written; Chromium's launcher then ends the
    # browser. As a subreaper (main) this process inherits that launcher: waiting for it
    # here counts its CPU in the build's, and keeps it out of the next timed run.
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _reap_orphans() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _make_project(root: Path, slides: int) -> Path:
    """A project with SNIPPETS snippets, IMAGES local PNGs and a deck of `slides` slides."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (root / "snippets" / "bench").mkdir(parents=True)
    for k in range(SNIPPETS):
        (root / "snippets" / "bench" / f"s{k}.py").write_text(SNIPPET.format(k=k + 1))
    images = root / "slides" / "images"
    images.mkdir(parents=True)
    for i in range(IMAGES):
        figure, axes = plt.subplots(figsize=(5, 3.5))
        axes.bar(range(6), [(i + 1) * (j % 4 + 1) for j in range(6)])
        axes.set_title(f"image {i}")
        figure.savefig(images / f"img{i}.png", dpi=100)
        plt.close(figure)

    parts = ["---\nmarp: true\npaginate: true\n---\n\n# Bench deck\n\nRendering speed\n"]
    for n in range(2, slides + 1):
        kind = SLIDE_KINDS[n % len(SLIDE_KINDS)]
        parts.append(kind.format(n=n, s=n % SNIPPETS, i=n % IMAGES))
    deck = root / "slides" / "bench.md"
    deck.write_text("\n---\n\n".join(parts))
    return deck


def _run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, check=False, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return result


def _build_cached(command: list[str], cwd: Path, expect_render: bool) -> None:
    """One of our timed builds: every snippet from the cache, and the deck rendered (or found
    up to date) as the row says."""
    result = _run(command, cwd=cwd)
    if "\n0 snippet(s) run" not in f"\n{result.stdout}":
        raise SystemExit(f"a timed build ran snippets (cache miss):\n{result.stdout}")
    if ("\nwrote " in f"\n{result.stdout}") != expect_render:
        raise SystemExit(
            f"expected {'a render' if expect_render else 'no render'}:\n{result.stdout}"
        )


def _time_in_process(root: Path, deck: Path, repeat: int) -> list[tuple[float, float]]:
    """`pipeline.build` of the changed deck to HTML in this process, after a warm-up build."""
    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    project = load_project(root)
    options = BuildOptions(decks=(deck,), targets=("html",))
    edits = iter(range(10**6, 2 * 10**6))

    def changed() -> None:
        _edit(deck, next(edits))
        report = build(options, project=project)
        if report.snippets_run or not report.outputs:
            raise SystemExit("the in-process build ran snippets or wrote nothing")

    changed()
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        changed()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def _print_table(slides: int, rows, repeat: int) -> None:
    print(f"\n{slides}-slide deck: median of {repeat} runs, seconds (wall / CPU); snippets cached")
    header = (
        f"{'build':<20} {'ours wall':>9} {'ours CPU':>9} {'marp wall':>9} {'marp CPU':>9} "
        f"{'marp/ours wall':>15} {'CPU':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, ours, marp in rows:
        wall, cpu = (statistics.median(t[k] for t in ours) for k in (0, 1))
        line = f"{name:<20} {wall:>9.2f} {cpu:>9.2f}"
        if marp:
            marp_wall, marp_cpu = (statistics.median(t[k] for t in marp) for k in (0, 1))
            line += f" {marp_wall:>9.2f} {marp_cpu:>9.2f} {marp_wall / wall:>14.2f}x"
            line += f" {marp_cpu / cpu:>5.2f}x"
        print(line)


def _load(values) -> str:
    return ", ".join(f"{value:.1f}" for value in values)


if __name__ == "__main__":
    main()
