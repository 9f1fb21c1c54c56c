"""100 concurrent requests to `serve`: the slowest answer with the listen backlog it had (5)
and with today's (`_Server.request_queue_size`), in one process, as a ratio.

    python bench/serve_load.py
"""

from __future__ import annotations

import http.client
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lecture_tool.commands import serve
from lecture_tool.config import load_project


def slowest(backlog: int, root: Path, clients: int = 100) -> float:
    serve._Server.request_queue_size = backlog
    project = load_project(root)
    server = serve.DeckServer(project, (), lambda decks, runner: None, port=0)
    server._serving = True
    import threading

    threading.Thread(target=server.http.serve_forever, daemon=True).start()

    def fetch(_):
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/deck.html")
        connection.getresponse().read()
        connection.close()
        return time.monotonic() - start

    try:
        with ThreadPoolExecutor(clients) as pool:
            return max(pool.map(fetch, range(clients)))
    finally:
        server.http.shutdown()
        server.http.server_close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
        (root / "slides").mkdir()
        (root / "slides" / "deck.md").write_text("# deck\n")
        (root / "build" / "html").mkdir(parents=True)
        (root / "build" / "html" / "deck.html").write_text("<p>" + "x" * 200_000)
        today = serve._Server.request_queue_size
        old = max(slowest(5, root) for _ in range(3))
        new = max(slowest(today, root) for _ in range(3))
        print(
            f"slowest of 100 concurrent requests: backlog 5 {old:.3f} s, "
            f"backlog {today} {new:.3f} s, ratio {old / new:.1f}x"
        )
    sys.exit(0)


if __name__ == "__main__":
    main()
