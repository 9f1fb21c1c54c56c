"""PDF output: find a Chromium and have it print a deck's HTML, one slide per page."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from lecture_tool.errors import BrowserNotFound, PdfError
from lecture_tool.reaper import is_alive
from lecture_tool.writing.chromium import Browser
from lecture_tool.writing.chromium_launch import PROFILE_PREFIX

log = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TMP_SUFFIX = ".pdf.tmp"
_OWNER = re.compile(r"-pid(?P<pid>\d+)-")

QUIET_FLAGS = (
    "--no-sandbox",  # containers and CI run as root, where the sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""An offline Chromium that phones nobody (also what tests and benches launch Playwright with)."""
CHROMIUM_FLAGS = (
    "--headless",
    *QUIET_FLAGS,
    "--hide-scrollbars",
    "--run-all-compositor-stages-before-draw",
)
"""Flags for a quiet, offline headless Chromium."""


def find_browser() -> Path | None:
    """`CHROME_PATH` when set, else the first Chromium or Chrome on PATH, else None."""
    configured = os.environ.get("CHROME_PATH")
    if configured:
        # An explicit choice is honoured or reported, never silently replaced by another browser.
        found = shutil.which(configured)
        return Path(found) if found else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def require_browser() -> Path:
    """The browser from `find_browser()`, or BrowserNotFound saying how to get one."""
    browser = find_browser()
    if browser is None:
        configured = os.environ.get("CHROME_PATH")
        problem = (
            f"CHROME_PATH={configured} is not an executable file"
            if configured
            else f"no Chromium or Chrome found on PATH (looked for {', '.join(BROWSER_NAMES)})"
        )
        raise BrowserNotFound(
            f"cannot print PDF: {problem}",
            hint="install one (`apt-get install chromium`) or set CHROME_PATH to a Chrome/Chromium "
            "executable",
        )
    return browser


def print_pdf(html_path: Path, pdf_path: Path, width: int = 1280, height: int = 720) -> None:
    """Print `html_path` to `pdf_path` in its own headless Chromium; page size from the CSS
    `@page`. (A build prints every deck in one Chromium: writing/printer.py.)"""
    browser = require_browser()
    html_path = Path(html_path).resolve()
    warn_missing_glyphs(html_path)
    with Browser(browser, CHROMIUM_FLAGS) as chromium:
        page = chromium.page(width, height)
        page.load(html_path)
        write_pdf(page.print_pdf(), pdf_path, html_path)


def write_pdf(data: bytes, pdf_path: Path, html_path: Path) -> None:
    """Write what Chromium printed from `html_path`: the PDF appears whole or not at all."""
    if not data.startswith(b"%PDF-"):
        raise PdfError("Chromium produced no PDF", html_path, hint="run with a newer Chromium")
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(pdf_path.parent, Path(tempfile.gettempdir()), Path("/dev/shm"))
    # Our pid in every temporary name: a later build can tell a dead build's leftovers from
    # a concurrent build's work in progress.
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{pdf_path.stem}-pid{os.getpid()}-", suffix=TMP_SUFFIX, dir=pdf_path.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it private; a PDF is for sharing
        os.replace(tmp, pdf_path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("wrote %s", pdf_path)


_SECTION = re.compile(r'<section\b[^>]*\bdata-slide="(\d+)"[^>]*>(.*?)</section>', re.DOTALL)
_HIDDEN = re.compile(r"<(style|script|aside)\b.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def warn_missing_glyphs(html_path: Path) -> list[tuple[int, str]]:
    """Warn, naming the deck and slide, about characters no installed font can draw (they
    would print as empty boxes); returns (slide, characters) for each such slide."""
    from lecture_tool.writing.fonts import describe_missing, missing_glyphs

    found = []
    page = html_path.read_text(encoding="utf-8")
    for match in _SECTION.finditer(page):
        text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", match.group(2))))
        missing = missing_glyphs(text)
        if missing:
            number = int(match.group(1))
            found.append((number, "".join(missing)))
            log.warning(
                "%s slide %d: no installed font has %s; the PDF shows boxes there "
                "(install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)",
                html_path.stem,
                number,
                describe_missing(missing),
            )
    return found


def remove_stale(pdf_dir: Path, *temp_dirs: Path) -> list[Path]:
    """Delete PDF temporaries and Chromium profiles left by builds that no longer run
    (killed with SIGKILL, or a machine that lost power); returns what was removed."""
    removed = []
    candidates = [*pdf_dir.glob(f".*{TMP_SUFFIX}")]
    for temp_dir in temp_dirs:
        candidates += temp_dir.glob(f"{PROFILE_PREFIX}*")
    for path in candidates:
        match = _OWNER.search(path.name)
        if match is None or is_alive(int(match["pid"])):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
        log.info("removed %s, left by a build that ended abruptly", path)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
