"""How a build's Chromium is started: its flags, a fresh profile, its environment and the
launcher (`lecture_tool.reaper`) that ends its whole tree and removes the profile.

writing/chromium.py drives the browser this starts, over the DevTools pipe it is given.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PROFILE_PREFIX = "lecture-tool-chromium-pid"

REAPER = Path(__file__).resolve().parent.parent / "reaper.py"
"""The launcher (`lecture_tool.reaper`), run as a script."""


DRIVEN_FLAGS = (
    # Every page of a build is in a background tab but one: none may be throttled.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    # Nothing that starts work of its own in a browser that lives for one build.
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-default-apps",
    "--disable-breakpad",
    "--disable-hang-monitor",
    "--disable-ipc-flooding-protection",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame",
    "--metrics-recording-only",
    "--mute-audio",
    "--password-store=basic",
    "--use-mock-keychain",
)
"""Added to the caller's flags for a Chromium driven over the pipe (as Puppeteer does)."""


@dataclass(frozen=True)
class Launched:
    process: subprocess.Popen
    """The launcher; Chromium runs under it."""
    profile: str
    to_chrome: int
    """Write end of the pipe Chromium reads commands from (its fd 3)."""
    from_chrome: int
    """Read end of the pipe Chromium answers on (its fd 4)."""


def launch(executable: Path, flags: tuple[str, ...]) -> Launched:
    """Start Chromium with `flags` (and DRIVEN_FLAGS) under its launcher, with a new profile.

    Start it from a thread that outlives it (the main thread): the launcher dies with the
    *thread* that started it (Linux's parent-death signal), and takes Chromium along."""
    # The profile lives in memory where there is a tmpfs (unless TMPDIR says where temporary
    # files go): creating and removing its ~300 files on a loaded disk cost most of a second.
    shm = Path("/dev/shm")
    in_memory = shm.is_dir() and os.access(shm, os.W_OK) and not os.environ.get("TMPDIR")
    profile = tempfile.mkdtemp(
        prefix=f"{PROFILE_PREFIX}{os.getpid()}-", dir=str(shm) if in_memory else None
    )
    to_chrome_r, to_chrome = os.pipe()
    from_chrome, from_chrome_w = os.pipe()
    command = [
        str(executable),
        *flags,
        *DRIVEN_FLAGS,
        f"--user-data-dir={profile}",
        "--remote-debugging-pipe",
        "about:blank",
    ]
    # Under a launcher that moves the pipe to fds 3/4 for Chromium and kills Chromium's whole
    # tree (then removes the profile) when it ends, when it is signalled or when this process
    # dies outright.
    # The launcher is on the way to Chromium's first answer: run as a bare script (`-I -S`: no
    # site-packages, no user paths; reaper.py needs only the standard library) it starts
    # ~20 ms sooner than `-m lecture_tool.reaper`, which first imports the package.
    launcher = [
        sys.executable,
        "-I",
        "-S",
        str(REAPER),
        str(os.getpid()),
        f"--pipe={to_chrome_r},{from_chrome_w}",
        f"--remove={profile}",
        "--",
    ]
    log.debug("running %s", command)
    try:
        process = subprocess.Popen(
            launcher + command,
            pass_fds=(to_chrome_r, from_chrome_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_browser_env(profile),
        )
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        os.close(to_chrome)
        os.close(from_chrome)
        raise
    finally:
        os.close(to_chrome_r)
        os.close(from_chrome_w)
    return Launched(process, profile, to_chrome, from_chrome)


def _browser_env(profile: str) -> dict[str, str]:
    """Chromium's environment: its temporary files in its profile. It keeps a folder with a
    `SingletonSocket` in TMPDIR that only a polite shutdown removes, and it is always killed
    (`Browser.close`): in /tmp, every build left one behind. A Unix socket's path is at most
    107 bytes, so a profile in a long TMPDIR keeps the usual place."""
    env = dict(os.environ)
    if len(os.fsencode(profile)) + len("/org.chromium.Chromium.XXXXXX/SingletonSocket") <= 107:
        env["TMPDIR"] = profile
    return env
