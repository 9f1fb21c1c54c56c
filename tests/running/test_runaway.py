"""Issue 29: runaway snippets — output flood, memory hog, disk filler, fork bomb — fail or
truncate with a message naming the snippet and the limit; the pool goes on, and nothing
outside the snippet's process tree is touched. Limits are tiny here, so each runaway is
cheap on a shared machine."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from lecture_tool.config import Project, load_project, parse_size
from lecture_tool.errors import ConfigError, SnippetFormatError
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import parse_snippet

KiB, MiB = 2**10, 2**20


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """One engine with small limits for every runaway, and a process outside it that must live."""
    root = tmp_path_factory.mktemp("runaway")
    (root / "snippets").mkdir()
    project = Project(
        root,
        root / "slides",
        root / "snippets",
        root / "data",
        root / "build",
        memory=64 * MiB,
        disk=1 * MiB,
        processes=8,
        output_cap=1 * KiB,
    )
    bystander = subprocess.Popen(["sleep", "600"])
    with Engine(project, jobs=1) as engine:
        yield project, engine
    assert bystander.poll() is None, "a process outside every snippet's tree was killed"
    bystander.kill()
    bystander.wait()


def _run(limited, name: str, code: str):
    project, engine = limited
    path = project.snippets / f"{name}.py"
    path.write_text(textwrap.dedent(code).lstrip())
    result = engine.run(Request(parse_snippet(path.read_text(), path), device="cpu"))
    # The pool goes on: the next snippet runs in it as usual.
    after = project.snippets / "after.py"
    after.write_text("# %% a\nprint('still here')\n")
    again = engine.run(Request(parse_snippet(after.read_text(), after), device="cpu"))
    assert (again.status, again.cells[0].stdout) == ("passed", "still here\n")
    return result


def test_an_output_flood_keeps_its_head_and_counts_every_line_left_out(limited):
    result = _run(
        limited,
        "flood",
        """
        # %% flood
        import os, sys
        for i in range(100_000):
            print("line", i)
        os.write(1, b"x\\n" * 2_000_000)  # a C-level flood too, in one write
        print("kept on disk:", os.path.getsize(".cell-stdout"), file=sys.stderr)
        # %% next
        print("the cell after it runs")
        """,
    )
    flood, after = result.cells
    assert result.status == "passed"
    lines = flood.stdout.splitlines()
    assert lines[:2] == ["line 0", "line 1"]
    shown = len(lines) - 1
    assert shown > 50  # what fits in the 1 KiB cap
    assert lines[-1] == f"… {2_100_000 - shown:,} more lines not shown"
    assert flood.stdout.count("not shown") == 1
    # The worker kept only the cap: the rest was counted, never written.
    assert flood.stderr == f"kept on disk: {1 * KiB}\n"
    assert after.stdout == "the cell after it runs\n"


def test_a_memory_hog_fails_naming_the_snippet_and_its_limit(limited):
    result = _run(
        limited,
        "hog",
        """
        # %% hog
        import numpy
        block = numpy.ones(256 * 2**20 // 8)
        """,
    )
    error = result.cells[0].error
    assert result.status == "failed"
    assert error.type == "LimitExceeded"
    assert error.message == (
        "snippet snippets/hog.py used more than 64 MiB; raise `memory:` in its header"
    )


def test_memory_in_the_header_overrides_the_project(limited):
    result = _run(
        limited,
        "small",
        """
        # ---
        # lecture:
        #   memory: 16MiB
        # ---
        # %% a
        import numpy
        block = numpy.ones(32 * 2**20 // 8)
        """,
    )
    assert result.cells[0].error.message == (
        "snippet snippets/small.py used more than 16 MiB; raise `memory:` in its header"
    )


def test_children_that_add_up_past_the_limit_are_killed_with_their_worker(limited):
    """Each child stays under its own RLIMIT_DATA; together they pass `memory`: the pool's
    watchdog sees the tree and kills it."""
    result = _run(
        limited,
        "kids",
        """
        # %% kids
        import os, time, numpy
        for _ in range(3):
            if os.fork() == 0:
                block = numpy.ones(40 * 2**20 // 8)
                time.sleep(60)
                os._exit(0)
        time.sleep(60)
        """,
    )
    assert result.status == "failed"
    assert result.reason == (
        "snippet snippets/kids.py used more than 64 MiB; raise `memory:` in its header"
    )
    assert result.cells[0].error.message == result.reason


def test_a_disk_filler_fails_and_its_scratch_folder_is_removed(limited):
    project, _ = limited
    result = _run(
        limited,
        "filler",
        """
        # %% fill
        import time
        for i in range(10):
            with open(f"part-{i}", "wb") as file:
                file.write(b"x" * 200_000)
        time.sleep(60)
        """,
    )
    assert result.status == "failed"
    assert result.reason == (
        "snippet snippets/filler.py wrote more than 1 MiB into its scratch folder; "
        "raise `disk` in [tool.lecture_tool]"
    )
    assert not (project.build / "workspace" / "filler").exists()
    assert not (project.build / "workspace" / "after").exists()  # a run that passed, too


def test_one_file_past_the_disk_limit_fails_at_once(limited):
    result = _run(
        limited,
        "bigfile",
        """
        # %% big
        with open("big", "wb") as file:
            file.write(b"x" * 2_000_000)
        """,
    )
    assert result.cells[0].error.message == (
        "snippet snippets/bigfile.py wrote more than 1 MiB into its scratch folder; "
        "raise `disk` in [tool.lecture_tool]"
    )


def test_a_fork_bomb_fails_and_its_processes_are_gone(limited):
    project, _ = limited
    result = _run(
        limited,
        "bomb",
        # Room in RAM, so the process count is what stops it: on a loaded machine the forks'
        # copied-on-write pages once passed the fixture's 64 MiB before a look counted 9 processes.
        f"""
        # ---
        # lecture:
        #   memory: 2GiB
        # ---
        # %% bomb
        import os, time
        with open({str(project.root / "bomb-pids")!r}, "w") as pids:
            for _ in range(40):
                pid = os.fork()
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                print(pid, file=pids, flush=True)
        time.sleep(60)
        """,
    )
    assert result.status == "failed"
    assert result.reason == (
        "snippet snippets/bomb.py ran more than 8 processes at once; "
        "raise `processes` in [tool.lecture_tool]"
    )
    for pid in map(int, (project.root / "bomb-pids").read_text().split()):
        assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z", pid


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


# -- settings --------------------------------------------------------------------------


def test_sizes_read_with_binary_units_only():
    assert parse_size("2GiB") == 2 * 2**30
    assert parse_size("512 MiB") == 512 * MiB
    assert parse_size("1.5GiB") == 3 * 2**29
    for bad in ("2GB", "2", 2048, "-1GiB", "0MiB", "lots"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_the_header_key_is_checked_where_it_is_written():
    path = Path("snippets/x.py")
    header = "# ---\n# lecture:\n#   memory: {}\n# ---\n# %% a\nprint(1)\n"
    assert parse_snippet(header.format("2GiB"), path).header.memory == 2 * 2**30
    with pytest.raises(SnippetFormatError) as caught:
        parse_snippet(header.format("2 gigs"), path)
    assert str(caught.value) == (
        "snippets/x.py:2: `memory`: '2 gigs' is not a size such as 2GiB, 512MiB or 64KiB"
        " — write e.g. `memory: 2GiB`"
    )


def test_project_limits_come_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lecture_tool]\nmemory = "3GiB"\ndisk = "10MiB"\nprocesses = 16\n'
        'output_cap = "64KiB"\n'
    )
    project = load_project(tmp_path)
    assert (project.memory, project.disk, project.processes, project.output_cap) == (
        3 * 2**30,
        10 * MiB,
        16,
        64 * KiB,
    )
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\nprocesses = 1\n")
    with pytest.raises(ConfigError, match="processes must be a whole number of at least 2"):
        load_project(tmp_path)


def test_the_capture_keeps_the_order_of_python_c_level_and_child_output(limited):
    """Python's prints go straight into the capture, the rest through a pipe: in between,
    the pipe is emptied first, so the slide reads as a terminal would."""
    result = _run(
        limited,
        "order",
        """
        # %% mixed
        import os, subprocess, sys
        print("python 1")
        os.write(1, b"c-level\\n")
        print("python 2")
        subprocess.run([sys.executable, "-c", "print('child process')"], check=True)
        print("begun before the fork, ", end="")
        pid = os.fork()
        if pid == 0:
            print("forked child")
            sys.stdout.flush()
            os._exit(0)
        os.waitpid(pid, 0)
        print("python 3")
        """,
    )
    assert result.cells[0].stdout == (
        "python 1\nc-level\npython 2\nchild process\n"
        "begun before the fork, forked child\npython 3\n"
    )


def test_a_worker_that_dies_past_the_cap_says_how_much_was_kept(limited):
    """The count dies with the worker; what was kept, and that there was more, does not."""
    result = _run(
        limited,
        "dies",
        """
        # %% flood-then-die
        import os
        for i in range(10_000):
            print("line", i)
        os._exit(3)
        """,
    )
    cell = result.cells[0]
    assert result.reason == "worker exited with code 3"
    assert cell.stdout.startswith("line 0\nline 1\n")
    assert cell.stdout.endswith("\n… output truncated: over 1 KiB written\n")
    assert len(cell.stdout.encode()) < 1100


def test_the_kernel_picks_a_worker_first_when_ram_runs_out(limited):
    """`oom_score_adj` 1000: the out-of-memory killer's first choice is a snippet, never the
    editor, the browser or the build (raising one's own score needs no privilege)."""
    result = _run(limited, "oom", "# %% a\nprint(open('/proc/self/oom_score_adj').read())\n")
    assert result.cells[0].stdout == "1000\n\n"
    with open("/proc/self/oom_score_adj") as own:
        assert own.read().strip() != "1000"  # the test's own process is left alone
