"""Live code under `serve`: rerun one cell of a slide, edited or not, on serve's warm engine.

A request names a served deck and one of the cells it shows (`FILE#CELL`, FILE as under
snippets/), and may carry edited code. The cell runs with its snippet's earlier cells as
context, exactly as a build runs the file (same engine, device, smoke parameters and seed), but
outside the result cache and into its own folders: built outputs never change because of a live
run. While it runs, what the cell prints goes to every tab showing the deck (the server-sent
event `live`, the presenter window included); when it ends, the deck is rendered with that
result, as a build draws it, and the tabs get the markup of the slides that show the cell.

Edits live in this process only, until the lecturer asks to save one into its snippet file.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.common.utils import escapeHtml

from lecture_tool.config import Project, is_inside
from lecture_tool.errors import LectureError
from lecture_tool.files import write_atomically
from lecture_tool.running.capture import read_left_behind
from lecture_tool.running.execute import Request, run_id_of
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.runner import SnippetRunner
from lecture_tool.running.snippet import Cell, Snippet, load_snippet
from lecture_tool.running.worker import read_progress

STREAM_INTERVAL = 0.1
"""Seconds between looks at what a running cell printed."""


class LiveError(LectureError):
    """A live request that names no cell this server may run (answered 400, nothing runs)."""


@dataclass
class LiveRun:
    id: str
    deck: Path
    key: str
    future: Future[SnippetResult]
    started: float = field(default_factory=time.monotonic)


class LiveCode:
    """The cells of served decks, run on request; `publish(event)` reaches every tab."""

    def __init__(
        self,
        project: Project,
        runner: SnippetRunner,
        decks: tuple[Path, ...],
        publish: Callable[[dict], None],
        *,
        device: str = "auto",
        smoke: bool = False,
    ):
        self.project, self.runner, self.decks, self.publish = project, runner, decks, publish
        self.device, self.smoke = device, smoke
        self.edits: dict[str, str] = {}
        """Edited code by `FILE#CELL`: what the slides show until reset or saved."""
        self._runs: dict[str, LiveRun] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._plans: dict[Path, tuple[tuple[int, int], object]] = {}

    # -- what a request may name -----------------------------------------------------------

    def deck_named(self, name: str) -> Path:
        deck = next((d for d in self.decks if d.stem == name), None)
        if deck is None:
            raise LiveError(f"no served deck is named {name!r}")
        return deck

    def cell_of(self, deck: Path, key: str) -> tuple[Snippet, Cell]:
        """The snippet and cell `key` names, if `deck` shows that cell and its file is inside
        the project's boundary; else LiveError."""
        file, _, name = key.partition("#")
        path = (self.project.snippets / file).resolve()
        if not file or not name or not is_inside(path, self.project.boundary):
            raise LiveError(f"{key!r} is not a cell of a snippet inside the project")
        shown = {
            (r.file, r.cell)
            for r in self._plan(deck).decks[0].deck.references
            if r.kind in ("code", "output", "figure")
        }
        if (path, name) not in shown:
            raise LiveError(f"{deck.name} shows no cell {key!r}")
        snippet = load_snippet(path)
        cell = next((c for c in snippet.cells if c.name == name), None)
        if cell is None:
            raise LiveError(f"{file} has no cell {name!r}")
        return snippet, cell

    # -- running --------------------------------------------------------------------------

    def run(self, deck_name: str, key: str, code: str | None) -> str:
        """Start the cell (with `code` instead of its own, when given); the run's id."""
        deck = self.deck_named(deck_name)
        snippet, cell = self.cell_of(deck, key)
        if code is not None:
            self.edits[key] = code
        code = self.edits.get(key, cell.source)
        context = []
        for earlier in snippet.cells:
            if earlier.name == cell.name:
                break
            if not earlier.is_exercise:
                context.append(earlier)
        request = Request(
            snippet=snippet,
            device=self.device,
            smoke=self.smoke,
            run_id=f"live/{run_id_of(snippet.path, self.project)}",
            cells=(*context, dataclasses.replace(cell, source=code)),
        )
        with self._lock:
            previous = self._runs.pop(key, None)
            if previous is not None:
                self.runner.engine.cancel(previous.future)
            run = LiveRun(f"run-{next(self._ids)}", deck, key, self.runner.engine.submit(request))
            self._runs[key] = run
        threading.Thread(target=self._follow, args=(run, request), daemon=True).start()
        return run.id

    def stop(self, run_id: str) -> bool:
        with self._lock:
            run = next((r for r in self._runs.values() if r.id == run_id), None)
        return run is not None and self.runner.engine.cancel(run.future)

    def reset(self, deck_name: str, key: str) -> None:
        """Forget the edit: the slides show the file's code and the build's result again."""
        deck = self.deck_named(deck_name)
        self.cell_of(deck, key)
        self.edits.pop(key, None)
        event = self._rendered_event(deck, key, live=None)
        self.publish(event | {"deck": deck.stem, "state": "reset"})

    def save(self, deck_name: str, key: str) -> Path:
        """Write the edited code into the cell's snippet file (serve then rebuilds as on any
        save); the edit is forgotten."""
        deck = self.deck_named(deck_name)
        snippet, cell = self.cell_of(deck, key)
        if key not in self.edits:
            raise LiveError(f"{key!r} has no edit to save")
        lines = snippet.text.splitlines(keepends=True)
        first = cell.line - 1
        last = first + len(cell.source.splitlines())
        code = self.edits.pop(key).rstrip("\n") + "\n"
        write_atomically(snippet.path, "".join([*lines[:first], code, *lines[last:]]))
        return snippet.path

    def source(self, deck_name: str, key: str) -> dict:
        """The code the editor opens with: the edit, else the file's."""
        snippet, cell = self.cell_of(self.deck_named(deck_name), key)
        return {"code": self.edits.get(key, cell.source), "edited": key in self.edits}

    def _follow(self, run: LiveRun, request: Request) -> None:
        """Stream what the cell prints while it runs, then publish the slides it changed."""
        workspace, _ = self.runner.engine.run_dirs(request)
        name = request.cells[-1].name
        shown = None
        while not wait_for([run.future], timeout=STREAM_INTERVAL).done:
            _, running = read_progress(workspace)
            if running != name:
                continue
            text = "".join(read_left_behind(workspace))
            if text != shown:
                shown = text
                self.publish(self._event(run, "running", text=text))
        result = run.future.result()
        with self._lock:
            if self._runs.get(run.key) is run:
                del self._runs[run.key]
        # Said at once (a stop answers within a second); the slides follow once rendered.
        self.publish(self._event(run, "ended", status=_status(result, name)))
        event = self._rendered_event(run.deck, run.key, live=result)
        self.publish(self._event(run, "done", status=_status(result, name)) | event)

    def _plan(self, deck: Path):
        """The deck's plan, parsed again only when the deck file changed."""
        from lecture_tool.plan import plan_build

        stat = deck.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._plans.get(deck)
        if known is None or known[0] != version:
            plan = plan_build((deck,), self.project, check=False, collect=True)
            if not plan.decks:
                raise LiveError(f"{deck.name} cannot be read: fix it first")
            known = self._plans[deck] = (version, plan)
        return known[1]

    def _event(self, run: LiveRun, state: str, **fields) -> dict:
        elapsed = time.monotonic() - run.started
        return {"id": run.id, "deck": run.deck.stem, "key": run.key, "state": state,
                "elapsed": round(elapsed, 3), **fields}  # fmt: skip

    # -- rendering ------------------------------------------------------------------------

    def _rendered_event(self, deck: Path, key: str, live: SnippetResult | None) -> dict:
        """The markup of every slide of `deck` that shows `key`, rendered as a build renders
        it, with `live`'s cells in place of the build's and the edited code shown."""
        from lecture_tool.writing.html import render_sections
        from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
        from lecture_tool.writing.render import render_deck
        from lecture_tool.writing.themes import load_theme

        plan = self._plan(deck)
        deck_plan, table = plan.decks[0], plan.table
        requests = {
            path: (Request(table.snippets[path], device=self.device, smoke=self.smoke), "")
            for path in deck_plan.snippets
        }
        results = dict(self.runner.run_all(requests))  # the build's results, from the cache
        snippets = dict(table.snippets)
        for edited_key, code in self.edits.items():
            file, _, name = edited_key.partition("#")
            path = (self.project.snippets / file).resolve()
            if path in snippets:
                snippets[path] = _with_source(snippets[path], name, code)
        if live is not None:
            path = Path(live.snippet).resolve()
            if path in results:
                results[path] = _merged(results[path], live)
        table = SnippetTable(
            table.snippets_dir, snippets, table.broken, results, boundary=table.boundary
        )
        outputs = DeckOutputs(deck, table, None)
        theme = load_theme(deck_plan.deck.theme, [self.project.themes])
        rendered, _ = render_deck(
            deck_plan.deck, theme, outputs, keep_going=True, default_lang=self.project.lang or ""
        )
        handle = f'="{escapeHtml(key)}"'
        numbers = {s.number for s in rendered.slides if handle in s.html}
        return {"key": key, "edited": key in self.edits,
                "sections": render_sections(rendered, numbers)}  # fmt: skip


def _with_source(snippet: Snippet, name: str, code: str) -> Snippet:
    cells = tuple(
        dataclasses.replace(c, source=code) if c.name == name else c for c in snippet.cells
    )
    return dataclasses.replace(snippet, cells=cells)


def _merged(built: SnippetResult, live: SnippetResult) -> SnippetResult:
    """The build's result with the live run's cells in place of its own."""
    ran = {cell.name: cell for cell in live.cells}
    cells = tuple(ran.get(cell.name, cell) for cell in built.cells)
    failed = any(cell.status == "failed" for cell in ran.values())
    return dataclasses.replace(
        built, cells=cells, status="failed" if failed else built.status, reason=live.reason
    )


def _status(result: SnippetResult, name: str) -> str:
    """How the cell's own run ended: passed, failed, or stopped."""
    if result.reason == "stopped":
        return "stopped"
    cell = next((c for c in result.cells if c.name == name), None)
    return cell.status if cell is not None else result.status
