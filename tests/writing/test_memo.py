"""Highlighting and math kept on disk: a second process answers without Pygments or
latex2mathml, and a wrong formula is never remembered."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lecture_tool.writing import memo as memo_module
from lecture_tool.writing.memo import DiskMemo

ROOT = Path(__file__).resolve().parents[2]
RENDER = """
import sys
from lecture_tool.writing.listing import code_block
from lecture_tool.writing.mathml import latex_to_mathml
print(code_block("x = [1, 2]\\nprint(x)\\n", "python", highlight=(2,)))
print(code_block("y = 3\\n", "python"))
print(latex_to_mathml(r"\\frac{1}{N} \\sum_i x_i", True))
print("imported:", "pygments" in sys.modules, "latex2mathml" in sys.modules)
"""


def _render(cache: Path) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", RENDER], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_a_second_build_highlights_and_converts_without_importing_either(tmp_path):
    first = _render(tmp_path)
    assert first[-1] == "imported: True True"
    second = _render(tmp_path)
    assert second[-1] == "imported: False False"
    assert second[:-1] == first[:-1]  # the very same markup
    page = "\n".join(first)
    assert '<span class="lt-line hl" data-lt-final><span class="lt-nb">print</span>' in page
    assert '<math display="block"' in page


def test_errors_are_raised_every_time_and_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "module.py"
    source.write_text("v1")
    calls = []

    def compute(text: str) -> str:
        calls.append(text)
        if text == "bad":
            raise ValueError("no")
        return text.upper()

    memo = DiskMemo("t", (str(source),), ())
    shout = memo(compute)
    assert shout("ok") == "OK"
    for _ in range(2):
        with pytest.raises(ValueError):
            shout("bad")
    memo.save()
    again = DiskMemo("t", (str(source),), ())(compute)  # the next process
    assert again("ok") == "OK"
    assert calls == ["ok", "bad", "bad"]
    source.write_text("v2")  # the module that computes the answers changed
    assert DiskMemo("t", (str(source),), ())(compute)("ok") == "OK"
    assert calls == ["ok", "bad", "bad", "ok"]


def test_two_functions_on_one_memo_keep_their_own_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "module.py"
    source.write_text("v1")
    memo = DiskMemo("t", (str(source),), ())

    @memo
    def base(theme: str) -> str:
        return f"base colours of {theme}"

    @memo
    def variant(theme: str) -> str:
        return f"inverted colours of {theme}"

    assert variant("default") == "inverted colours of default"
    assert base("default") == "base colours of default"
    memo.save()

    def variant(theme: str) -> str:  # the next process: answered from the disk
        raise AssertionError("computed again")

    assert DiskMemo("t", (str(source),), ())(variant)("default") == "inverted colours of default"


def test_a_full_memo_drops_the_answers_written_longest_ago(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(memo_module, "MAX_ENTRIES", 3)
    source = tmp_path / "module.py"
    source.write_text("v1")
    calls = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo = DiskMemo("t", (str(source),), ())
    shout = memo(upper)
    for word in "abcde":
        shout(word)
        memo.save()
        time.sleep(0.01)  # distinct write times
    calls.clear()
    again = DiskMemo("t", (str(source),), ())(upper)  # the next process
    assert [again(word) for word in "abcde"] == list("ABCDE")
    assert calls == ["a", "b"]  # c, d and e were still on disk


def test_a_full_memo_is_pruned_a_tenth_below_its_size_so_saves_seldom_list_it(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "module.py"
    source.write_text("v1")
    memo = DiskMemo("t", (str(source),), (), max_entries=10)
    shout = memo(str.upper)
    listings = []
    real_scandir = memo_module.os.scandir
    monkeypatch.setattr(
        memo_module.os, "scandir", lambda path: listings.append(path) or real_scandir(path)
    )
    for k in range(10):
        shout(f"word {k}")
        memo.save()
        time.sleep(0.01)  # distinct write times
    folder = memo._folder()
    # The first save counts the new folder; the rest add to the count.
    assert [Path(path) for path in listings].count(folder) == 1
    answers = lambda: sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))  # noqa: E731
    assert len(answers()) == 10
    kept = answers()
    shout("word 10")
    memo.save()
    assert len(answers()) == 9  # one over: pruned to a tenth below, the oldest two gone
    assert (folder / memo_module.COUNT_FILE).read_text() == "9"
    for gone in ("word 0", "word 1"):
        assert memo._file(f"str.upper\0{gone}").name not in answers()
    assert set(answers()) <= set(kept) | {memo._file("str.upper\0word 10").name}


def test_a_memo_written_before_its_count_was_kept_is_counted_and_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "module.py"
    source.write_text("v1")
    memo = DiskMemo("t", (str(source),), (), max_entries=10)
    folder = memo._folder()
    folder.mkdir(parents=True)
    for k in range(30):  # an older tool's folder: answers and no count
        (folder / f"{k:032x}").write_text("old")
    time.sleep(0.01)  # the new answer is written last
    memo(str.upper)("new")
    memo.save()
    assert len([p for p in folder.iterdir() if not p.name.startswith(".")]) == 9
    assert (folder / memo._file("str.upper\0new").name).exists()
