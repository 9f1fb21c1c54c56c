"""Inside a forked worker: run one snippet's cells in one namespace and record every result.

This module runs in the child only. It writes results to a file after every cell, so a
worker that is killed (timeout) or dies (segfault, `os._exit`) still leaves the cells it
finished; the parent fills in the rest.
"""

from __future__ import annotations

import builtins
import contextlib
import faulthandler
import os
import pickle
import random
import sys
import time
import traceback
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lecture_tool.reaper import become_subreaper
from lecture_tool.running.capture import FdCapture, stream_on_fd
from lecture_tool.running.limits import Limits, apply_limits, explain_limit
from lecture_tool.running.results import CellResult, ErrorInfo, Figure
from lecture_tool.running.snippet import Cell
from lecture_tool.running.standin import StandinWatch

RESULTS_FILE = ".results.pickle"
FAULT_FILE = ".fault"
"""faulthandler's report of a fatal signal (segfault, abort): it names the line that died."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run one snippet."""

    path: Path
    """The file the code comes from: tracebacks and line numbers refer to it."""
    cells: tuple[Cell, ...]
    workspace: Path
    """Empty per-run directory: the working directory, and where results are written."""
    figure_dir: Path
    device: str
    """`cpu` or `cuda`, already resolved."""
    threads: int
    seed: int | None = 0
    overrides: tuple[tuple[str, Any], ...] = ()
    """Smoke overrides, applied after the `params` cell (before the first cell if none)."""
    import_dirs: tuple[Path, ...] = ()
    """Put first on sys.path so sibling modules import."""
    display_path: str = ""
    """How tracebacks name `path` (relative to the project); `path` itself when empty."""
    limits: Limits | None = None
    """What the snippet may consume (None: no limits, the pool does not watch it)."""


def run_job(job: Job, done_fd: int) -> None:
    """Run `job` in this (forked) process and leave with `os._exit`, never returning.

    One byte on `done_fd` tells the pool the results are complete, so it can answer
    before this process's teardown (~20 ms for a process that has torch mapped).
    """
    code = 0
    try:
        _prepare_process(job)
        _run_cells(job)
    except BaseException:  # our own failure: say so on the real stderr for the parent's log
        traceback.print_exc()
        code = 70
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            if code == 0:
                os.write(done_fd, b"1")
        finally:
            # A normal interpreter exit after importing torch costs ~0.5 s of teardown.
            os._exit(code)


def _prepare_process(job: Job) -> None:
    os.setpgid(0, 0)  # own process group: a timeout kills the snippet's children too
    # Orphans of the snippet's setsid() children come to this worker, then to the pool
    # (also a subreaper), which kills them when this worker ends.
    become_subreaper()
    os.environ.pop("PYTORCH_NVML_BASED_CUDA_CHECK", None)
    if job.device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""  # hides GPUs; CUDA was never initialised
    os.chdir(job.workspace)
    sys.path[:0] = [str(d) for d in job.import_dirs]
    sys.argv = [str(job.path)]
    sys.stdout = stream_on_fd(1)
    sys.stderr = stream_on_fd(2)
    global _fault_file
    _fault_file = open(job.workspace / FAULT_FILE, "w")  # noqa: SIM115  (lives as long as we do)
    faulthandler.enable(_fault_file, all_threads=False)
    import torch

    torch.set_num_threads(max(1, job.threads))
    if job.seed is not None:
        random.seed(job.seed)
        try:
            import numpy

            numpy.random.seed(job.seed)
        except ImportError:
            pass
        torch.manual_seed(job.seed)
    _standin.install()


_fault_file = None
_standin = StandinWatch()


def fault_line(workspace: Path, path: Path) -> int | None:
    """The line of `path` a fatal signal hit, from faulthandler's report (innermost first)."""
    try:
        report = (workspace / FAULT_FILE).read_text(errors="replace")
    except OSError:
        return None
    for line in report.splitlines():
        line = line.strip()
        prefix = f'File "{path}", line '
        if line.startswith(prefix):
            number = line[len(prefix) :].split(" ", 1)[0]
            return int(number) if number.isdigit() else None
    return None


def _fresh_main(path: Path) -> dict[str, Any]:
    """A new `__main__` module: snippets run as scripts, and their classes pickle."""
    module = types.ModuleType("__main__")
    module.__file__ = str(path)
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    return module.__dict__


def _run_cells(job: Job) -> None:
    namespace = _fresh_main(job.path)
    has_params = any(cell.name == "params" for cell in job.cells)
    if job.overrides and not has_params:
        namespace.update(job.overrides)
    results: list[CellResult] = []
    capture = FdCapture(job.workspace, *((job.limits.output_cap,) if job.limits else ()))
    sys.stdout, sys.stderr = capture.text_streams()
    if job.limits is not None:
        # Last, so that what the tool itself set up (imports, capture) is not the snippet's.
        apply_limits(job.limits, job.device)
    failed = False
    for cell in job.cells:
        if failed:
            results.append(CellResult(name=cell.name, status="not-run"))
            continue
        _write_progress(job, results, running=cell.name)
        started = time.perf_counter()
        capture.start()
        try:
            error = _execute(cell, job.path, namespace, job.display_path)
        finally:
            stdout, stderr = capture.stop()
        figures = _save_figures(job.figure_dir, cell.name)
        status, error = _judge(cell, error)
        failed = status == "failed"
        if failed and job.limits is not None:
            error = explain_limit(error, job.limits)
        results.append(
            CellResult(
                name=cell.name,
                status=status,
                stdout=stdout.shown(),
                stderr=stderr.shown(),
                figures=figures,
                error=error,
                duration=time.perf_counter() - started,
            )
        )
        if cell.name == "params" and job.overrides:
            namespace.update(job.overrides)
    _write_progress(job, results, running=None)


def _execute(
    cell: Cell, path: Path, namespace: dict[str, Any], display_path: str
) -> ErrorInfo | None:
    # Padding with blank lines makes every line number, SyntaxError included, the real one.
    source = "\n" * (cell.line - 1) + cell.source + "\n"
    try:
        if cell.interactive:
            import ast

            tree = ast.parse(source, str(path))
            for statement in tree.body:
                module = ast.Interactive(body=[statement])
                exec(compile(module, str(path), "single"), namespace)
        else:
            exec(compile(source, str(path), "exec"), namespace)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from user code, too
        return _describe(exc, path, display_path or str(path))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return None


def _describe(exc: BaseException, path: Path, display_path: str) -> ErrorInfo:
    """The exception with a traceback of the user's frames only, at their real lines."""
    user_dir = path.parent.resolve()
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if _is_user_file(frame.filename, path, user_dir)
    ]
    shown = [
        traceback.FrameSummary(
            display_path if f.filename == str(path) else f.filename,
            f.lineno,
            f.name,
            line=f.line,
        )
        for f in frames
    ]
    summary = traceback.StackSummary.from_list(shown)
    lines = ["Traceback (most recent call last):\n", *summary.format()] if frames else []
    lines += traceback.format_exception_only(type(exc), exc)
    line = next((f.lineno for f in reversed(frames) if f.filename == str(path)), None)
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        line = exc.lineno
    message = str(exc)
    if isinstance(exc, SystemExit):
        message = f"snippet called sys.exit({exc.code!r})"
    return ErrorInfo(type=type(exc).__name__, message=message, line=line, traceback="".join(lines))


def _is_user_file(filename: str, path: Path, user_dir: Path) -> bool:
    if filename == str(path):
        return True
    # Sibling modules the snippet imports are the user's code too; site-packages is not.
    try:
        return Path(filename).resolve().parent == user_dir
    except OSError:
        return False


def _judge(cell: Cell, error: ErrorInfo | None) -> tuple[str, ErrorInfo | None]:
    if cell.raises is None:
        return ("failed" if error else "passed"), error
    if error is None:
        return "failed", ErrorInfo(
            type="DidNotRaise",
            message=f"cell {cell.name!r} was expected to raise {cell.raises} but did not",
            line=cell.line,
            traceback="",
        )
    if error.type == "SystemExit" or not _matches(error, cell.raises):
        return "failed", error
    return "passed", error


def _matches(error: ErrorInfo, expected: str) -> bool:
    """True when the raised type is `expected` or a subclass of it (by name)."""
    wanted = expected.rsplit(".", 1)[-1]
    if error.type == wanted:
        return True
    raised = getattr(builtins, error.type, None)
    base = getattr(builtins, wanted, None)
    return isinstance(raised, type) and isinstance(base, type) and issubclass(raised, base)


def _save_figures(figure_dir: Path, cell_name: str) -> tuple[Figure, ...]:
    """Save every open matplotlib figure as PNG and SVG, then close them all."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None or not pyplot.get_fignums():
        return ()
    figure_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    for index, number in enumerate(pyplot.get_fignums(), start=1):
        figure = pyplot.figure(number)
        stem = figure_dir / f"{cell_name}-{index}"
        png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
        # No bbox_inches="tight": it draws the figure twice; snippets call tight_layout.
        # No dates, software versions or random ids: the same drawing gives the same bytes,
        # so outputs can be diffed and compared across machines (svg.hashsalt is set too).
        with _drawn_text_sizes() as sizes:
            figure.savefig(png, dpi=150, metadata={"Software": None})
        figure.savefig(svg, metadata={"Date": None, "Creator": None})
        width, height = (float(x) for x in figure.get_size_inches())
        figures.append(
            Figure(png=png, svg=svg, text_pt=min(sizes, default=0.0), size_in=(width, height))
        )
    pyplot.close("all")
    return tuple(figures)


@contextlib.contextmanager
def _drawn_text_sizes():
    """The font sizes (pt) of the texts drawn meanwhile: titles, labels, tick labels, legends,
    annotations. Only what is drawn counts (an axis turned off draws no tick labels), so
    `Text.draw` is watched rather than the figure's artists listed."""
    from matplotlib.text import Text

    sizes: list[float] = []
    draw = Text.draw

    def watched(self, renderer, *args, **kwargs):
        if self.get_visible() and self.get_text().strip():
            sizes.append(float(self.get_fontsize()))
        return draw(self, renderer, *args, **kwargs)

    Text.draw = watched
    try:
        yield sizes
    finally:
        Text.draw = draw


def _write_progress(job: Job, results: list[CellResult], running: str | None) -> None:
    """Atomically record the finished cells and which one is running now."""
    target = job.workspace / RESULTS_FILE
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(pickle.dumps((tuple(results), running, _standin.seen)))
    os.replace(temporary, target)


def read_progress(workspace: Path) -> tuple[tuple[CellResult, ...], str | None, bool]:
    """What a worker recorded: finished cells, the cell it was running, if any, and whether
    the snippet had read stand-in data (`standin`) by then."""
    try:
        return pickle.loads((workspace / RESULTS_FILE).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return (), None, False
