"""Issue 8 item 5: what a cell printed before its worker died stays; the error names cell and line."""

from __future__ import annotations

import textwrap

import pytest

from lecture_tool.config import Project
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import load_snippet


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "snippets").mkdir()
    project = Project(root, root / "slides", root / "snippets", root / "data", root / "build")
    with Engine(project, jobs=1) as engine:

        def run(name: str, source: str):
            path = project.snippets / name
            path.write_text(textwrap.dedent(source).lstrip("\n"))
            return engine.run(Request(snippet=load_snippet(path), device="cpu"))

        yield run


def test_output_flushed_before_os_exit_is_kept(run):
    result = run(
        "exit.py",
        """
        # %% die
        import os, sys
        print("printed first", flush=True)
        print("to stderr", file=sys.stderr, flush=True)
        os._exit(7)
    """,
    )
    cell = result.cells[0]
    assert (cell.status, cell.stdout, cell.stderr) == ("failed", "printed first\n", "to stderr\n")
    assert (cell.error.type, cell.error.message, cell.error.line) == (
        "WorkerDied",
        "snippet worker exited with code 7 in cell 'die'",
        None,
    )


def test_a_segfault_keeps_the_output_and_names_the_line(run):
    result = run(
        "segv.py",
        """
        # %% ok
        print("fine")
        # %% crash
        import ctypes
        print("about to crash", flush=True)

        ctypes.string_at(0)
        print("never")
    """,
    )
    assert result.reason == "worker died with signal 11 (SIGSEGV)"
    ok, crash = result.cells
    assert (ok.status, ok.stdout) == ("passed", "fine\n")
    assert (crash.status, crash.stdout) == ("failed", "about to crash\n")
    assert (crash.error.message, crash.error.line) == (
        "snippet worker died with signal 11 (SIGSEGV) in cell 'crash' at line 7",
        7,
    )


def test_a_timed_out_cell_keeps_what_it_printed(run):
    result = run(
        "slow.py",
        """
        # ---
        # lecture:
        #   timeout: 1
        # ---
        # %% slow
        import time
        print("step 1", flush=True)
        time.sleep(30)
    """,
    )
    cell = result.cells[0]
    assert (result.reason, cell.stdout, cell.error.type) == (
        "timed out after 1 s",
        "step 1\n",
        "Timeout",
    )
