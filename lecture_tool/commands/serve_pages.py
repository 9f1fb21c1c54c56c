"""The pages `serve` shows instead of a deck: while its first build runs (with progress), and
when the deck cannot be built at all (bad UTF-8, broken front matter …). Both ask
`/_status?deck=NAME` twice a second and turn into the deck by themselves once it is built."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

BUILDING, FAILED, READY = "building", "failed", "ready"


@dataclass
class DeckState:
    state: str = BUILDING
    errors: list[str] = field(default_factory=list)


class BuildProgress:
    """What the server is building now, for the waiting page: decks, and snippets started
    and finished (counted as the runner hands them out)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.decks: tuple[str, ...] = ()
        self.started_at = 0.0
        self.snippets_started = 0
        self.snippets_done = 0

    def begin(self, decks: tuple[str, ...]) -> None:
        with self._lock:
            self.decks = decks
            self.started_at = time.monotonic()
            self.snippets_started = self.snippets_done = 0

    def snippet_started(self) -> None:
        with self._lock:
            self.snippets_started += 1

    def snippet_done(self) -> None:
        with self._lock:
            self.snippets_done += 1

    def count(self, runner) -> None:
        """Count the snippets `runner` (a `SnippetRunner`) hands out from now on."""
        submit = runner.submit

        def counted(request, extra: str = ""):
            future = submit(request, extra)
            self.snippet_started()
            future.add_done_callback(lambda _: self.snippet_done())
            return future

        runner.submit = counted

    def as_json(self) -> dict:
        with self._lock:
            return {
                "decks": list(self.decks),
                "seconds": round(time.monotonic() - self.started_at, 1) if self.decks else 0,
                "snippets_started": self.snippets_started,
                "snippets_done": self.snippets_done,
            }


_ENV = jinja2.Environment(autoescape=True)

_PAGE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body { font: 18px/1.5 system-ui, sans-serif; margin: 0; padding: 48px; background: #1b1d21;
       color: #e8e8ea; }
h1 { font-size: 28px; margin: 0 0 16px; }
.lt-wait-bar { height: 8px; background: #33363d; border-radius: 4px; overflow: hidden;
               max-width: 640px; margin: 16px 0; }
.lt-wait-bar > div { height: 100%; width: 0; background: #4c9aff; transition: width .3s; }
pre { white-space: pre-wrap; background: #2c1416; border-left: 4px solid #e5484d;
      padding: 12px 16px; font: 16px/1.45 "DejaVu Sans Mono", monospace; color: #ffd7d9; }
.lt-wait-note { color: #9aa0a6; }
</style></head>
<body data-lt-wait="{{ kind }}">
<h1>{{ title }}</h1>
{% if kind == "failed" %}
<p>The deck <b>{{ deck }}</b> cannot be built:</p>
{% for error in errors %}<pre class="lt-wait-error">{{ error }}</pre>
{% endfor %}
<p class="lt-wait-note">Fix the file and save it: this page turns into the deck by itself.</p>
{% else %}
<p id="lt-wait-text">Building <b>{{ deck }}</b> …</p>
<div class="lt-wait-bar"><div id="lt-wait-fill"></div></div>
<p class="lt-wait-note">This page turns into the deck by itself when it is built.</p>
{% endif %}
<script>
(function () {
  var deck = {{ deck_json }}, kind = {{ kind_json }};
  var text = document.getElementById("lt-wait-text"), fill = document.getElementById("lt-wait-fill");
  function poll() {
    fetch("/_status?deck=" + encodeURIComponent(deck), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state !== kind) { location.reload(); return; }
        if (text && s.progress) {
          var p = s.progress, total = Math.max(p.snippets_started, 1);
          text.textContent = "Building " + deck + ": " + p.snippets_done + " of " +
            p.snippets_started + " snippet(s) done, " + p.seconds + " s";
          fill.style.width = Math.round(100 * p.snippets_done / total) + "%";
        }
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
</body></html>
"""
)


def waiting_page(deck: str, state: DeckState) -> str:
    """The page shown for `deck` while it is not `READY`."""
    import json

    failed = state.state == FAILED
    return _PAGE.render(
        title=f"{deck}: cannot build" if failed else f"{deck}: building …",
        kind=state.state,
        deck=deck,
        errors=state.errors,
        deck_json=Markup(json.dumps(deck).replace("</", "<\\/")),
        kind_json=Markup(json.dumps(state.state)),
    )


def record_states(
    states: dict[str, DeckState], decks: tuple[Path, ...], report, page_of: Callable[[Path], Path]
) -> None:
    """READY for each deck whose page this build wrote (or found up to date), else FAILED with
    the build's errors about it (a deck that cannot be read or parsed at all). `report`: the
    `BuildReport`, or None to judge by whether the page exists."""
    produced: set[Path] | None = None
    if report is not None:
        produced = {Path(p).resolve() for p in (*report.outputs, *report.unchanged)}
    for deck in decks:
        page = page_of(deck).resolve()
        if page.is_file() if produced is None else page in produced:
            states[deck.stem] = DeckState(READY)
            continue
        problems = list(getattr(report, "problems", ()) or ())
        own = [p for p in problems if _names(p, deck)] or problems
        errors = [str(p) for p in own] or ["the build wrote no page for this deck"]
        states[deck.stem] = DeckState(FAILED, errors)


def status_of(states: dict[str, DeckState], progress: BuildProgress, deck: str) -> dict:
    """`/_status?deck=NAME`: the deck's state (building, failed, ready; unknown), its errors,
    and what the build in progress has done."""
    state = states.get(deck)
    return {
        "state": state.state if state else "unknown",
        "errors": state.errors if state else [],
        "progress": progress.as_json(),
    }


def page_stamp(page: Path) -> tuple[int, int] | None:
    """(mtime, size) of a built page, None when there is none: whether a build rewrote it."""
    try:
        stat = page.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _names(problem: object, deck: Path) -> bool:
    """True when a build problem is about `deck` (its file or a line in it)."""
    where = getattr(problem, "path", None) or getattr(problem, "file", None)
    try:
        return where is not None and Path(where).resolve() == deck.resolve()
    except (TypeError, OSError):
        return False
