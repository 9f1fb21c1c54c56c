"""`serve`'s live update: after a rebuild, what each open tab of a deck is told — swap these
slides in place (`swap`, with their markup) or reload the page (`reload`).

The server remembers the page it last built for each deck; the next build's page is compared
with it (writing/slide_diff.py). Tabs apply a swap with the viewer's `window.ltSwapSlides`,
which keeps the slide, step, scroll and presenter window; they reload only when the deck's
structure changed (slide count, theme, size, viewer script).
"""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from lecture_tool.writing.slide_diff import diff_pages


@dataclass(frozen=True)
class PageEvent:
    """One server-sent event for the tabs of a page."""

    kind: str
    """`swap`, `reload`, or `live` (live code's runs, commands/live.py)."""
    data: str
    """For `reload`, the page name (`talk.html`, or `*`: every page); for `swap`, JSON:
    `{"page": NAME, "slides": [{"n": N, "html": "<section …>"}…], "styles": CSS or null}`;
    for `live`, the JSON event `live.LiveCode` publishes."""

    def encode(self) -> bytes:
        """As it goes down the event stream (JSON keeps the data on one line)."""
        return f"event: {self.kind}\ndata: {self.data}\n\n".encode()


class PageMemory:
    """The last built text of each served page, and the event that brings tabs to the next."""

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}
        self._lock = threading.Lock()

    def remember(self, page: Path) -> None:
        """Note `page` as the tabs have it now (after the first build)."""
        text = _read(page)
        if text is not None:
            with self._lock:
                self._pages[page.name] = text

    def event_for(self, page: Path) -> PageEvent | None:
        """The event for `page` just rebuilt; None when it did not change at all."""
        text = _read(page)
        with self._lock:
            old = self._pages.get(page.name)
            if text is not None:
                self._pages[page.name] = text
        if text is not None and old == text:
            return None
        swap = diff_pages(old, text) if old is not None and text is not None else None
        if swap is None:
            return PageEvent("reload", page.name)
        data = {
            "page": page.name,
            "slides": [{"n": number, "html": markup} for number, markup in swap.slides],
            "styles": swap.styles,
        }
        return PageEvent("swap", json.dumps(data, ensure_ascii=False))


def _read(page: Path) -> str | None:
    try:
        return page.read_text(encoding="utf-8")
    except OSError:
        return None


def stream_events(handler, client: queue.Queue[PageEvent | None]) -> None:
    """Send `client`'s events down `handler`'s response as a server-sent event stream, with a
    keep-alive comment every 15 s (which is how a closed tab is noticed), until None."""
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    try:
        handler.wfile.write(b": connected\n\n")
        handler.wfile.flush()
        while True:
            try:
                event = client.get(timeout=15)
            except queue.Empty:
                handler.wfile.write(b": keep-alive\n\n")
            else:
                if event is None:
                    return
                handler.wfile.write(event.encode())
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass
