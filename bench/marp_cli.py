"""marp-cli as a reference renderer for benches and the Marp-compatibility test (never a runtime need).

Install it with `cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci` (bench/package.json lists it);
the system Chromium is used for PDF, so puppeteer's own browser download is skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def find_marp() -> list[str] | None:
    """The command that runs marp-cli: bench's own install, else `marp` on PATH, else None."""
    local = BENCH / "node_modules" / ".bin" / "marp"
    if local.is_file() and os.access(local, os.X_OK):
        return [str(local)]
    on_path = shutil.which("marp")
    return [on_path] if on_path else None


def marp_env() -> dict[str, str]:
    """The environment to run marp-cli in: the Chromium to use, and no sandbox as root.

    Chromium refuses to start as root unless its sandbox is off; marp-cli turns it off when
    `CHROME_NO_SANDBOX=1` (and on its own as root since 4.0.2; setting it keeps older
    versions working in CI containers, which run as root).
    """
    from lecture_tool.writing.pdf import find_browser

    env = dict(os.environ)
    browser = find_browser()  # the same Chromium our PDF output uses
    if browser is not None:
        env["CHROME_PATH"] = str(browser)
    if hasattr(os, "getuid") and os.getuid() == 0:
        env.setdefault("CHROME_NO_SANDBOX", "1")
    return env
