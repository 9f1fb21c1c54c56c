"""`Engine.cancel`: a running snippet's whole process tree stops at once; a queued one never starts."""

from __future__ import annotations

import os
import time

from lecture_tool.config import Project
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import parse_snippet

SLOW = """\
# %% first
print("started", flush=True)

# %% slow
import subprocess, time
child = subprocess.Popen(["sleep", "300"])
open("child.pid", "w").write(str(child.pid))
time.sleep(300)
"""


def _project(root) -> Project:
    (root / "snippets").mkdir()
    return Project(root=root, slides=root / "slides", snippets=root / "snippets",
                   data=root / "data", build=root / "build")  # fmt: skip


def _request(project: Project, name: str) -> Request:
    path = project.snippets / f"{name}.py"
    path.write_text(SLOW)
    return Request(snippet=parse_snippet(SLOW, path), device="cpu")


def test_cancel_stops_a_running_snippet_and_its_children_and_drops_a_queued_one(tmp_path):
    project = _project(tmp_path)
    with Engine(project, jobs=1) as engine:
        running = engine.submit(_request(project, "running"))
        queued = engine.submit(_request(project, "queued"))
        pid_file = project.build / "workspace" / "running" / "child.pid"
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the snippet never started its child"
            time.sleep(0.05)
        child = int(pid_file.read_text())
        asked = time.monotonic()
        assert engine.cancel(queued) and engine.cancel(running)
        stopped, dropped = running.result(10), queued.result(10)
        assert time.monotonic() - asked < 5
        assert stopped.status == "failed" and stopped.reason == "stopped"
        first, slow = stopped.cells
        assert first.status == "passed" and first.stdout == "started\n"
        assert slow.error.type == "Stopped" and "stopped in cell 'slow'" in slow.error.message
        assert dropped.reason == "stopped"
        assert all(cell.status == "not-run" for cell in dropped.cells)
        assert not os.path.exists(f"/proc/{child}") or _zombie(child)
        assert not engine.cancel(running)  # already over


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True
