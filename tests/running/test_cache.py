"""The result cache: keys change with inputs; damaged entries are misses."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from lecture_tool.files import build_lock
from lecture_tool.running.cache import (
    ResultCache,
    cache_info,
    cache_key,
    clear_cache,
    local_imports,
)
from lecture_tool.running.results import CellResult, ErrorInfo, Figure, SnippetResult
from lecture_tool.running.snippet import parse_snippet


def _snippet(tmp_path: Path, text: str = "# %% a\nimport helper\nprint(1)\n"):
    path = tmp_path / "s.py"
    path.write_text(text)
    return parse_snippet(text, path)


def _key(snippet, **changes):
    options = {"device": "cpu", "smoke": True, "torch": "2.5.0", **changes}
    return cache_key(snippet, **options)


def test_key_changes_with_every_input(tmp_path):
    (tmp_path / "helper.py").write_text("X = 1\n")
    snippet = _snippet(tmp_path)
    base = _key(snippet)
    assert base == _key(snippet)
    assert base != _key(snippet, smoke=False)
    assert base != _key(snippet, device="cuda")
    assert base != _key(snippet, extra="print(1)")
    assert _key(snippet, extra="a") != _key(snippet, extra="b")
    assert base != _key(snippet, torch="2.6.0")
    assert base != _key(_snippet(tmp_path, "# %% a\nimport helper\nprint(2)\n"))
    (tmp_path / "helper.py").write_text("X = 2\n")
    assert base != _key(snippet)
    assert local_imports(snippet) == [tmp_path / "helper.py"]


def test_store_and_load_round_trip_passed_and_skipped_results_as_json(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    error = ErrorInfo("TypeError", "no", 3, "Traceback\nTypeError: no")
    passed = SnippetResult(
        snippet=Path("/p/s.py"),
        status="passed",
        device="cpu",
        torch="2.5.0",
        duration=1.5,
        cells=(CellResult("a", "passed", stdout="1\n", error=error, duration=1.5),),
    )
    skipped = SnippetResult(snippet=Path("/p/s.py"), status="skipped", reason="requires CUDA")
    cache.store("k1", passed)
    cache.store("k2", SnippetResult(snippet=Path("s.py"), status="failed"))
    cache.store("k3", skipped)
    assert cache.load("k1") == passed
    assert cache.load("k2") is None
    assert cache.load("k3") == skipped
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["k1.json", "k3.json"]
    # JSON, not a pickle: reading an entry cannot run code.
    assert json.loads((tmp_path / "cache" / "k1.json").read_text())["cells"][0]["stdout"] == "1\n"


def test_damaged_entry_or_missing_figure_is_a_miss(tmp_path, caplog):
    cache = ResultCache(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "bad.json").write_text('{"format": 1, "cells": [')
    (tmp_path / "cache" / "old.json").write_text('{"format": 0}')
    assert cache.load("bad") is None
    assert cache.load("old") is None
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0].startswith(
        f"{tmp_path / 'cache' / 'bad.json'}: ignoring damaged cache entry"
    )
    assert messages[0].endswith("— it will be rebuilt")
    assert "format 0, expected 1" in messages[1]
    figure = Figure(png=tmp_path / "gone.png", svg=tmp_path / "gone.svg")
    result = SnippetResult(
        snippet=Path("s.py"), status="passed", cells=(CellResult("a", "passed", figures=(figure,)),)
    )
    cache.store("fig", result)
    assert cache.load("fig") is None


def test_key_changes_with_data_the_snippet_names_beside_it(tmp_path):
    (tmp_path / "verses.txt").write_text("the river\n")
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "English.txt").write_text("Smith\n")
    (tmp_path / "unused.txt").write_text("x\n")
    snippet = _snippet(tmp_path, "# %% a\nopen('verses.txt')\nPath('names').glob('*.txt')\n")
    base = _key(snippet)
    (tmp_path / "unused.txt").write_text("y\n")
    assert _key(snippet) == base
    (tmp_path / "verses.txt").write_text("the sea\n")
    edited = _key(snippet)
    assert edited != base
    (tmp_path / "names" / "English.txt").write_text("Jones\n")
    assert _key(snippet) != edited


def test_info_counts_entries_and_clear_removes_them_and_their_figures(tmp_path):
    build = tmp_path / "build"
    cache = ResultCache(build / "cache")
    assert cache_info(build).entries == 0 and cache_info(build).oldest is None
    (build / "figures" / "s@abc").mkdir(parents=True)
    (build / "figures" / "s@abc" / "a-1.svg").write_text("x" * 100)
    for key in ("k1", "k2"):
        cache.store(key, SnippetResult(snippet=Path("/p/s.py"), status="passed"))
    info = cache_info(build)
    assert info.entries == 2
    assert info.size == 100 + sum(p.stat().st_size for p in (build / "cache").glob("*.json"))
    assert abs(info.oldest - time.time()) < 60
    assert info.lines(build / "cache")[:2] == [f"cache: {build / 'cache'}", "entries: 2"]
    assert clear_cache(build) == 2
    assert cache_info(build).entries == 0
    assert not (build / "figures").exists()


def test_lock_makes_a_second_build_wait(tmp_path):
    """While one process holds the lock, another's `build_lock` blocks until it is released."""
    script = (
        "import sys, time; from pathlib import Path; from lecture_tool.files import build_lock\n"
        "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(0.6)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    start = time.monotonic()
    with build_lock(tmp_path):
        waited = time.monotonic() - start
    holder.wait()
    assert waited > 0.3
