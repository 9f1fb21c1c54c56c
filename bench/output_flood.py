"""A cell that prints without end: the capped capture against writing every line to a file.

    .venv/bin/python bench/output_flood.py [--lines 200000]

Runs in one child process (whose descriptors 1 and 2 the captures take over): first the old
capture — `print` straight through to a file that gets every
byte — then `FdCapture` with its default cap, the same lines each time. Prints both times, the
ratio, the bytes each kept on disk and the notice the slide would end with. Nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import json, os, sys, tempfile, time
from pathlib import Path
from lecture_tool.running.capture import FdCapture, stream_on_fd
lines, report = int(sys.argv[1]), sys.argv[2]
folder = Path(tempfile.mkdtemp())
with open(folder / "every-byte", "w+b") as file:
    os.dup2(file.fileno(), 1)
    out = stream_on_fd(1)
    start = time.perf_counter()
    for i in range(lines):
        print("line", i, file=out)
    baseline = time.perf_counter() - start
    baseline_bytes = os.path.getsize(folder / "every-byte")
capture = FdCapture(folder)
stdout, _ = capture.text_streams()
capture.start()
start = time.perf_counter()
for i in range(lines):
    print("line", i, file=stdout)
capped = time.perf_counter() - start
kept = os.path.getsize(folder / ".cell-stdout")
captured, _ = capture.stop()
notice = captured.shown().splitlines()[-1]
Path(report).write_text(json.dumps([baseline, baseline_bytes, capped, kept, notice]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    lines = parser.parse_args().lines
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [sys.executable, "-c", CHILD, str(lines), report.name],
            check=True,
            env={**os.environ, "PYTHONPATH": os.getcwd()},
        )
        baseline, baseline_bytes, capped, kept, notice = json.loads(open(report.name).read())
    print(f"{lines:,} printed lines")
    print(f"  every byte to a file: {baseline:6.2f} s, {baseline_bytes:>12,} bytes on disk")
    print(f"  capped capture:       {capped:6.2f} s, {kept:>12,} bytes on disk")
    print(f"  ratio capped/baseline: {capped / baseline:.2f}")
    print(f"  the slide ends with: {notice}")


if __name__ == "__main__":
    main()
