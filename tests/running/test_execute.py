"""The engine: every behaviour of running a snippet in a forked worker."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lecture_tool.config import Project
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import parse_snippet


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("project")
    (root / "snippets").mkdir()
    return Project(
        root=root,
        slides=root / "slides",
        snippets=root / "snippets",
        data=root / "data",
        build=root / "build",
    )


@pytest.fixture(scope="module")
def engine(project):
    with Engine(project, jobs=2) as engine:
        yield engine


@pytest.fixture
def run(project, engine):
    """Write a snippet file and run it; returns the SnippetResult."""
    counter = iter(range(10_000))

    def run(source: str, name: str | None = None, **request) -> object:
        path = project.snippets / (name or f"s{next(counter)}_{time.monotonic_ns()}.py")
        path.write_text(textwrap.dedent(source).lstrip("\n"))
        snippet = parse_snippet(path.read_text(), path)
        return engine.run(Request(snippet=snippet, device=request.pop("device", "cpu"), **request))

    return run


def test_cells_capture_stdout_and_stderr_separately(run):
    result = run("""
        # %% first
        import sys
        print("to stdout")
        print("to stderr", file=sys.stderr)
        # %% second
        print("second", 2)
    """)
    assert result.status == "passed"
    first, second = result.cells
    assert (first.name, first.stdout, first.stderr) == ("first", "to stdout\n", "to stderr\n")
    assert (second.name, second.stdout) == ("second", "second 2\n")
    assert result.device == "cpu"
    assert result.torch.startswith("2.")


def test_untitled_cells_are_numbered_and_share_one_namespace_as_main(run):
    result = run("""
        x = 40
        # %%
        x += 2
        # %%
        print(x, __name__)
    """)
    assert [c.name for c in result.cells] == ["1", "2", "3"]
    assert result.cells[2].stdout == "42 __main__\n"


def test_carriage_return_progress_is_collapsed_like_a_terminal(run):
    result = run("""
        # %% bar
        for i in range(5):
            print(f"\\rstep {i}/4", end="")
        print()
        print("abcdef\\rXY")
    """)
    assert result.cells[0].stdout == "step 4/4\nXYcdef\n"


def test_huge_output_is_truncated_with_a_visible_note(run):
    result = run("""
        # %% flood
        for i in range(5000):
            print("line", i)
    """)
    out = result.cells[0].stdout
    assert result.status == "passed"
    assert out.startswith("line 0\nline 1\n")
    assert out.endswith("… [output truncated: 4600 more lines]\n")
    assert out.count("\n") == 401


def test_figures_are_saved_as_png_and_svg_per_cell(run):
    result = run("""
        # %% two
        import matplotlib.pyplot as plt
        plt.figure(); plt.plot([1, 2])
        plt.figure(); plt.plot([2, 1])
        plt.show()
        # %% none
        print(len(plt.get_fignums()))
    """)
    two, none = result.cells
    assert [f.png.name for f in two.figures] == ["two-1.png", "two-2.png"]
    assert all(f.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in two.figures)
    assert all(b"<svg" in f.svg.read_bytes() for f in two.figures)
    assert none.figures == () and none.stdout == "0\n"  # figures were closed after saving


def test_error_stops_the_snippet_with_a_trimmed_traceback_at_real_lines(run):
    result = run(
        """
        # %% ok
        def helper():
            raise ValueError("bad value")
        # %% broken
        x = 1
        helper()
        # %% later
        print("never")
    """,
        name="broken.py",
    )
    assert result.status == "failed"
    assert [c.status for c in result.cells] == ["passed", "failed", "not-run"]
    error = result.cells[1].error
    assert (error.type, error.message, error.line) == ("ValueError", "bad value", 3)
    assert error.traceback == (
        "Traceback (most recent call last):\n"
        '  File "snippets/broken.py", line 6, in <module>\n'
        "    helper()\n"
        '  File "snippets/broken.py", line 3, in helper\n'
        '    raise ValueError("bad value")\n'
        "ValueError: bad value\n"
    )
    assert "lecture_tool" not in error.traceback


def test_syntax_error_reports_its_real_line(run):
    result = run("""
        # %% a
        x = 1
        # %% b
        y = (
    """)
    error = result.cells[1].error
    assert (result.cells[1].status, error.type, error.line) == ("failed", "SyntaxError", 4)


def test_raises_cell_passes_only_when_the_named_error_is_raised(run):
    result = run("""
        # %% right [raises=TypeError]
        len(5)
        # %% subclass [raises=LookupError]
        [][1]
        # %% missing [raises=ValueError]
        print("no error")
    """)
    right, subclass, missing = result.cells
    assert (right.status, right.error.type) == ("passed", "TypeError")
    assert (subclass.status, subclass.error.type) == ("passed", "IndexError")
    assert (missing.status, missing.error.type) == ("failed", "DidNotRaise")
    assert missing.error.message == "cell 'missing' was expected to raise ValueError but did not"


def test_raises_cell_with_the_wrong_error_fails(run):
    result = run("""
        # %% wrong [raises=TypeError]
        1 / 0
    """)
    assert (result.status, result.cells[0].error.type) == ("failed", "ZeroDivisionError")


def test_timeout_fails_the_running_cell_and_marks_the_rest_not_run(run):
    started = time.monotonic()
    result = run("""
        # ---
        # lecture:
        #   timeout: 1
        # ---
        # %% quick
        print("fine")
        # %% slow
        import time
        time.sleep(30)
        # %% after
        pass
    """)
    assert time.monotonic() - started < 15
    assert result.status == "failed"
    assert result.reason == "timed out after 1 s"
    assert [c.status for c in result.cells] == ["passed", "failed", "not-run"]
    assert result.cells[1].error.type == "Timeout"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("import os; os._exit(3)", "worker exited with code 3"),
        (
            "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)",
            "worker died with signal 11 (SIGSEGV)",
        ),
        ("import os; os._exit(0)", "worker exited with code 0 in the middle of a cell (os._exit?)"),
    ],
)
def test_a_worker_that_dies_fails_its_snippet_and_the_pool_goes_on(run, code, reason):
    result = run(f"""
        # %% before
        print("ok")
        # %% die
        {code}
    """)
    assert (result.status, result.reason) == ("failed", reason)
    assert result.cells[0].stdout == "ok\n"
    assert (result.cells[1].status, result.cells[1].error.type) == ("failed", "WorkerDied")
    assert run("# %% next\nprint('still here')\n").cells[0].stdout == "still here\n"


def test_sys_exit_is_a_failure_not_a_crash(run):
    result = run("# %% leave\nimport sys\nsys.exit(2)\n")
    assert (result.status, result.cells[0].error.message) == (
        "failed",
        "snippet called sys.exit(2)",
    )


def test_seed_makes_runs_repeatable_and_matches_manual_seed(run):
    source = """
        # ---
        # lecture:
        #   seed: 7
        # ---
        # %% draw
        import random, numpy, torch
        print(random.random(), numpy.random.rand(), torch.rand(1).item())
    """
    first, second = run(source), run(source)
    assert first.cells[0].stdout == second.cells[0].stdout
    import random

    import numpy
    import torch

    random.seed(7)
    numpy.random.seed(7)
    torch.manual_seed(7)
    expected = f"{random.random()} {numpy.random.rand()} {torch.rand(1).item()}\n"
    assert first.cells[0].stdout == expected


def test_smoke_overrides_apply_after_the_params_cell_only_in_smoke_runs(run):
    source = """
        # ---
        # lecture:
        #   smoke: {EPOCHS: 1, NAME: tiny}
        # ---
        # %% params
        EPOCHS = 100
        NAME = "full"
        print(EPOCHS)
        # %% train
        print(EPOCHS, NAME)
    """
    smoke = run(source, smoke=True)
    full = run(source, smoke=False)
    assert [c.stdout for c in smoke.cells] == ["100\n", "1 tiny\n"]
    assert [c.stdout for c in full.cells] == ["100\n", "100 full\n"]


def test_sibling_modules_import_and_the_workspace_is_the_working_directory(run, project):
    (project.data).mkdir(exist_ok=True)
    (project.data / "numbers.txt").write_text("1 2 3\n")
    (project.snippets / "helpers_mod.py").write_text("def triple(x):\n    return 3 * x\n")
    result = run(
        """
        # %% use
        import os
        from helpers_mod import triple
        print(triple(14))
        print(open("data/numbers.txt").read().split())
        print(os.getcwd())
        open("scratch.txt", "w").write("x")
    """,
        name="uses_sibling.py",
    )
    out = result.cells[0].stdout.splitlines()
    assert out[:2] == ["42", "['1', '2', '3']"]
    assert out[2] == str(project.build / "workspace" / "uses_sibling")
    assert not (project.snippets / "scratch.txt").exists()


def test_cpu_device_hides_gpus(run):
    result = run("""
        # %% check
        import os, torch
        print(repr(os.environ["CUDA_VISIBLE_DEVICES"]), torch.cuda.is_available())
    """)
    assert result.cells[0].stdout == "'' False\n"


@pytest.mark.skipif(Path("/dev/nvidiactl").exists(), reason="this machine has a GPU")
def test_cuda_without_cuda_is_skipped_with_a_reason(run):
    plain = run("# %% a\nprint(1)\n", device="cuda")
    assert (plain.status, plain.reason) == (
        "skipped",
        "--device cuda was asked for, but CUDA is not available",
    )
    needs = run("# ---\n# lecture:\n#   requires: [cuda]\n# ---\n# %% a\nprint(1)\n", device="auto")
    assert (needs.status, needs.reason) == ("skipped", "requires CUDA, but CUDA is not available")
    assert needs.cells == ()


def test_missing_required_module_is_a_skip(run):
    result = run("# ---\n# lecture:\n#   requires: [no_such_module_xyz]\n# ---\nprint(1)\n")
    assert (result.status, result.reason) == (
        "skipped",
        "requires the module 'no_such_module_xyz', which is not installed",
    )


def test_dataloader_workers_inside_a_snippet(run):
    result = run("""
        # %% load
        import torch
        from torch.utils.data import DataLoader, TensorDataset
        data = TensorDataset(torch.arange(8.0))
        loader = DataLoader(data, batch_size=4, num_workers=2)
        print(sorted(float(x) for (batch,) in loader for x in batch))
    """)
    assert result.status == "passed", result.cells[0].error
    assert result.cells[0].stdout == "[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]\n"


def test_multithreaded_torch_in_consecutive_workers_does_not_hang(run):
    # Guards the fork trap: if the pool ran a threaded op before forking, these would hang.
    source = """
        # ---
        # lecture:
        #   timeout: 30
        # ---
        # %% matmul
        import torch
        torch.set_num_threads(2)
        a = torch.ones(512, 512)
        print((a @ a)[0, 0].item())
    """
    for _ in range(3):
        result = run(source)
        assert (result.status, result.cells[0].stdout) == ("passed", "512.0\n")


def test_warm_up_initialises_neither_cuda_nor_torch_threads():
    code = (
        "from lecture_tool.running.pool import warm_up; info = warm_up(); import torch, sys;"
        "print(torch.cuda.is_initialized(), info.torch == torch.__version__, "
        "'matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True True"


def _request(project, name: str, source: str) -> Request:
    path = project.snippets / name
    path.write_text(source)
    return Request(snippet=parse_snippet(source, path), device="cpu")


@pytest.mark.parametrize(
    ("module", "uses_it"),
    [
        # The pool's warm-up skips torchvision: it costs more than torch.
        ("torchvision", "import torchvision\n"),
        # Creating any optimizer imports torch._dynamo (about as slow as torch).
        (
            "torch._dynamo",
            "import torch\ntorch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n",
        ),
    ],
)
def test_a_heavy_library_is_imported_in_the_pool_once_a_snippet_needs_it(project, module, uses_it):
    # The first snippet that uses it has the pool import it before forking, so that worker
    # and every later one have it, instead of each worker importing it again.
    pytest.importorskip(module)
    check = f"# %% a\nimport sys\nprint({module!r} in sys.modules)\n"
    with Engine(project, jobs=1) as engine:
        assert engine.run(_request(project, "plain.py", check)).cells[0].stdout == "False\n"
        used = engine.run(_request(project, "uses.py", check + uses_it))
        assert used.cells[0].stdout == "True\n"
        assert engine.run(_request(project, "again.py", check)).cells[0].stdout == "True\n"


def test_a_job_that_needs_no_import_runs_while_the_pool_imports_for_the_next(project):
    # Both are sent while the pool warms up. The first needs torch._dynamo, which nothing
    # has imported: the second starts first, and the pool imports while it runs.
    trains = (
        "# %% a\nimport sys, time\nprint(time.time(), 'torch._dynamo' in sys.modules)\n"
        "import torch\ntorch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n"
    )
    waits = "# %% a\nimport time\nprint(time.time())\ntime.sleep(1.0)\n"
    with Engine(project, jobs=1) as engine:
        futures = [
            engine.submit(_request(project, name, source))
            for name, source in (("trains.py", trains), ("waits.py", waits))
        ]
        trained, waited = (future.result().cells[0].stdout.split() for future in futures)
    assert float(waited[0]) < float(trained[0])
    assert trained[1] == "True"  # imported by the pool while the other one ran
