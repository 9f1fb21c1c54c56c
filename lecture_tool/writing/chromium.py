"""One headless Chromium driven over the DevTools protocol on a pipe: pages that load a deck,
run its viewer script, answer a question about the laid-out slides and print it.

A PDF build used to start Chromium twice per deck (`--dump-dom` for the overflow report, then
`--print-to-pdf`), each with a fresh profile and a 10 s virtual-time budget. Here a build starts
one browser (`--remote-debugging-pipe`: no port, nothing another user can reach), opens a page
per deck, loads the deck once, waits for its fonts and the viewer's fitting, measures and
prints from that same page. Pages are independent, so several decks load in parallel.

Messages are the protocol's JSON, each ended by a NUL byte, on fds 3 (to Chromium) and 4 (from
it). One reader thread hands each reply to the caller waiting for its id, and each event to
the page (session) it belongs to.
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import os
import shutil
import subprocess
import threading
from collections import defaultdict
from concurrent.futures import Future
from pathlib import Path

from lecture_tool.errors import PdfError
from lecture_tool.writing.chromium_launch import launch

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 120
"""A deck's page: loaded, fonts in, fitted (the old `--virtual-time-budget` was 10 s of
virtual time; real time on a loaded machine needs more room)."""
PRINT_TIMEOUT_S = 180
START_TIMEOUT_S = 60


class ProtocolError(Exception):
    """Chromium answered a command with an error, or went away before answering."""


# Resolves once the page has loaded, its web fonts are in and the viewer's own
# `document.fonts.ready` refit (registered earlier, so run first) is done.
_SETTLED = """new Promise(function (resolve) {
  // Fonts loaded, and the viewer's refits after them done: a refit can start another load
  // (a font only a just-measured slide uses), so wait until a turn ends with none under way.
  var turns = 0;
  function fonts() {
    var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    ready.then(function () {
      setTimeout(function () {
        var loading = document.fonts && document.fonts.status !== "loaded";
        if (loading && ++turns < 20) fonts(); else resolve();
      }, 0);
    });
  }
  if (document.readyState === "complete") fonts(); else addEventListener("load", fonts);
})"""


class Browser:
    """A headless Chromium for one build (or one `print_pdf`); close it (or use `with`)."""

    def __init__(self, executable: Path, flags: tuple[str, ...], *, wait: bool = True):
        """Start Chromium; with `wait=False` return at once (call `wait_ready` later).

        Start it from a thread that outlives it (the main thread): the launcher dies with the
        *thread* that started it (Linux's parent-death signal), and takes Chromium along."""
        self._executable = executable
        self._ids = itertools.count(1)
        self._waiting: dict[int, Future] = {}
        self._events: dict[str, list[tuple[str, Future]]] = defaultdict(list)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        self._ended = False
        self._stderr: list[str] = []
        self._stderr_done = threading.Event()
        self._spare: Page | None = None
        self._opened: list[str] = []
        """The tabs Chromium opened at start (`about:blank`), not yet taken by `make_spare`."""
        launched = launch(executable, flags)
        self._process, self._profile = launched.process, launched.profile
        self._to_chrome, self._from_chrome = launched.to_chrome, launched.from_chrome
        threading.Thread(target=self._read, daemon=True, name="chromium-reader").start()
        threading.Thread(target=self._drain_stderr, daemon=True, name="chromium-stderr").start()
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        """Wait until Chromium answers (a PdfError with its messages when it cannot start)."""
        try:
            # The first answer also names the tab Chromium opened, for `make_spare` (a round
            # trip less before the first deck loads).
            targets = self.call("Target.getTargets", timeout=START_TIMEOUT_S)["targetInfos"]
        except ProtocolError:
            self.close()
            raise PdfError(
                f"Chromium failed to start {self._gone()}",
                Path(self._executable),
                hint="see Chromium's messages above; set CHROME_PATH to a working Chrome/Chromium",
            ) from None
        except BaseException:
            self.close()
            raise
        self._opened = [t["targetId"] for t in targets if t["type"] == "page" and not t["attached"]]

    # -- the protocol ---------------------------------------------------------------------

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float = LOAD_TIMEOUT_S,
    ) -> dict:
        """Send one command and wait for its result."""
        return self.send(method, params, session).result(timeout=timeout)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> Future:
        """Send one command; its result comes in the Future (commands to one session are
        carried out in the order sent, so a caller may send several before waiting)."""
        message_id = next(self._ids)
        reply: Future = Future()
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        with self._lock:
            if self._closed:
                raise ProtocolError(f"Chromium stopped {self._gone()}")
            self._waiting[message_id] = reply
        data = memoryview(json.dumps(message).encode("utf-8") + b"\0")
        try:
            # One message at a time, whole: pages on other threads write too, and a pipe
            # interleaves writers above PIPE_BUF bytes.
            with self._write_lock:
                while data:
                    data = data[os.write(self._to_chrome, data) :]
        except OSError as exc:
            raise ProtocolError(f"Chromium stopped {self._gone()}") from exc
        return reply

    def expect(self, session: str, method: str) -> Future:
        """A future for the next event `method` on `session` (ask before causing it)."""
        future: Future = Future()
        with self._lock:
            self._events[session].append((method, future))
        return future

    def _read(self) -> None:
        # A printed PDF arrives as one message of megabytes: the buffer grows in place and only
        # each new chunk is searched for the end of a message (re-splitting the whole buffer
        # after every 64 KiB read copied it over and over).
        buffer = bytearray()
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            searched = len(buffer)
            buffer += chunk
            start = 0
            while (end := buffer.find(b"\0", searched)) != -1:
                self._dispatch(json.loads(buffer[start:end]))
                start = searched = end + 1
            del buffer[:start]
        os.close(self._from_chrome)
        with self._lock:
            self._closed = True
            waiting = list(self._waiting.values())
            waiting += [future for events in self._events.values() for _, future in events]
            self._waiting.clear()
            self._events.clear()
        why = self._gone() if waiting else ""
        for future in waiting:
            if not future.done():
                future.set_exception(ProtocolError(f"Chromium stopped {why}"))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            with self._lock:
                future = self._waiting.pop(message["id"], None)
            if future is None:
                return
            if "error" in message:
                future.set_exception(ProtocolError(message["error"].get("message", "error")))
            else:
                future.set_result(message.get("result", {}))
            return
        session, method = message.get("sessionId"), message.get("method")
        with self._lock:
            waiting = self._events.get(session, [])
            matched = [entry for entry in waiting if entry[0] == method]
            for entry in matched:
                waiting.remove(entry)
        for _, future in matched:
            future.set_result(message.get("params", {}))

    def _drain_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line.decode("utf-8", "replace").rstrip())
            del self._stderr[:-30]
        self._stderr_done.set()

    def _gone(self) -> str:
        """Why Chromium stopped answering: its exit status and the last of its messages."""
        try:
            code = self._process.wait(timeout=10)  # the pipe closes a moment before it exits
        except subprocess.TimeoutExpired:
            code = None
        self._stderr_done.wait(timeout=2)
        tail = "\n".join(self._stderr[-15:])
        return f"(exit {code})" + (f":\n{tail}" if tail else "")

    # -- pages ----------------------------------------------------------------------------

    def page(self, width: int, height: int) -> Page:
        """A new tab with a `width`×`height` viewport (the deck's slide size): the spare one
        (`make_spare`) when it has that size."""
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            if spare.size == (width, height):
                return spare
            spare.close()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        return self._attach(target, width, height)

    def make_spare(self, width: int, height: int) -> None:
        """Have a tab ready for the next `page(width, height)`, made while the build still
        renders HTML: the one Chromium opened at start (a tab it would otherwise keep idle)."""
        if not self._opened:
            return
        spare = self._attach(self._opened.pop(0), width, height)
        with self._lock:
            if self._spare is None:
                self._spare = spare
                return
        spare.close()

    def _attach(self, target: str, width: int, height: int) -> Page:
        """Tab `target` driven over its own session, with a `width`×`height` viewport."""
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, target, session["sessionId"], (width, height))
        # Sent together, answered in order: one wait instead of two (~35 ms before a deck
        # can load, on a browser that has just started).
        replies = [
            self.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                page.session,
            ),
            self.send("Page.enable", session=page.session),
        ]
        for reply in replies:
            reply.result(timeout=LOAD_TIMEOUT_S)
        return page

    def close(self, wait: bool = True) -> None:
        """End Chromium and remove its profile. Nothing of a browser is worth keeping at the
        end, so no polite shutdown (a few hundred ms): the launcher, told to stop, kills its
        whole tree at once and removes the profile. `wait=False` returns without waiting
        for that (a build whose PDFs are written: killing the tree takes ~0.1 s that no
        output needs); the launcher finishes the job even if this process has ended."""
        if self._ended:
            return
        self._ended = True
        if self._process.poll() is None:
            self._process.terminate()
            if not wait:
                os.close(self._to_chrome)
                # Reaped in the background, so a long-lived caller keeps no zombie.
                threading.Thread(target=self._process.wait, daemon=True).start()
                return
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        os.close(self._to_chrome)
        self._cleanup_files()

    def _cleanup_files(self) -> None:
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """One tab of a `Browser`."""

    def __init__(self, browser: Browser, target: str, session: str, size: tuple[int, int]):
        self.browser = browser
        self.target = target
        self.session = session
        self.size = size
        """The viewport, (width, height) in CSS px."""

    def call(self, method: str, params: dict | None = None, timeout: float = LOAD_TIMEOUT_S):
        return self.browser.call(method, params, session=self.session, timeout=timeout)

    def load(self, html_path: Path) -> None:
        """Open `html_path` and wait until it is laid out with its fonts and fitted."""
        loaded = self.browser.expect(self.session, "Page.loadEventFired")
        result = self.call("Page.navigate", {"url": Path(html_path).resolve().as_uri()})
        if result.get("errorText"):
            raise PdfError(f"Chromium cannot open the page: {result['errorText']}", html_path)
        loaded.result(timeout=LOAD_TIMEOUT_S)
        self.evaluate(_SETTLED)

    def evaluate(self, expression: str):
        """The JSON value of `expression` (awaited when it is a promise)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise ProtocolError(f"script failed: {text}")
        return result["result"].get("value")

    def print_pdf(self) -> bytes:
        """The loaded page printed, page size from its CSS `@page`, no header or footer."""
        result = self.call(
            "Page.printToPDF",
            {
                "preferCSSPageSize": True,
                "displayHeaderFooter": False,
                "printBackground": True,
                "generateTaggedPDF": True,  # accessible, as marp-cli's
                "generateDocumentOutline": True,  # bookmarks from the slides' headings
            },
            timeout=PRINT_TIMEOUT_S,
        )
        return base64.b64decode(result["data"])

    def close(self) -> None:
        try:
            self.browser.call("Target.closeTarget", {"targetId": self.target}, timeout=10)
        except Exception:  # noqa: BLE001 — a closing browser takes its tabs with it
            pass
