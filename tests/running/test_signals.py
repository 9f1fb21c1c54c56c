"""Issue 14 items 4-5: signals stop everything; nothing a build or snippet started outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lecture_tool.config import Project
from lecture_tool.reaper import is_alive
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import load_snippet
from lecture_tool.writing.pdf import remove_stale

REPO = Path(__file__).resolve().parents[2]

# A child that leaves the worker's process group and session, then a grandchild of it
# (double fork): neither is reachable by killing the worker's group.
ESCAPE = """
import os, subprocess, sys, time
child = subprocess.Popen(
    [sys.executable, "-c", "import os, time; os.setsid(); pid = os.fork()\\n"
     "if pid == 0: time.sleep(300)\\n"
     "else: open({pids!r}, 'w').write(f'{{os.getpid()}} {{pid}}'); time.sleep(300)"],
)
while not os.path.exists({pids!r}):
    time.sleep(0.01)
"""


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(is_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _emptied(folder: Path, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(folder.iterdir()):
            return True
        time.sleep(0.05)
    return False


def _pids(path: Path, within: float = 60.0) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            time.sleep(0.05)
            return [int(pid) for pid in path.read_text().split()]
        time.sleep(0.05)
    raise AssertionError(f"{path} never written")


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "slides").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    return Project(
        tmp_path, tmp_path / "slides", tmp_path / "snippets", tmp_path / "data", tmp_path / "build"
    )


def _snippet(project: Project, name: str, body: str) -> Path:
    path = project.snippets / name
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    return path


@pytest.mark.parametrize("ending", ["timeout", "normal end"])
def test_setsid_descendants_die_with_their_snippet(project, tmp_path, ending):
    pids_file = tmp_path / "pids"
    timeout = "1" if ending == "timeout" else "60"
    tail = "time.sleep(30)\n" if ending == "timeout" else "print('done')\n"
    path = _snippet(
        project,
        "escape.py",
        f"# ---\n# lecture:\n#   timeout: {timeout}\n# ---\n# %% a\n"
        + ESCAPE.format(pids=str(pids_file))
        + tail,
    )
    with Engine(project, jobs=1) as engine:
        result = engine.run(Request(snippet=load_snippet(path), device="cpu"))
        pids = _pids(pids_file)
        assert len(pids) == 2 and all(pid > 0 for pid in pids)
        if ending == "timeout":
            assert (result.status, result.reason) == ("failed", "timed out after 1 s")
        else:
            assert (result.status, result.cells[0].stdout) == ("passed", "done\n")
        assert _gone(pids), f"left running: {[p for p in pids if is_alive(p)]}"


def _build_project(project: Project, tmp_path: Path) -> Path:
    """A deck whose one snippet records its pid and its escaped children's, then sleeps."""
    _snippet(
        project,
        "slow.py",
        "# %% a\nimport os\n"
        + ESCAPE.format(pids=str(tmp_path / "children"))
        + f"open({str(tmp_path / 'worker')!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)\n",
    )
    (project.slides / "d.md").write_text('# D\n\n```output {file="slow.py" cell="a"}\n```\n')
    return project.root


def _start(root: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lecture_tool", "build", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )


def _pool_of(cli_pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(cli_pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


@pytest.mark.parametrize("signum", [signal.SIGTERM])
def test_sigterm_and_sigint_stop_the_pool_and_every_worker(project, tmp_path, signum):
    root = _build_project(project, tmp_path)
    cli = _start(root)
    worker = _pids(tmp_path / "worker")
    children = _pids(tmp_path / "children")
    pool = _pool_of(cli.pid)
    cli.send_signal(signum)
    _, stderr = cli.communicate(timeout=30)
    expected = {signal.SIGTERM: (143, "terminated\n"), signal.SIGINT: (130, "interrupted\n")}
    assert (cli.returncode, stderr) == expected[signum]
    assert pool and _gone([*pool, *worker, *children])


def test_after_sigkill_the_pool_stops_quietly_and_takes_its_workers(project, tmp_path):
    root = _build_project(project, tmp_path)
    cli = _start(root)
    worker = _pids(tmp_path / "worker")
    children = _pids(tmp_path / "children")
    pool = _pool_of(cli.pid)
    cli.kill()
    _, stderr = cli.communicate(timeout=30)  # the pipe closes once the pool has gone too
    assert cli.returncode == -signal.SIGKILL
    assert pool and _gone([*pool, *worker, *children])
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


FAKE_CHROMIUM = """#!/bin/sh
# Stands in for Chromium: a helper in its own session (as crashpad is), then a slow print.
setsid sleep 300 &
echo $$ $! > {pids}
exec sleep 300
"""


@pytest.fixture
def slow_browser(tmp_path) -> tuple[Path, Path]:
    pids = tmp_path / "browser-pids"
    browser = tmp_path / "fake-chromium"
    browser.write_text(FAKE_CHROMIUM.format(pids=pids))
    browser.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    return browser, pids


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_during_a_pdf_print_leaves_no_browser_nor_files(
    project, tmp_path, slow_browser, signum
):
    browser, pids_file = slow_browser
    (project.slides / "d.md").write_text("# Just text\n")
    cli = _start(
        project.root, "--to", "pdf", CHROME_PATH=str(browser), TMPDIR=str(tmp_path / "tmp")
    )
    pids = _pids(pids_file)
    pdf_dir = project.build / "pdf"
    # The PDF is written in one go once Chromium has printed it: nothing of it exists yet.
    assert not pdf_dir.exists() or list(pdf_dir.iterdir()) == []
    assert len(list((tmp_path / "tmp").glob("lecture-tool-chromium-pid*"))) == 1
    cli.send_signal(signum)
    _, stderr = cli.communicate(timeout=30)
    assert _gone(pids), f"left running: {[p for p in pids if is_alive(p)]}"
    if signum == signal.SIGTERM:
        assert (cli.returncode, stderr) == (143, "terminated\n")
        assert list((tmp_path / "tmp").iterdir()) == []
    else:  # nothing runs in a killed process: the browser's launcher removes its profile
        assert _emptied(tmp_path / "tmp"), list((tmp_path / "tmp").iterdir())
    assert not pdf_dir.exists() or list(pdf_dir.iterdir()) == []


def test_stale_cleanup_keeps_what_a_running_build_owns(tmp_path):
    dead = 2**22 + 12345  # above pid_max's default: no such process
    (tmp_path / f".deck-pid{dead}-abc.pdf.tmp").write_bytes(b"%PDF-")
    (tmp_path / f".deck-pid{os.getpid()}-abc.pdf.tmp").write_bytes(b"%PDF-")
    (tmp_path / f"lecture-tool-chromium-pid{dead}-x").mkdir()
    (tmp_path / f"lecture-tool-chromium-pid{os.getpid()}-y").mkdir()
    removed = remove_stale(tmp_path, tmp_path)
    assert sorted(p.name for p in removed) == [
        f".deck-pid{dead}-abc.pdf.tmp",
        f"lecture-tool-chromium-pid{dead}-x",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".deck-pid{os.getpid()}-abc.pdf.tmp",
        f"lecture-tool-chromium-pid{os.getpid()}-y",
    ]
