"""PDF output: find a Chromium and have it print a deck's HTML, one slide per page."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lecture_tool.errors import BrowserNotFound, PdfError
from lecture_tool.reaper import is_alive

log = logging.getLogger(__name__)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT_S = 180
TMP_SUFFIX = ".pdf.tmp"
PROFILE_PREFIX = "lecture-tool-chromium-pid"
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
"""Flags for a quiet, offline, one-shot headless Chromium."""


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


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print `html_path` to `pdf_path` with headless Chromium; page size from the CSS `@page`.

    The PDF appears whole or not at all: Chromium writes a temporary file beside the
    target, which replaces it only once Chromium has succeeded.
    """
    browser = require_browser()
    html_path = Path(html_path).resolve()
    warn_missing_glyphs(html_path)
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(pdf_path.parent, Path(tempfile.gettempdir()))
    # Our pid in every temporary name: a later build can tell a dead build's leftovers from
    # a concurrent build's work in progress.
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{pdf_path.stem}-pid{os.getpid()}-", suffix=TMP_SUFFIX, dir=pdf_path.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{PROFILE_PREFIX}{os.getpid()}-") as profile:
            _run_chromium(browser, html_path, tmp, Path(profile))
        if not tmp.read_bytes()[:5] == b"%PDF-":
            raise PdfError("Chromium produced no PDF", html_path, hint="run with a newer Chromium")
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


def remove_stale(pdf_dir: Path, temp_dir: Path) -> list[Path]:
    """Delete PDF temporaries and Chromium profiles left by builds that no longer run
    (killed with SIGKILL, or a machine that lost power); returns what was removed."""
    removed = []
    candidates = [*pdf_dir.glob(f".*{TMP_SUFFIX}"), *temp_dir.glob(f"{PROFILE_PREFIX}*")]
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


def _run_chromium(browser: Path, html_path: Path, out: Path, profile: Path) -> None:
    command = [
        str(browser),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",  # a fresh profile: no state shared with a running browser
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",  # the older spelling of the flag above
        "--virtual-time-budget=10000",  # let the viewer script fit headings before printing
        f"--print-to-pdf={out}",
        html_path.as_uri(),
    ]
    log.debug("running %s", command)
    # Under a launcher that kills Chromium's whole tree when the print ends, when it is
    # signalled (our SIGINT/SIGTERM unwinding) or when this process dies outright.
    launcher = [sys.executable, "-m", "lecture_tool.reaper", str(os.getpid()), "--"]
    try:
        result = _run_to_end(launcher + command)
    except subprocess.TimeoutExpired:
        raise PdfError(
            f"Chromium did not finish printing within {PRINT_TIMEOUT_S} s",
            html_path,
            hint="check that the HTML opens in a browser",
        ) from None
    except OSError as exc:
        raise PdfError(
            f"cannot run {browser}: {exc}",
            html_path,
            hint="set CHROME_PATH to a working Chrome/Chromium",
        ) from None
    if result.returncode != 0 or out.stat().st_size == 0:
        tail = "\n".join((result.stderr or "").strip().splitlines()[-15:])
        raise PdfError(
            f"Chromium failed to print (exit {result.returncode}):\n{tail}",
            html_path,
            hint="see Chromium's messages above",
        )


def _run_to_end(command: list[str]) -> subprocess.CompletedProcess:
    """Run `command`; on a timeout or an interruption, stop it gently (the launcher then
    kills Chromium's tree) and wait for it, so nothing is left running."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=PRINT_TIMEOUT_S)
    except BaseException:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
