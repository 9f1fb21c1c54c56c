"""Live code's HTTP side under `serve`: who may ask, what they may ask, and the page's script.

A live run executes code from a web request, with the lecturer's rights, so every `POST
/_live/…` must come from the page this server served: it carries the per-serve random token in
the header `X-LT-Token` (the page gets it inline when served, never in a URL), its `Host` is
this server's loopback address (`127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`, which a
DNS-rebinding page cannot send), and its `Origin` is that same origin (a cross-site form or
fetch cannot forge it). Anything else is 403 and runs nothing.
"""

from __future__ import annotations

import hmac
import json
import re
from http import HTTPStatus
from pathlib import Path

from lecture_tool.commands.live import LiveCode
from lecture_tool.errors import LectureError

STATIC = Path(__file__).parent / "live_static"
"""live.js, live.css and the vendored CodeMirror bundle (see its README)."""
ASSETS = {
    "/_live/live.js": ("live.js", "text/javascript; charset=utf-8"),
    "/_live/live.css": ("live.css", "text/css; charset=utf-8"),
    "/_live/codemirror.js": ("codemirror.min.js", "text/javascript; charset=utf-8"),
}
MAX_BODY = 1 << 20
"""A cell's code is a few KiB; a larger request body is refused unread."""


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def refusal(method: str, headers, token: str, port: int) -> str | None:
    """Why a live request is refused (403), or None when it comes from the served page."""
    if method != "POST":
        return "live requests are POST"
    host = headers.get("Host", "")
    if host not in allowed_hosts(port):
        return f"Host {host!r} is not this server"
    if headers.get("Origin") != f"http://{host}":
        return "Origin is not the served page"
    if not hmac.compare_digest(headers.get("X-LT-Token", "").encode(), token.encode()):
        return "missing or wrong X-LT-Token"
    return None


def answer(live: LiveCode, path: str, body: dict) -> tuple[HTTPStatus, dict]:
    """Carry out one live request (already let through by `refusal`)."""
    deck, key = str(body.get("deck", "")), str(body.get("key", ""))
    try:
        if path == "/_live/run":
            code = body.get("code")
            if code is not None and not isinstance(code, str):
                return HTTPStatus.BAD_REQUEST, {"error": "code must be text"}
            return HTTPStatus.OK, {"id": live.run(deck, key, code)}
        if path == "/_live/stop":
            return HTTPStatus.OK, {"stopped": live.stop(str(body.get("id", "")))}
        if path == "/_live/reset":
            live.reset(deck, key)
            return HTTPStatus.OK, {}
        if path == "/_live/save":
            saved = live.save(deck, key)
            return HTTPStatus.OK, {"saved": str(saved.relative_to(live.project.root))}
        if path == "/_live/source":
            return HTTPStatus.OK, live.source(deck, key)
    except LectureError as error:
        return HTTPStatus.BAD_REQUEST, {"error": str(error)}
    return HTTPStatus.NOT_FOUND, {"error": f"no live request {path}"}


def read_body(handler) -> dict | None:
    """The request's JSON object, or None when it is missing, too large or not an object."""
    try:
        size = int(handler.headers.get("Content-Length", "0"))
    except ValueError:
        return None
    if not 0 < size <= MAX_BODY:
        return None
    try:
        body = json.loads(handler.rfile.read(size))
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


_BODY_END = re.compile(rb"</body>(?![\s\S]*</body>)", re.I)


def with_live_script(page: bytes, token: str, deck: str) -> bytes:
    """A served deck page with live code's controls: its token and deck inline, the script
    and styles from /_live/ (the built file on disk stays without them)."""
    config = json.dumps({"token": token, "deck": deck}).replace("</", "<\\/")
    tags = (
        f"<script>window.LT_LIVE = {config};</script>\n"
        '<link rel="stylesheet" href="/_live/live.css">\n'
        '<script src="/_live/live.js"></script>\n'
    ).encode()
    return _BODY_END.sub(lambda m: tags + m.group(0), page, count=1)
