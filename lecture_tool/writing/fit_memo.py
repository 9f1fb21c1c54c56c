"""Slide fits kept from one build's Chromium to the next.

The viewer fits each slide (viewer.js `fitSlide`) and remembers the fit in the tab's
sessionStorage under a hash of the slide's HTML and the deck's styles, so `serve` reloads
measure only the slides that changed. A build's Chromium is new each time, so a PDF build of
a 120-slide deck whose one word changed measured all 120 again: a third of its time. Here the
fits a page remembered are read back after it settled and stored per deck; the next build
puts them into the new tab's sessionStorage before the viewer runs. Keys are content hashes,
so a stale entry is never used, only not found; the file is named after the installed fonts
and the browser and the viewer script too, since all three change the measurements. A memo that cannot be read or written
only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from lecture_tool.files import user_cache_dir, write_atomically

TEMPLATES = Path(__file__).parent / "templates"

log = logging.getLogger(__name__)

# Runs in a new document before its scripts: the stored fits, into sessionStorage.
_RESTORE = """(function (fits) {
  try { for (var key in fits) sessionStorage.setItem(key, fits[key]); } catch (e) { /* off */ }
})(%s);"""

# The fits the page holds for the slides it shows (not those of slides since removed).
_COLLECT = """(function () {
  var keys = Array.prototype.map.call(document.querySelectorAll("section[data-lt-key]"),
    function (s) { return s.dataset.ltKey; });
  var fits = {};
  for (var i = 0; i < sessionStorage.length; i++) {
    var key = sessionStorage.key(i);
    if (key.indexOf("lt-fit:") !== 0) continue;
    for (var j = 0; j < keys.length; j++) {
      if (key.slice(-keys[j].length) === keys[j]) { fits[key] = sessionStorage.getItem(key); break; }
    }
  }
  return fits;
})()"""


class FitMemo:
    """The stored fits of one deck (by its HTML file's name), for one browser and font set."""

    def __init__(self, deck_name: str, browser: Path):
        from lecture_tool.writing.fonts import installed_fonts_stamp

        try:
            stamp = f"{browser.resolve()}:{browser.resolve().stat().st_mtime_ns}"
        except OSError:
            stamp = str(browser)
        # The fitting code itself: a fit made by another version of the viewer is not one.
        viewer = hashlib.sha256((TEMPLATES / "viewer.js").read_bytes()).hexdigest()
        key = hashlib.sha256(f"{stamp}\n{installed_fonts_stamp()}\n{viewer}".encode()).hexdigest()[
            :16
        ]
        self.path = user_cache_dir() / "fits" / key / f"{deck_name}.json"

    def restore_into(self, page) -> None:
        """Make `page`'s next documents start with the stored fits."""
        try:
            fits = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(fits, dict) and fits:
            source = _RESTORE % json.dumps(fits)
            page.call("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    def keep_from(self, page) -> None:
        """Store the fits `page` (loaded and settled) holds for its slides."""
        fits = page.evaluate(_COLLECT)
        if not fits:
            return
        try:
            write_atomically(self.path, json.dumps(fits, sort_keys=True))
        except OSError as exc:
            log.debug("cannot keep the slide fits in %s: %s", self.path, exc)
