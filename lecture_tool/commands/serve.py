"""`lecture-tool serve`: the built decks on 127.0.0.1, rebuilt on every save, with live reload.

One warm `SnippetRunner` lives as long as the server, so a snippet edit costs that snippet's
run, not a pool start. A deck edit rebuilds that deck only (its results come from the
cache); a snippet edit rebuilds the decks that reference it (only that snippet reruns). Each
rebuild is a `--keep-going` build: a failing snippet or broken reference is an error box on
its slide, and the server keeps running. Open tabs hear on `/_events` (server-sent events)
either `swap`, the changed slides' markup, which they put in place without reloading, or
`reload` when the deck's structure changed; they stay on the slide they show
(commands/serve_swap.py). Live code's runs are `live` events (commands/live.py).

Before a file is served, `serve_guard` checks whose request it is (DNS rebinding) and that its
path can name a file; `serve_watch` drops editor litter and saves that changed no byte;
`serve_pages` is what a tab shows while its deck builds or when the deck cannot build.
"""

from __future__ import annotations

import json
import logging
import queue
import secrets
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from lecture_tool.commands import live_http, serve_guard
from lecture_tool.commands.serve_pages import (
    BUILDING,
    FAILED,
    READY,
    BuildProgress,
    DeckState,
    record_states,
    status_of,
    waiting_page,
)
from lecture_tool.commands.serve_swap import PageEvent, PageMemory, stream_events
from lecture_tool.commands.serve_watch import ContentMemory, is_editor_litter, watch_filter
from lecture_tool.config import Project, deck_paths
from lecture_tool.errors import ServeError
from lecture_tool.running.freeze import FROZEN_DIR
from lecture_tool.running.runner import SnippetRunner

log = logging.getLogger(__name__)

_INDEX = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Decks</title></head>
<body><h1>Decks</h1><ul>
{% for name in decks %}<li><a href="/{{ name }}.html">{{ name }}</a></li>
{% endfor %}</ul></body></html>
"""
)
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".md": "text/plain",
    ".json": "application/json",
}


class _Server(ThreadingHTTPServer):
    # A class opening every deck at once (or a tab reloading its images) sends dozens of
    # connections together; the default backlog of 5 made some wait 1–8 s for a retry.
    request_queue_size = 256
    daemon_threads = True


class DeckServer:
    """Serves `build/html/` and rebuilds what a change in slides/ or snippets/ touches."""

    def __init__(
        self,
        project: Project,
        decks: Iterable[Path],
        build_decks: Callable[[tuple[Path, ...], SnippetRunner], None],
        *,
        port: int = 8000,
        jobs: int | None = None,
        frozen: bool = False,
        device: str = "auto",
        smoke: bool = False,
        live: bool = True,
    ):
        """`build_decks(decks, runner)` builds those decks to `build/html/` (a `--keep-going`
        build through `runner`, with `device` and `smoke`), reports, and returns the
        `BuildReport` (None: judged by the files); the CLI passes the pipeline's build."""
        self.project = project
        self.device, self.smoke = device, smoke
        # Without a deck named, every deck in slides/ is served, those made later too.
        self.all_decks = not tuple(decks)
        self.decks = _real_decks(deck_paths(tuple(decks), project))
        self.states: dict[str, DeckState] = {deck.stem: DeckState() for deck in self.decks}
        self.progress = BuildProgress()
        self._contents = ContentMemory()
        self._build_lock = threading.Lock()
        self.build_decks = build_decks
        self.root = (project.build / "html").resolve()
        self.runner = SnippetRunner(project, jobs=jobs, frozen=frozen)
        self.progress.count(self.runner)
        self.token = secrets.token_urlsafe(32)
        """Live code's per-serve secret: the served pages carry it, no other page can."""
        self.live = None
        if live:
            from lecture_tool.commands.live import LiveCode

            self.live = LiveCode(
                project, self.runner, lambda: self.decks, self._publish, device=device, smoke=smoke
            )
        self._planned: dict[Path, tuple[tuple[int, int], frozenset[Path]]] = {}
        self.pages = PageMemory()
        self._clients: list[queue.Queue[PageEvent | None]] = []
        self._clients_lock = threading.Lock()
        self._stop = threading.Event()
        self._serving = False
        try:
            self.http = _Server(("127.0.0.1", port), _handler(self))
        except OSError as exc:
            raise ServeError(
                f"cannot listen on 127.0.0.1:{port} ({exc.strerror})",
                hint="another server may be using it; pass --port with a free port",
            ) from None

    @property
    def port(self) -> int:
        return self.http.server_address[1]

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Serve at once (a tab opened now shows the first build's progress), build every
        served deck, then watch for changes in a background thread."""
        self._serving = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self._contents.remember((self.project.slides, self.project.snippets))
        # Watching before the first build: a file saved (or a deck made) meanwhile counts.
        threading.Thread(target=self._watch, daemon=True).start()
        self.runner.engine.start()
        self.rebuild(self.decks)

    def close(self) -> None:
        self._stop.set()
        with self._clients_lock:
            for client in self._clients:
                client.put(None)
        if self._serving:  # shutdown() waits for serve_forever, forever if it never ran
            self.http.shutdown()
        self.http.server_close()
        # A snippet still running is stopped, not waited for: Ctrl-C, SIGTERM or a closed
        # terminal ends serve at once, its workers and their children with it.
        self.runner.close(terminate=True)

    # -- rebuilding -----------------------------------------------------------------------

    def rebuild(self, decks: Iterable[Path]) -> None:
        """Build `decks`; tabs showing one whose page changed (or its state) reload."""
        decks = tuple(decks)
        if not decks:
            return
        with self._build_lock:
            for deck in decks:
                self.states.setdefault(deck.stem, DeckState())
            before = {deck: self.states[deck.stem].state for deck in decks}
            self.progress.begin(tuple(deck.stem for deck in decks))
            report = None
            try:
                report = self.build_decks(decks, self.runner)
            finally:
                self.progress.begin(())
                record_states(self.states, decks, report, self._page)
        for deck in decks:
            page = self._page(deck)
            if READY != self.states[deck.stem].state or before[deck] != READY:
                # A tab showing the progress or error page (or about to) loads the deck anew.
                self.pages.remember(page)
                self._broadcast(PageEvent("reload", page.name))
            elif (event := self.pages.event_for(page)) is not None:
                self._broadcast(event)
        # Which snippets these decks read, known again before the next snippet save: planning
        # a deck costs tens of milliseconds, which a snippet save after a deck edit would wait.
        threading.Thread(target=lambda: [self._snippets_of(d) for d in decks], daemon=True).start()

    def _page(self, deck: Path) -> Path:
        return self.root / f"{deck.stem}.html"

    def refresh_decks(self) -> list[Path]:
        """Serving every deck: take in decks added to slides/ (`lecture-tool new`) and drop
        deleted ones; the new decks, to build."""
        if not self.all_decks:
            return []
        now = _real_decks(deck_paths((), self.project))
        added = [deck for deck in now if deck not in self.decks]
        self.decks = now
        return added

    def decks_for(self, changed: Iterable[Path]) -> list[Path]:
        """The served decks a set of changed files touches, in deck order."""
        touched: set[Path] = set()
        snippet_changes: set[Path] = set()
        for path in changed:
            path = path.resolve()
            if path.suffix == ".md" and path in self.decks:
                touched.add(path)
            elif path.is_relative_to(self.project.snippets):
                if FROZEN_DIR not in path.parts and path.suffix == ".py":
                    snippet_changes.add(path)
            elif path.is_relative_to(self.project.slides) and path.suffix != ".md":
                touched.update(self.decks)  # an image or theme: any deck may show it
        for deck in self.decks if snippet_changes else ():
            snippets = self._snippets_of(deck)
            # A sibling module a snippet imports counts as that snippet's code.
            folders = {path.parent for path in snippets}
            if any(p in snippets or p.parent in folders for p in snippet_changes):
                touched.add(deck)
        return [deck for deck in self.decks if deck in touched]

    def start_snippets(self, changed: Iterable[Path]) -> None:
        """Start running the saved snippets that served decks show, before their rebuild plans
        (parses) those decks: the rebuild then finds them running (`SnippetRunner` shares a
        run of the same request) instead of starting them after its planning."""
        from lecture_tool.errors import LectureError
        from lecture_tool.running.execute import Request
        from lecture_tool.running.snippet import load_snippet

        saved = [p.resolve() for p in changed if p.suffix == ".py"]
        if not saved:
            return
        shown = frozenset().union(*(self._snippets_of(deck) for deck in self.decks))
        for path in saved:
            if path not in shown:
                continue
            try:
                snippet = load_snippet(path)
            except LectureError:
                continue  # the rebuild shows the error on the slide
            self.runner.submit(Request(snippet=snippet, device=self.device, smoke=self.smoke))

    def _snippets_of(self, deck: Path) -> frozenset[Path]:
        """The snippet files `deck` references, planned again only when the deck file changed
        (which files a deck names depends on its text alone)."""
        from lecture_tool.plan import plan_build

        try:
            stat = deck.stat()
            version = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return frozenset()
        known = self._planned.get(deck)
        if known is None or known[0] != version:
            plan = plan_build((deck,), self.project, check=False, collect=True)
            snippets = frozenset(p for d in plan.decks for p in d.snippets)
            known = self._planned[deck] = (version, snippets)
        return known[1]

    def _watch(self) -> None:
        import watchfiles

        folders = [str(f) for f in (self.project.slides, self.project.snippets) if f.is_dir()]
        # A save is one burst of events (an editor's temporary file and rename come within a
        # millisecond or two): 10 ms of quiet ends it, so a rebuild starts about 10 ms after.
        for changes in watchfiles.watch(
            *folders,
            stop_event=self._stop,
            debounce=50,
            step=10,
            rust_timeout=500,
            watch_filter=watch_filter,
        ):
            try:
                self.on_change([Path(path) for _, path in changes])
            except Exception:  # the server outlives any one bad save
                log.exception("rebuild failed")

    def on_change(self, paths: list[Path]) -> None:
        """Act on files that changed: rebuild what they touch (nothing for editor litter or a
        save that changed no byte), and build decks that appeared."""
        paths = self._contents.changed(paths)
        if not paths:
            return
        added = self.refresh_decks()
        self.start_snippets(paths)
        touched = [deck for deck in self.decks_for(paths) if deck not in added]
        self.rebuild([*added, *touched])

    # -- server-sent events ---------------------------------------------------------------

    def _broadcast(self, event: PageEvent) -> None:
        with self._clients_lock:
            for client in self._clients:
                client.put(event)

    def _publish(self, event: dict) -> None:
        """A live-code event (`live.LiveCode`) to every tab."""
        self._broadcast(PageEvent("live", json.dumps(event)))

    def _subscribe(self) -> queue.Queue[PageEvent | None]:
        client: queue.Queue[PageEvent | None] = queue.Queue()
        with self._clients_lock:
            self._clients.append(client)
        return client

    def _unsubscribe(self, client: queue.Queue[PageEvent | None]) -> None:
        with self._clients_lock:
            self._clients.remove(client)

    # -- files ----------------------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """The built file a request path names, or None (404): never anything outside
        `build/html/` (see `serve_guard.resolve`)."""
        return serve_guard.resolve(self.root, url_path)

    def status(self, deck: str) -> dict:
        """`/_status?deck=NAME` (see `serve_pages.status_of`)."""
        return status_of(self.states, self.progress, deck)


def _real_decks(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The decks among `paths`: not an editor's lock or backup that happens to end in `.md`."""
    return tuple(path for path in paths if not is_editor_litter(path))


def _handler(server: DeckServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            if not serve_guard.host_allowed(self.headers.get("Host"), server.port):
                return self._send(HTTPStatus.MISDIRECTED_REQUEST, serve_guard.MISDIRECTED, ".txt")
            url = urlsplit(self.path)
            path = url.path
            problem = serve_guard.path_problem(unquote(path))
            if problem is not None:
                return self._send(problem, f"{problem.value} {problem.phrase}\n", ".txt")
            if path == "/":
                names = sorted(p.stem for p in server.decks)
                return self._send(HTTPStatus.OK, _INDEX.render(decks=names), ".html")
            if path == "/_events":
                return self._events()
            if path.startswith("/_live/"):
                return self._live_asset(path)
            if path == "/_status":
                deck = parse_qs(url.query).get("deck", [""])[0]
                return self._send(HTTPStatus.OK, json.dumps(server.status(deck)), ".json")
            file = server.resolve(self.path)
            name = path[1:].removesuffix(".html")
            state = server.states.get(name) if path.endswith(".html") else None
            # A deck that cannot build shows why; one not built yet, its progress (a page
            # left by the last session is shown meanwhile, until this build replaces it).
            if state and (state.state == FAILED or (state.state == BUILDING and not file)):
                code = HTTPStatus.SERVICE_UNAVAILABLE if state.state == BUILDING else 500
                return self._send(HTTPStatus(code), waiting_page(name, state), ".html")
            if file is None:
                return self._send(HTTPStatus.NOT_FOUND, "not found\n", ".txt")
            body = file.read_bytes()
            if server.live is not None and file.suffix == ".html" and file.parent == server.root:
                body = live_http.with_live_script(body, server.token, file.stem)
            self._send(HTTPStatus.OK, body, file.suffix)

        def do_POST(self) -> None:  # noqa: N802
            status, body, suffix = live_http.post(self, server.live, server.token, server.port)
            self._send(status, body, suffix)

        def _live_asset(self, path: str) -> None:
            status, body, content_type = live_http.asset(path, server.live is not None)
            self._send(status, body, ".txt", content_type)

        def _send(
            self, status: HTTPStatus, body: str | bytes, suffix: str, content_type: str = ""
        ) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            content_type = content_type or _TYPES.get(suffix, "text/plain; charset=utf-8")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            client = server._subscribe()
            try:
                stream_events(self, client)
            finally:
                server._unsubscribe(client)

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug(format, *args)

    return Handler
