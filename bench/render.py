"""Rendering a 60-slide deck: our HTML and PDF builds against marp-cli's, measured in one run.

    .venv/bin/python bench/render.py [--repeat 5] [--slides 60]

A temporary project gets a deck mixing snippet code and output references, `$$…$$` math,
local PNG images and `figure:` backgrounds. One untimed build fills the snippet cache, so
the timed builds execute nothing. Both sides are timed as fresh processes (ours:
`python -m lecture_tool build`; marp-cli on our expanded `build/marp/<deck>.md`), median of
`--repeat`. marp-cli is a reference only (bench/marp_cli.py); without it those rows are
skipped with a note. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marp_cli import find_marp, marp_env

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
    parser.add_argument("--slides", type=int, default=60, help="slides in the deck (default 60)")
    args = parser.parse_args()

    marp = find_marp()
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="lt-render-") as folder:
        root = Path(folder)
        deck = _make_project(root, args.slides)
        ours = [sys.executable, "-m", "lecture_tool", "build", str(deck)]

        warm = _run([*ours, "--to", "html,marp"], cwd=root)
        print(f"warm-up build: {warm.stdout.strip().splitlines()[-1]}")
        expanded = root / "build" / "marp" / f"{deck.stem}.md"
        # Our Marp file keeps local image paths as written (relative to the deck), so give
        # marp-cli the same images next to it: both sides then load every picture.
        shutil.copytree(root / "slides" / "images", expanded.parent / "images")
        out = root / "marp-out"

        html = _median(lambda: _build_cached([*ours, "--to", "html"], root), args.repeat)
        marp_html = marp and _median(
            lambda: _run(
                [*marp, "--html", str(expanded), "-o", str(out / "x.html")],
                cwd=root,
                env=marp_env(),
            ),
            args.repeat,
        )
        rows.append(("HTML (process)", html, marp_html or None))

        pdf = _median(lambda: _build_cached([*ours, "--to", "pdf"], root), args.repeat)
        marp_pdf = marp and _median(
            lambda: _run(
                [*marp, "--pdf", "--allow-local-files", str(expanded), "-o", str(out / "x.pdf")],
                cwd=root,
                env=marp_env(),
            ),
            args.repeat,
        )
        rows.append(("PDF (process)", pdf, marp_pdf or None))
        rows.append(("HTML (in-process)", _time_in_process(root, deck, args.repeat), None))

    _print_table(rows, args)
    if marp is None:
        print(
            "note: marp-cli not found (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install); "
            "its rows are skipped"
        )


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


def _build_cached(command: list[str], cwd: Path) -> None:
    """One of our timed builds, which must take every snippet from the cache."""
    result = _run(command, cwd=cwd)
    if "\n0 snippet(s) run" not in f"\n{result.stdout}":
        raise SystemExit(f"a timed build ran snippets (cache miss):\n{result.stdout}")


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _time_in_process(root: Path, deck: Path, repeat: int) -> float:
    """`pipeline.build` to HTML in this process, after one untimed warm-up call."""
    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    project = load_project(root)
    options = BuildOptions(decks=(deck,), targets=("html",))
    report = build(options, project=project)
    if report.snippets_run:
        raise SystemExit("the in-process warm-up ran snippets (cache miss)")
    return _median(lambda: build(options, project=project), repeat)


def _print_table(rows, args) -> None:
    print(f"{args.slides}-slide deck, median of {args.repeat} runs (s); snippets all cached")
    header = f"{'build':<18} {'ours':>8} {'marp-cli':>9} {'ours/marp':>10}"
    print(header)
    print("-" * len(header))
    for name, ours, marp in rows:
        if marp is None:
            print(f"{name:<18} {ours:>8.2f} {'-':>9} {'-':>10}")
        else:
            print(f"{name:<18} {ours:>8.2f} {marp:>9.2f} {ours / marp:>9.2f}x")


if __name__ == "__main__":
    main()
