"""`serve` in front of a class (issue 27): whose requests it answers, overlong paths, a dead
worker pool, closing the terminal, decks made while serving, what reloads a tab and what
must not, a deck that cannot build, the first build's page, many requests at once."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lecture_tool.commands.serve import DeckServer
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

DECK = '---\nmarp: true\n---\n\n# One\n\n---\n\n# Two\n\n```output {file="t/a.py" cell="a"}\n```\n'
REPO = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path, snippet: str = "# %% a\nprint('first output')\n"):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "talk.md").write_text(DECK)
    (tmp_path / "snippets" / "t").mkdir(parents=True)
    (tmp_path / "snippets" / "t" / "a.py").write_text(snippet)
    return load_project(tmp_path)


def _builder(project, built: list):
    def build_decks(decks, runner):
        built.append(tuple(deck.name for deck in decks))
        options = BuildOptions(decks=decks, keep_going=True, device="cpu", smoke=True)
        return build(options, project, runner=runner)

    return build_decks


@pytest.fixture
def served(tmp_path):
    project = _project(tmp_path)
    built: list = []
    server = DeckServer(project, (), _builder(project, built), port=0, jobs=1)
    server.built = built
    server.start()
    yield server
    server.close()


def _request(server, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    headers = {"Host": host} if host is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def _until(condition, seconds: float = 30.0, what: str = "") -> float:
    """Wait for `condition()`; how long it took (reported, never asserted on)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.02)
    return time.monotonic() - start


def test_only_loopback_host_names_at_our_port_are_served(served):
    port = served.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        status, body = _request(served, "/talk.html", host)
        assert status == 200 and "<h1" in body, host
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1",
                 f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}", ""):  # fmt: skip
        for path in ("/talk.html", "/", "/_events", "/_status?deck=talk"):
            status, body = _request(served, path, host)
            assert status == 421, (host, path)
            assert "Two" not in body and "talk" not in body


def test_an_overlong_path_segment_is_a_clean_414(served, caplog):
    for path in ("/" + "a" * 256 + ".html", "/x/" + "%C3%A9" * 200, "/" + "b" * 5000):
        status, body = _request(served, path)
        assert status == 414, path
        assert "Traceback" not in body
    assert served.resolve("/" + "é" * 200) is None
    assert "Traceback" not in caplog.text and "too long" not in caplog.text
    assert _request(served, "/talk.html")[0] == 200  # still serving


def test_a_killed_pool_is_replaced_and_the_next_save_shows_its_output(served):
    engine = served.runner.engine
    page = served.root / "talk.html"
    assert "first output" in page.read_text()
    pool = engine._process
    os.kill(pool.pid, signal.SIGKILL)  # as the out-of-memory killer would
    _until(lambda: engine._process is not pool, what="the engine notices its pool died")
    snippet = served.project.snippets / "t" / "a.py"
    snippet.write_text("# %% a\nprint('second output')\n")
    took = _until(lambda: "second output" in page.read_text(), 120, "the new output")
    print(f"new output after the pool was killed: {took:.2f} s")
    assert engine._process is not None and engine._process is not pool


def test_a_deck_made_with_new_while_serving_is_listed_and_served(served):
    from lecture_tool.commands.scaffold import create_deck

    create_deck("added", served.project)
    took = _until(
        lambda: (
            _request(served, "/added.html")[0] == 200
            and 'href="/added.html"' in _request(served, "/")[1]
        ),
        what="the new deck served",
    )
    print(f"new deck listed and served after {took:.2f} s")
    # And its edits rebuild it.
    deck = served.project.slides / "added.md"
    deck.write_text(deck.read_text() + "\n---\n\n# Edited later\n")
    _until(lambda: "Edited later" in _request(served, "/added.html")[1], what="the edit")


def _listen(server) -> queue.Queue:
    return server._subscribe()


def test_unchanged_saves_and_editor_litter_never_reload(served):
    events = _listen(served)
    slides = served.project.slides
    deck = slides / "talk.md"
    deck.write_text(deck.read_text())  # saved, not changed
    (served.project.snippets / "t" / "a.py").write_bytes(
        (served.project.snippets / "t" / "a.py").read_bytes()
    )
    for name in (".talk.md.swp", ".talk.md.swx", "talk.md~", ".#talk.md", "4913", "talk.md.tmp",
                 "#talk.md#"):  # fmt: skip
        (slides / name).write_text("litter")
        (served.project.snippets / "t" / name).write_text("litter")
    (slides / "4913").unlink()
    time.sleep(1.5)  # the watcher had its chance
    assert events.empty()
    assert served.decks == (deck.resolve(),)
    built = len(served.built)
    deck.write_text(deck.read_text().replace("# One", "# Uno"))  # a real change still does
    event = events.get(timeout=30)  # the changed slide, swapped in (or a reload)
    assert event.kind in ("swap", "reload") and "talk.html" in event.data
    assert len(served.built) == built + 1


@pytest.mark.browser
def test_a_deck_that_cannot_build_shows_why_and_recovers_by_itself(served, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    deck = served.project.slides / "talk.md"
    good = deck.read_bytes()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(served.url + "talk.html#2")
        page.wait_for_selector("#lt-deck")
        deck.write_bytes(good.replace(b"# Two", b"# Tw\xff\xfe"))  # not UTF-8
        page.wait_for_selector("pre.lt-wait-error", timeout=30000)
        assert "talk.md" in page.inner_text("pre.lt-wait-error")
        assert "UTF-8" in page.inner_text("pre.lt-wait-error")
        # Broken front matter is not one of them: Marp ignores it (a warning), and so does
        # the build, so the deck stays on screen.
        deck.write_bytes(good)  # fixed: the tab turns into the deck, on the same slide
        page.wait_for_selector("#lt-deck > section[data-lt-active]", timeout=30000)
        assert page.evaluate("location.hash") == "#2"
        browser.close()


@pytest.mark.browser
def test_the_first_build_shows_progress_then_the_deck(tmp_path, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    project = _project(tmp_path)
    release = threading.Event()
    real = _builder(project, [])

    def slow_build(decks, runner):
        release.wait(60)
        return real(decks, runner)

    server = DeckServer(project, (), slow_build, port=0, jobs=1)
    starting = threading.Thread(target=server.start, daemon=True)
    starting.start()
    try:
        _until(lambda: server._serving, what="listening")
        status, body = _request(server, "/talk.html")
        assert status == 503 and 'data-lt-wait="building"' in body
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(server.url + "talk.html")
            page.wait_for_function(
                "document.getElementById('lt-wait-text').textContent.includes(' s')"
            )
            assert re.search(r"Building talk: \d+ of \d+ snippet", page.inner_text("body"))
            release.set()
            page.wait_for_selector("#lt-deck > section[data-lt-active]", timeout=60000)
            browser.close()
    finally:
        release.set()
        starting.join(60)
        server.close()


def test_many_requests_at_once_are_all_answered(served):
    def fetch(_):
        start = time.monotonic()
        status, _ = _request(served, "/talk.html")
        return status, time.monotonic() - start

    with ThreadPoolExecutor(100) as pool:
        answers = list(pool.map(fetch, range(100)))
    assert [status for status, _ in answers] == [200] * 100
    print(f"100 concurrent requests: slowest {max(t for _, t in answers):.3f} s")
    assert served.http.request_queue_size >= 100


def _serve_cli(tmp_path: Path, snippet: str):
    _project(tmp_path, snippet)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "lecture_tool", "serve", "--port", "0", "--device", "cpu"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own terminal session, as a shell would give it
    )
    return process


# The snippet starts a child in a session of its own (out of reach of a group kill), writes
# its pid, then keeps running: a snippet still running when serve is told to stop.
_LINGERING = """# %% a
import subprocess, pathlib, time
child = subprocess.Popen(["sleep", "600"], start_new_session=True)
pathlib.Path("{pids}").write_text(str(child.pid))
time.sleep(600)
"""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_closing_the_terminal_or_sigterm_stops_running_snippets_at_once(tmp_path, signum):
    from lecture_tool.reaper import is_alive

    pids = tmp_path / "child.pid"
    process = _serve_cli(tmp_path, _LINGERING.format(pids=pids))
    try:
        _until(pids.exists, 120, "the snippet started its child")
        child = int(pids.read_text())
        assert is_alive(child)
        start = time.monotonic()
        process.send_signal(signum)
        code = process.wait(30)
        print(f"{signal.Signals(signum).name}: serve exited in {time.monotonic() - start:.2f} s")
        assert code == 143
        _until(lambda: not is_alive(child), 10, "the snippet's detached child is gone")
        leftovers = subprocess.run(
            ["pgrep", "-f", f"lecture_tool.running.pool.*{process.pid}$"],
            capture_output=True,
            text=True,
        ).stdout
        assert leftovers == ""
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_the_error_box_suggests_a_run_command_that_works_from_the_project_root(tmp_path):
    project = _project(tmp_path, "# %% a\nraise ValueError('boom')\n")
    report = build(BuildOptions(keep_going=True, device="cpu", smoke=True), project)
    hint = re.search(r"run `(lecture-tool run [^`]+)`", str(report.problems[0])).group(1)
    assert hint == "lecture-tool run snippets/t/a.py"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    argv = [sys.executable, "-m", "lecture_tool", *hint.split()[1:], "--device", "cpu"]
    ran = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ran.returncode == 1, ran.stderr  # the snippet fails (1), not a usage error (2)
    assert "boom" in ran.stdout + ran.stderr


@pytest.mark.browser
def test_after_a_live_reload_of_both_windows_sync_and_the_timer_go_on(served, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    deck = served.project.slides / "talk.md"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(served.url + "talk.html#1")
        page.wait_for_selector("#lt-deck > section[data-lt-active]")
        with page.expect_popup() as popup:
            page.keyboard.press("p")
        presenter = popup.value
        presenter.wait_for_selector(".lt-pv-timer")
        presenter.evaluate(
            "sessionStorage.setItem('lt-timer', "
            "JSON.stringify({start: Date.now() - 125000, pausedAt: null}))"
        )
        loads = []
        page.on("load", lambda: loads.append("audience"))
        presenter.on("load", lambda: loads.append("presenter"))
        deck.write_text(deck.read_text().replace("# One", "# Uno"))  # both tabs reload
        for _ in range(300):  # Playwright hands over events while it runs
            if sorted(loads) == ["audience", "presenter"]:
                break
            page.wait_for_timeout(100)
        assert sorted(loads) == ["audience", "presenter"]
        page.wait_for_function("window.ltViewer && window.ltViewer.hasPeer()", timeout=10000)
        assert re.fullmatch(r"2:0\d", presenter.inner_text(".lt-pv-timer"))
        page.keyboard.press("ArrowRight")  # audience → presenter, after both reloaded
        presenter.wait_for_function(
            "document.querySelector('.lt-pv-count').textContent.startsWith('2 / 2')"
        )
        presenter.keyboard.press("ArrowLeft")  # presenter → audience
        page.wait_for_function("location.hash === '#1'")
        browser.close()
