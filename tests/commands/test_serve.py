"""`lecture-tool serve`: only the build's files, rebuilds of what a change touches, and a real
tab that reloads on the same slide (Playwright + Chromium)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lecture_tool.commands.serve import DeckServer
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

DECK = (
    "---\nmarp: true\n---\n\n# One\n\n---\n\n# Two\n\n---\n\n# Three\n\nold text\n\n"
    "* first step\n* second step\n\n---\n\n# Four\n"
)


def _project(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides" / "images").mkdir(parents=True)
    (tmp_path / "slides" / "talk.md").write_text(DECK)
    (tmp_path / "slides" / "other.md").write_text(
        '# Other\n\n```output {file="other/a.py" cell="a"}\n```\n'
    )
    (tmp_path / "snippets" / "other").mkdir(parents=True)
    (tmp_path / "snippets" / "other" / "a.py").write_text("# %% a\nprint(1)\n")
    (tmp_path / "secret.txt").write_text("do not serve")
    return load_project(tmp_path)


@pytest.fixture
def server(tmp_path):
    project = _project(tmp_path)
    built: list[tuple[str, ...]] = []

    def build_decks(decks, runner):
        built.append(tuple(deck.name for deck in decks))
        options = BuildOptions(decks=decks, keep_going=True, device="cpu", smoke=True)
        build(options, project, runner=runner)

    server = DeckServer(project, (project.slides / "talk.md",), build_decks, port=0)
    server.built = built
    yield server
    server.close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serves_the_deck_list_and_built_decks_but_nothing_outside_the_build(server):
    server.start()
    assert server.url.startswith("http://127.0.0.1:")
    assert server.built == [("talk.md",)]
    status, index = _get(server.url)
    assert status == 200 and '<a href="/talk.html">talk</a>' in index
    status, html = _get(server.url + "talk.html")
    assert status == 200 and re.search(r"<h1\b[^>]*>Three</h1>", html)
    for path in (
        "../secret.txt",
        "..%2Fsecret.txt",
        "%2e%2e/secret.txt",
        "/etc/passwd",
        "//etc/passwd",
        "nope.html",
    ):
        assert _get(server.url + path)[0] == 404, path
    assert server.resolve("/../../secret.txt") is None
    assert server.resolve("/talk.html") == server.root / "talk.html"


def test_a_change_rebuilds_only_the_decks_it_touches(tmp_path):
    project = _project(tmp_path)
    both = (project.slides / "talk.md", project.slides / "other.md")
    server = DeckServer(project, both, lambda decks, runner: None, port=0)
    try:
        slides, snippets = project.slides, project.snippets
        assert server.decks_for([slides / "talk.md"]) == [slides / "talk.md"]
        assert server.decks_for([snippets / "other" / "a.py"]) == [slides / "other.md"]
        assert server.decks_for([snippets / "other" / "helper.py"]) == [slides / "other.md"]
        assert server.decks_for([snippets / "_frozen" / "other" / "a.json"]) == []
        assert server.decks_for([slides / "images" / "x.png"]) == [
            slides / "talk.md",
            slides / "other.md",
        ]
        # Which snippets a deck reads is remembered, and planned again once the deck changes.
        (slides / "talk.md").write_text(DECK + '\n```python {file="other/a.py" cell="a"}\n```\n')
        assert server.decks_for([snippets / "other" / "a.py"]) == [
            slides / "talk.md",
            slides / "other.md",
        ]
    finally:
        server.close()


def test_port_in_use_is_a_clear_error(server):
    from lecture_tool.errors import ServeError

    port = server.http.server_address[1]
    with pytest.raises(ServeError) as error:
        DeckServer(server.project, (), lambda decks, runner: None, port=port)
    assert str(error.value).startswith(f"cannot listen on 127.0.0.1:{port} (")
    assert str(error.value).endswith(
        "— another server may be using it; pass --port with a free port"
    )


def _open_tab(pw, chromium, url: str):
    browser = pw.chromium.launch(
        executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
    )
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-lt-active]')")
    return browser, page


ACTIVE = "document.querySelector('#lt-deck > section[data-lt-active]')"
SHOWN_STEPS = (
    f"{ACTIVE}.querySelectorAll('[data-marpit-fragment]:not([data-lt-fragment=inactive])')"
)


@pytest.mark.browser
def test_a_text_edit_is_swapped_in_on_the_same_slide_and_step_without_navigating(server, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    server.start()
    with sync_api.sync_playwright() as pw:
        browser, page = _open_tab(pw, chromium, server.url + "talk.html#3.1")
        assert "old text" in page.evaluate(f"{ACTIVE}.textContent")
        assert page.evaluate(f"{SHOWN_STEPS}.length") == 1
        navigations = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        page.on("load", lambda: navigations.append("load"))
        page.evaluate("window.untouched = 'still the same document'")
        other = page.evaluate(
            "document.querySelector('#lt-deck > section[data-slide=\"2\"]').outerHTML"
        )
        deck = server.project.slides / "talk.md"
        deck.write_text(DECK.replace("old text", "new text"))
        page.wait_for_function(f"{ACTIVE}.textContent.includes('new text')", timeout=20000)
        assert navigations == []
        assert page.evaluate("window.untouched") == "still the same document"
        assert page.evaluate("location.hash") == "#3.1"
        assert page.evaluate(f"+{ACTIVE}.dataset.slide") == 3
        assert page.evaluate(f"{SHOWN_STEPS}.length") == 1  # still at step 1 of 2
        assert "old text" not in page.evaluate(f"{ACTIVE}.textContent")
        # The slides that did not change are the very same elements.
        assert (
            page.evaluate(
                "document.querySelector('#lt-deck > section[data-slide=\"2\"]').outerHTML"
            )
            == other
        )
        assert page.evaluate("document.querySelectorAll('#lt-deck > section').length") == 4
        browser.close()
    assert server.built[-1] == ("talk.md",)


@pytest.mark.browser
def test_a_new_slide_reloads_the_tab_on_the_same_slide(server, chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    server.start()
    with sync_api.sync_playwright() as pw:
        browser, page = _open_tab(pw, chromium, server.url + "talk.html#3")
        deck = server.project.slides / "talk.md"
        # The sections exist once the new page is parsed, before its load event: wait for
        # the reload itself (a swap cannot add a slide), not only for the fifth section.
        with page.expect_event("load", timeout=20000):
            deck.write_text(DECK + "\n---\n\n# Five\n")
        page.wait_for_function(
            "document.querySelectorAll('#lt-deck > section').length === 5", timeout=20000
        )
        assert page.evaluate("location.hash") == "#3"
        assert page.evaluate(f"+{ACTIVE}.dataset.slide") == 3
        browser.close()


def test_cli_prints_its_url_and_ctrl_c_exits_0(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    _project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = subprocess.Popen(
        [sys.executable, "-m", "lecture_tool", "serve", "slides/talk.md", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        # A test runner may ignore SIGINT in children; a terminal's Ctrl-C is not ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines = []
    for line in server.stdout:
        lines.append(line)
        if line.startswith("serving "):
            break
    assert re.fullmatch(
        r"serving http://127\.0\.0\.1:\d+/talk\.html \(Ctrl-C to stop\)\n", lines[-1]
    )
    # The address comes first (a tab opened now shows the build's progress), then the build.
    assert lines == [lines[-1]]
    assert server.stdout.readline() == f"wrote {tmp_path / 'build' / 'html' / 'talk.html'}\n"
    server.send_signal(signal.SIGINT)
    assert server.wait(30) == 0


def test_a_saved_snippet_starts_running_before_its_deck_is_planned(tmp_path):
    from concurrent.futures import Future

    from lecture_tool.running.execute import Decision

    project = _project(tmp_path)
    (project.snippets / "other" / "unused.py").write_text("# %% a\nprint(2)\n")
    both = (project.slides / "talk.md", project.slides / "other.md")
    server = DeckServer(project, both, lambda d, r: None, port=0, device="cpu", smoke=True)
    started = []

    class Engine:  # records instead of running
        def decide(self, request):
            return Decision("cpu")

        def submit(self, request, decision):
            started.append((request.snippet.path, request.device, request.smoke))
            return Future()

        def close(self, terminate=False):
            pass

    server.runner.engine = Engine()
    try:
        snippets = project.snippets / "other"
        server.start_snippets([snippets / "a.py", snippets / "unused.py", both[0]])
        assert started == [((snippets / "a.py").resolve(), "cpu", True)]
    finally:
        server.close()
