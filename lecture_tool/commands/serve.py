"""`lecture-tool serve`: the built decks on 127.0.0.1, rebuilt on every save, with live reload.

One warm `SnippetRunner` lives as long as the server, so a snippet edit costs that snippet's
run, not a pool start. A deck edit rebuilds that deck only (its results come from the
cache); a snippet edit rebuilds the decks that reference it (only that snippet reruns). Each
rebuild is a `--keep-going` build: a failing snippet or broken reference is an error box on
its slide, and the server keeps running. Open tabs hear `reload` on `/_events`
(server-sent events) and reload on the slide they show.
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
from urllib.parse import unquote, urlsplit

import jinja2

from lecture_tool.commands import live_http
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
        build through `runner`, with `device` and `smoke`) and reports; the CLI passes the
        pipeline's build."""
        self.project = project
        self.device, self.smoke = device, smoke
        self.decks = tuple(deck_paths(tuple(decks), project))
        self.build_decks = build_decks
        self.root = (project.build / "html").resolve()
        self.runner = SnippetRunner(project, jobs=jobs, frozen=frozen)
        self.token = secrets.token_urlsafe(32)
        """Live code's per-serve secret: the served pages carry it, no other page can."""
        self.live = None
        if live:
            from lecture_tool.commands.live import LiveCode

            self.live = LiveCode(
                project, self.runner, self.decks, self._publish, device=device, smoke=smoke
            )
        self._planned: dict[Path, tuple[tuple[int, int], frozenset[Path]]] = {}
        self._clients: list[queue.Queue[str | None]] = []
        self._clients_lock = threading.Lock()
        self._stop = threading.Event()
        self._serving = False
        try:
            self.http = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        except OSError as exc:
            raise ServeError(
                f"cannot listen on 127.0.0.1:{port} ({exc.strerror})",
                hint="another server may be using it; pass --port with a free port",
            ) from None
        self.http.daemon_threads = True

    @property
    def port(self) -> int:
        return self.http.server_address[1]

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Build every served deck, then serve and watch in background threads."""
        self.runner.engine.start()
        self.rebuild(self.decks)
        self._serving = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        # Which snippets each deck reads, known before the first snippet save.
        threading.Thread(
            target=lambda: [self._snippets_of(d) for d in self.decks], daemon=True
        ).start()

    def close(self) -> None:
        self._stop.set()
        with self._clients_lock:
            for client in self._clients:
                client.put(None)
        if self._serving:  # shutdown() waits for serve_forever, forever if it never ran
            self.http.shutdown()
        self.http.server_close()
        self.runner.close()

    # -- rebuilding -----------------------------------------------------------------------

    def rebuild(self, decks: Iterable[Path]) -> None:
        decks = tuple(decks)
        if decks:
            self.build_decks(decks, self.runner)
            for deck in decks:
                self._broadcast(f"{deck.stem}.html")

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
            *folders, stop_event=self._stop, debounce=50, step=10, rust_timeout=500
        ):
            try:
                paths = [Path(path) for _, path in changes]
                self.start_snippets(paths)
                self.rebuild(self.decks_for(paths))
            except Exception:  # the server outlives any one bad save
                log.exception("rebuild failed")

    # -- server-sent events ---------------------------------------------------------------

    def _broadcast(self, page: str) -> None:
        self._send_event("reload", page)

    def _publish(self, event: dict) -> None:
        """A live-code event (`live.LiveCode`) to every tab."""
        self._send_event("live", json.dumps(event))

    def _send_event(self, name: str, data: str) -> None:
        frame = f"event: {name}\n" + "".join(f"data: {line}\n" for line in data.split("\n"))
        with self._clients_lock:
            for client in self._clients:
                client.put(frame + "\n")

    def _subscribe(self) -> queue.Queue[str | None]:
        client: queue.Queue[str | None] = queue.Queue()
        with self._clients_lock:
            self._clients.append(client)
        return client

    def _unsubscribe(self, client: queue.Queue[str | None]) -> None:
        with self._clients_lock:
            self._clients.remove(client)

    # -- files ----------------------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """The built file a request path names, or None (404): never anything outside
        `build/html/`, whatever `..`, encoded slashes or absolute paths it holds."""
        path = unquote(urlsplit(url_path).path)
        if not path.startswith("/") or path.startswith("//") or "\\" in path or "\0" in path:
            return None
        parts = path[1:].split("/")
        if any(part in ("..", ".") for part in parts):
            return None
        candidate = (self.root / path[1:]).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate


def _handler(server: DeckServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            path = urlsplit(self.path).path
            if path == "/":
                names = sorted(p.stem for p in server.decks)
                return self._send(HTTPStatus.OK, _INDEX.render(decks=names), ".html")
            if path == "/_events":
                return self._events()
            if path.startswith("/_live/"):
                return self._live_asset(path)
            file = server.resolve(self.path)
            if file is None:
                return self._send(HTTPStatus.NOT_FOUND, "not found\n", ".txt")
            body = file.read_bytes()
            if server.live is not None and file.suffix == ".html" and file.parent == server.root:
                body = live_http.with_live_script(body, server.token, file.stem)
            self._send(HTTPStatus.OK, body, file.suffix)

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            if server.live is None or not path.startswith("/_live/"):
                return self._send(HTTPStatus.FORBIDDEN, "forbidden\n", ".txt")
            why = live_http.refusal("POST", self.headers, server.token, server.port)
            if why is not None:
                log.warning("live request refused: %s", why)
                return self._send(HTTPStatus.FORBIDDEN, f"forbidden: {why}\n", ".txt")
            body = live_http.read_body(self)
            if body is None:
                return self._send(HTTPStatus.BAD_REQUEST, "a JSON object is expected\n", ".txt")
            status, answer = live_http.answer(server.live, path, body)
            self._send(status, json.dumps(answer), ".json")

        def _live_asset(self, path: str) -> None:
            asset = live_http.ASSETS.get(path) if server.live is not None else None
            if asset is None:  # a GET can never run anything
                return self._send(HTTPStatus.FORBIDDEN, "forbidden\n", ".txt")
            name, content_type = asset
            data = (live_http.STATIC / name).read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _send(self, status: HTTPStatus, body: str | bytes, suffix: str) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", _TYPES.get(suffix, "text/plain; charset=utf-8"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            client = server._subscribe()
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        page = client.get(timeout=15)
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")  # notices a closed tab
                    else:
                        if page is None:
                            return
                        self.wfile.write(page.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                server._unsubscribe(client)

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug(format, *args)

    return Handler
