"""The result cache: keys change with inputs; damaged entries are misses."""

from __future__ import annotations

from pathlib import Path

from lecture_tool.cache import ResultCache, cache_key, local_imports
from lecture_tool.results import CellResult, Figure, SnippetResult
from lecture_tool.snippet import parse_snippet


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


def test_store_and_load_round_trip_only_for_passed_results(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    passed = SnippetResult(
        snippet=Path("s.py"), status="passed", cells=(CellResult("a", "passed"),)
    )
    cache.store("k1", passed)
    cache.store("k2", SnippetResult(snippet=Path("s.py"), status="failed"))
    assert cache.load("k1") == passed
    assert cache.load("k2") is None
    assert list((tmp_path / "cache").glob("*.tmp")) == []


def test_damaged_entry_or_missing_figure_is_a_miss(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "bad.pickle").write_bytes(b"\x80\x04garbage")
    assert cache.load("bad") is None
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
