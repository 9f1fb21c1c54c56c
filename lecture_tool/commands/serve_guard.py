"""What `serve` answers before it looks for a file: whose request it is (the `Host` header)
and whether the path can name a file at all.

A page on any site can make a browser send requests to 127.0.0.1 under a name it controls
(DNS rebinding: `evil.example` resolves to 127.0.0.1 after the page loaded), and then read
the answers as its own. Only the names this machine means by loopback are served, as
Jupyter does; anything else is 421 Misdirected Request.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""The host names a request to `serve` may carry (with the server's own port)."""

MAX_SEGMENT_BYTES = 255
"""The longest file name a Linux (or macOS) file system takes: a longer path segment names
no file, and asking the file system about it fails with `File name too long`."""

MAX_PATH_BYTES = 4096

_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?$")


def host_allowed(host_header: str | None, port: int) -> bool:
    """True when `Host` names loopback at this server's port (`localhost:8000`,
    `127.0.0.1:8000`, `[::1]:8000`). A missing header (HTTP/1.0) is refused too: a browser
    always sends one."""
    if not host_header:
        return False
    match = _HOST.match(host_header.strip())
    if not match:
        return False
    name, given_port = match.group(1).lower(), match.group(2)
    if name.endswith("."):  # `localhost.` is the same name, fully qualified
        name = name[:-1]
    return name in LOOPBACK_NAMES and given_port is not None and int(given_port) == port


def path_problem(path: str) -> HTTPStatus | None:
    """URI_TOO_LONG when a decoded request path cannot name a file (a segment over 255
    bytes, or the whole over 4096), else None."""
    encoded = path.encode("utf-8", "surrogateescape")
    if len(encoded) > MAX_PATH_BYTES:
        return HTTPStatus.REQUEST_URI_TOO_LONG
    if any(len(segment) > MAX_SEGMENT_BYTES for segment in encoded.split(b"/")):
        return HTTPStatus.REQUEST_URI_TOO_LONG
    return None


MISDIRECTED = (
    "421 Misdirected Request: lecture-tool serve answers only requests to "
    "127.0.0.1, localhost or [::1] at its own port\n"
)


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` a request path names, or None (404): never anything outside
    `root`, whatever `..`, encoded slashes, absolute paths or overlong names it holds."""
    path = unquote(urlsplit(url_path).path)
    if path_problem(path):
        return None
    if not path.startswith("/") or path.startswith("//") or "\\" in path or "\0" in path:
        return None
    parts = path[1:].split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    try:
        candidate = (root / path[1:]).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
    except OSError:  # whatever the file system cannot look up is not a file here
        return None
    return candidate
