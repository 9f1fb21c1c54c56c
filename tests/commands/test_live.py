"""Live code under `serve`: a slide's cell rerun, edited, streamed and stopped from the page —
on serve's warm engine, only for the served page, never changing built files or snippets."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lecture_tool.commands.serve import DeckServer
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

SNIPPET = """\
# %% params
TICKS = 3

# %% setup
import time
from pathlib import Path
base = 40

# %% answer
print("answer", base + 2)

# %% plot
import matplotlib.pyplot as plt
plt.plot([1, 2, 3])

# %% slow
for i in range(TICKS):
    print("tick", i, flush=True)
    time.sleep(0.05)
"""

DECK = """\
---
marp: true
---

# Code

```python {file="demo/calc.py" cell="answer"}
```

```output {file="demo/calc.py" cell="answer"}
```

---

# Slow

```python {file="demo/calc.py" cell="slow"}
```

```output {file="demo/calc.py" cell="slow"}
```
"""


def _project(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "talk.md").write_text(DECK)
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / "snippets" / "demo" / "calc.py").write_text(SNIPPET)
    (tmp_path / "snippets" / "demo" / "other.py").write_text("# %% x\nprint('not shown')\n")
    return load_project(tmp_path)


def _serve(project, *, live: bool = True) -> DeckServer:
    def build_decks(decks, runner):
        options = BuildOptions(decks=decks, keep_going=True, device="cpu", smoke=True)
        build(options, project, runner=runner)

    server = DeckServer(
        project,
        (project.slides / "talk.md",),
        build_decks,
        port=0,
        device="cpu",
        smoke=True,
        live=live,
    )
    server.start()
    return server


@pytest.fixture
def served(tmp_path):
    project = _project(tmp_path)
    server = _serve(project)
    yield project, server
    server.close()


def _post(server, path, body, headers=None, host=None):
    host = host or f"127.0.0.1:{server.port}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Host": host,
            "Origin": f"http://{host}",
            "X-LT-Token": server.token,
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


MARKER_CELL = "Path('marker.txt').resolve().write_text('ran'); print(Path('marker.txt').resolve())"


@pytest.mark.parametrize(
    "change",
    [
        {"X-LT-Token": ""},
        {"X-LT-Token": "guessed"},
        {"Origin": "http://evil.example"},
        {"Origin": None},
        "host",
    ],
    ids=["no-token", "wrong-token", "foreign-origin", "no-origin", "foreign-host"],
)
def test_a_run_not_from_the_served_page_is_refused_and_runs_nothing(served, change):
    project, server = served
    body = {"deck": "talk", "key": "demo/calc.py#answer", "code": MARKER_CELL}
    if change == "host":
        status, _ = _post(server, "/_live/run", body, host="evil.example")
    else:
        headers = {k: v for k, v in change.items() if v is not None}
        request_headers = dict(headers)
        if change.get("Origin", "") is None:
            request_headers["Origin"] = ""
        status, _ = _post(server, "/_live/run", body, headers=request_headers)
    assert status == 403
    time.sleep(1.0)
    assert not list(project.build.rglob("marker.txt"))


def test_get_never_runs_and_static_html_has_no_controls(served):
    project, server = served
    url = f"http://127.0.0.1:{server.port}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{url}/_live/run", timeout=10)
    assert refused.value.code == 403
    built = (project.build / "html" / "talk.html").read_text()
    assert "LT_LIVE" not in built and "data-lt-run" not in built
    assert 'data-lt-cell="demo/calc.py#answer"' in built  # the handle, not a control
    with urllib.request.urlopen(f"{url}/talk.html", timeout=10) as response:
        page = response.read().decode()
    assert server.token in page and "/_live/live.js" in page
    assert server.token not in f"{url}/talk.html"


def test_only_cells_the_deck_shows_inside_the_project_can_run(served):
    project, server = served
    for key in ("demo/other.py#x", "../pyproject.toml#x", "/etc/passwd#x", "demo/calc.py#nope"):
        status, answer = _post(server, "/_live/run", {"deck": "talk", "key": key})
        assert status == 400, (key, answer)
    assert _post(server, "/_live/run", {"deck": "nope", "key": "demo/calc.py#answer"})[0] == 400


def test_no_live_serves_no_controls_and_refuses_runs(tmp_path):
    project = _project(tmp_path)
    server = _serve(project, live=False)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/talk.html") as response:
            assert "LT_LIVE" not in response.read().decode()
        body = {"deck": "talk", "key": "demo/calc.py#answer"}
        assert _post(server, "/_live/run", body)[0] == 403
    finally:
        server.close()


def test_edited_cell_runs_with_its_snippets_earlier_cells_and_saves_only_when_asked(served):
    project, server = served
    events = _listen(server)
    snippet = project.snippets / "demo" / "calc.py"
    before = snippet.read_bytes()
    built = (project.build / "html" / "talk.html").read_bytes()
    code = 'print("answer", base * 2)'
    status, answer = _post(
        server, "/_live/run", {"deck": "talk", "key": "demo/calc.py#answer", "code": code}
    )
    assert status == 200
    done = events.wait_for(lambda e: e.get("id") == answer["id"] and e["state"] == "done")
    assert done["status"] == "passed" and done["edited"]
    (section,) = done["sections"].values()
    assert "answer 80" in section and "base" in section and "*" in section
    assert (
        snippet.read_bytes() == before
        and (project.build / "html" / "talk.html").read_bytes() == built
    )
    status, _ = _post(server, "/_live/save", {"deck": "talk", "key": "demo/calc.py#answer"})
    assert status == 200
    assert 'print("answer", base * 2)\n' in snippet.read_text()
    assert snippet.read_text().replace("base * 2", "base + 2").encode() == before


def test_a_long_cell_streams_its_prints_and_stops_within_a_second(served):
    project, server = served
    events = _listen(server)
    code = 'for i in range(600):\n    print("tick", i, flush=True)\n    time.sleep(0.05)\n'
    body = {"deck": "talk", "key": "demo/calc.py#slow", "code": code}
    status, answer = _post(server, "/_live/run", body)
    assert status == 200
    streamed = events.wait_for(lambda e: e["state"] == "running" and "tick 3" in e.get("text", ""))
    assert streamed["key"] == "demo/calc.py#slow"
    asked = time.monotonic()
    assert _post(server, "/_live/stop", {"deck": "talk", "id": answer["id"]})[1] == {
        "stopped": True
    }
    ended = events.wait_for(lambda e: e.get("id") == answer["id"] and e["state"] == "ended")
    assert time.monotonic() - asked < 1.0
    assert ended["status"] == "stopped"
    assert not _processes_running(project.snippets / "demo" / "calc.py")
    done = events.wait_for(lambda e: e.get("id") == answer["id"] and e["state"] == "done")
    assert done["status"] == "stopped"
    assert "lt-error" in next(iter(done["sections"].values()))


def _processes_running(path: Path) -> list[int]:
    """Processes whose working directory is a live run's workspace of `path`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if "/workspace/live/" in cwd and path.stem in cwd:
            found.append(int(pid))
    return found


class _Events:
    """The server's `live` events, as a tab hears them on /_events."""

    def __init__(self, server):
        self.seen: list[dict] = []
        self.changed = threading.Condition()
        response = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/_events", timeout=60)
        threading.Thread(target=self._read, args=(response,), daemon=True).start()

    def _read(self, response):
        name = None
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name == "live":
                with self.changed:
                    self.seen.append(json.loads(line[6:]))
                    self.changed.notify_all()

    def wait_for(self, match, timeout=60.0):
        with self.changed:
            ok = self.changed.wait_for(lambda: any(match(e) for e in self.seen), timeout)
            assert ok, self.seen
            return next(e for e in self.seen if match(e))


def _listen(server) -> _Events:
    events = _Events(server)
    time.sleep(0.2)  # subscribed before the request that causes the events
    return events


# -- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
def test_in_the_browser_run_edit_reset_and_the_presenter_window_follows(served, page):
    project, server = served
    snippet_before = (project.snippets / "demo" / "calc.py").read_bytes()

    page.goto(f"http://127.0.0.1:{server.port}/talk.html#1")
    run = page.locator('[data-lt-live-for="demo/calc.py#answer"] [data-lt-run]').first
    run.click()
    page.wait_for_function(
        "() => /^ran at /.test(document.querySelector('[data-lt-ran]')?.getAttribute('data-lt-ran') || '')"
    )
    first = page.locator("[data-lt-ran]").first.get_attribute("data-lt-ran")

    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_function("() => !!document.querySelector('.lt-pv')")

    page.keyboard.press("e")
    editor = page.locator("[data-lt-editor]")
    editor.wait_for()
    editor.fill('print("answer", base - 40)')
    editor.press("Control+Enter")
    output = page.locator('pre[data-lt-out="demo/calc.py#answer"]').first
    page.wait_for_function(
        "() => /answer 0/.test(document.querySelector('pre[data-lt-out]').textContent)"
    )
    assert "answer 0" in output.inner_text()
    presenter.wait_for_function(
        "() => /answer 0/.test(document.querySelector('section[data-slide=\"1\"] pre[data-lt-out]').textContent)"
    )
    assert page.locator(".lt-live-banner").count() == 1
    assert page.locator("[data-lt-ran]").first.get_attribute("data-lt-ran") != first

    page.locator(".lt-live-banner [data-lt-reset]").click()
    page.wait_for_function(
        "() => /answer 42/.test(document.querySelector('pre[data-lt-out]').textContent)"
    )
    assert page.locator(".lt-live-banner").count() == 0
    assert (project.snippets / "demo" / "calc.py").read_bytes() == snippet_before
    assert re.search(r"base \+ 2", page.locator("pre[data-lt-cell]").first.inner_text())
