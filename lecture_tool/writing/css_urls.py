"""`url(…)` in CSS a deck brings (directives, its `style`, `<style>` blocks, its theme) made to
work from the self-contained HTML: a local file becomes a `data:` URI.

Marp leaves such URLs as written and its HTML sits beside the deck, so they resolve there —
theme CSS included, since the theme is inlined into the deck's page (marp-cli 4.5.1 shows
`url("bg/x.png")` in a theme from the deck's folder, not the theme's). Our HTML is in
`build/html/`, where the same relative path finds nothing and the background silently
disappears; so each one is read beside the deck and inlined, and one that cannot be is
reported by `resolve` (its caller decides whether that is an error box or a warning).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

# url("…"), url('…') or url(…) — the unquoted form ends at the first `)` or space.
_URL = re.compile(
    r"""\burl\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)"'\s]*))\s*\)""", re.I
)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


def inline_css_urls(
    css: str, base: Path, resolve: Callable[[Path, str], str | None], also: Path | None = None
) -> str:
    """`css` with each relative `url(path)` replaced by `url("<resolve(file, path)>")`, where
    `file` is `path` read beside `base` (a folder) — or beside `also` when it exists there
    and not beside `base`. `resolve` returns the replacement (a `data:` URI) or None to
    leave the URL as written (missing, not allowed). Absolute URLs (`https:`, `data:`,
    `//host`, `#id`) are left alone."""

    def replace(match: re.Match[str]) -> str:
        written = match["dq"] if match["dq"] is not None else match["sq"]
        if written is None:
            written = match["bare"]
        if not written or _EXTERNAL.match(written):
            return match.group(0)
        path = written.split("#", 1)[0].split("?", 1)[0]
        file = (base / unquote(path)).resolve()
        if also is not None and not file.is_file() and (also / unquote(path)).is_file():
            file = (also / unquote(path)).resolve()
        uri = resolve(file, written)
        return match.group(0) if uri is None else f'url("{uri}")'

    return _URL.sub(replace, css)


# What decks embed nearly always: known without `mimetypes`, whose first use reads the
# system's type tables (/etc/mime.types …), a cost every HTML build paid for `.svg`.
_COMMON_TYPES = {
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".woff2": "font/woff2", ".woff": "font/woff",
}  # fmt: skip


def data_uri(path: Path) -> str:
    """A local file's content as a `data:` URI (images and backgrounds inline in our HTML)."""
    mime = _COMMON_TYPES.get(path.suffix.lower()) or _guess_type(path.name)
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _guess_type(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"
