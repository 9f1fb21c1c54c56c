"""Scheduling in `SnippetRunner.run_all`: longest first by the previous run's durations, then
the exclusive snippets alone, results in the caller's order; and the threads a worker gets.
The engine is replaced by a recorder: nothing runs."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import Future
from pathlib import Path

from lecture_tool.config import load_project
from lecture_tool.running.execute import Decision, Engine, Request
from lecture_tool.running.machine import default_jobs
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.runner import SnippetRunner
from lecture_tool.running.snippet import load_snippet


def _project(tmp_path: Path, names: dict[str, str]):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    folder = tmp_path / "snippets" / "d"
    folder.mkdir(parents=True)
    for name, header in names.items():
        (folder / f"{name}.py").write_text(f"{header}# %% a\nprint({name!r})\n")
    return load_project(tmp_path)


class _Recorder:
    """Stands in for the engine: records what is submitted and while what is unfinished."""

    def __init__(self):
        self.order: list[str] = []
        self.pending: list[Future] = []
        self.unfinished_at_submit: list[int] = []

    def decide(self, request):
        return Decision("cpu")

    def submit(self, request, decision):
        self.unfinished_at_submit.append(sum(not f.done() for f in self.pending))
        future: Future = Future()
        duration = len(self.order) + 1
        result = SnippetResult(snippet=request.snippet.path, status="passed", duration=duration)
        if request.snippet.header.exclusive:
            future.set_result(result)  # finishes before anything else is submitted
        else:
            self.pending.append(future)
            future.result_value = result
        self.order.append(request.snippet.path.stem)  # last: the test waits on it
        return future

    def finish_all(self):
        for future in self.pending:
            future.set_result(future.result_value)


def test_longest_first_then_exclusive_alone_and_results_in_caller_order(tmp_path):
    project = _project(
        tmp_path,
        {
            "short": "",
            "long": "",
            "timing": "# ---\n# lecture:\n#   exclusive: true\n# ---\n",
            "mid": "",
        },
    )
    (project.build).mkdir()
    (project.build / "durations.json").write_text(
        json.dumps({"d/short": 0.1, "d/long": 9.0, "d/mid": 2.0})
    )
    runner = SnippetRunner(project, jobs=2)
    recorder = runner.engine = _Recorder()
    names = ["short", "long", "timing", "mid", "new"]
    (project.snippets / "d" / "new.py").write_text("# %% a\n")
    requests = {
        name: (Request(load_snippet(project.snippets / "d" / f"{name}.py")), "") for name in names
    }
    threading_done = []
    thread = threading.Thread(target=lambda: threading_done.append(runner.run_all(requests)))
    thread.start()
    while len(recorder.order) < len(names) - 1:
        time.sleep(0.01)
    time.sleep(0.05)
    assert recorder.order == ["long", "mid", "short", "new"]  # the exclusive one waits
    recorder.finish_all()
    thread.join(10)
    results = threading_done[0]
    assert recorder.order == ["long", "mid", "short", "new", "timing"]
    assert recorder.unfinished_at_submit[-1] == 0  # the exclusive one ran with nothing else
    assert list(results) == names
    assert runner.ran == ["d/long", "d/mid", "d/short", "d/new", "d/timing"]
    durations = json.loads((project.build / "durations.json").read_text())
    assert durations == {"d/long": 1.0, "d/mid": 2.0, "d/short": 3.0, "d/new": 4.0, "d/timing": 5.0}


def test_workers_share_the_cores_and_an_exclusive_snippet_gets_them_all(tmp_path):
    project = _project(
        tmp_path, {"plain": "", "timing": "# ---\n# lecture:\n#   exclusive: true\n# ---\n"}
    )
    engine = Engine(project, jobs=default_jobs())
    plain = engine._make_job(Request(load_snippet(project.snippets / "d" / "plain.py")), "cpu")
    timing = engine._make_job(Request(load_snippet(project.snippets / "d" / "timing.py")), "cpu")
    assert plain.threads == 1
    assert timing.threads == default_jobs()


def test_asking_for_a_result_already_on_its_way_shares_the_run(tmp_path):
    # `serve` starts a saved snippet before planning its deck; the build then asks again.
    project = _project(tmp_path, {"saved": ""})
    runner = SnippetRunner(project, jobs=2)
    recorder = runner.engine = _Recorder()
    request = Request(load_snippet(project.snippets / "d" / "saved.py"))
    first, again = runner.submit(request), runner.submit(request)
    assert again is first and recorder.order == ["saved"]
    recorder.finish_all()
    assert first.result().status == "passed"
    # Once it is done the result comes from the cache, and a changed snippet runs anew.
    assert runner.submit(request).result() == first.result() and recorder.order == ["saved"]
    (project.snippets / "d" / "saved.py").write_text("# %% a\nprint('changed')\n")
    runner.submit(Request(load_snippet(project.snippets / "d" / "saved.py")))
    assert recorder.order == ["saved", "saved"]
