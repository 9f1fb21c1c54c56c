"""Issue 14 item 2: header numbers are finite and bounded; the pool survives any timeout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lecture_tool.config import Project
from lecture_tool.errors import SnippetFormatError
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.snippet import Header, parse_snippet

PATH = Path("snippets/x.py")
HINT = " — write e.g. `timeout: 300`"


def _header(line: str) -> str:
    return f"# ---\n# lecture:\n#   {line}\n# ---\n# %% a\nprint(1)\n"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (".nan", "nan"),
        (".inf", "inf"),
        ("-.inf", "-inf"),
        ("0", "0"),
        ("-5", "-5"),
        ("86401", "86401"),
        ("1.0e+400", "inf"),
        ("true", "True"),
        ("'10'", "'10'"),
    ],
)
def test_timeout_must_be_finite_and_at_most_a_day(value, shown):
    with pytest.raises(SnippetFormatError) as caught:
        parse_snippet(_header(f"timeout: {value}"), PATH)
    assert str(caught.value) == (
        f"snippets/x.py:2: `timeout` must be a number of seconds in (0, 86400], not {shown}{HINT}"
    )


def test_a_day_and_fractions_of_a_second_are_accepted():
    assert parse_snippet(_header("timeout: 86400"), PATH).header.timeout == 86400.0
    assert parse_snippet(_header("timeout: 0.5"), PATH).header.timeout == 0.5


@pytest.mark.parametrize(("value", "shown"), [("-1", "-1"), ("4294967296", "4294967296")])
def test_seed_must_fit_every_generator(value, shown):
    with pytest.raises(SnippetFormatError) as caught:
        parse_snippet(_header(f"seed: {value}"), PATH)
    assert str(caught.value) == (
        f"snippets/x.py:2: `seed` must be an integer in [0, 4294967295] or null, not {shown}"
    )


def test_the_pool_survives_timeouts_that_bypass_the_header(tmp_path):
    """A Header built in code (not parsed) with NaN or inf must neither kill the pool nor
    disable the limit: the snippet after them still runs in the same pool."""
    root = tmp_path
    (root / "snippets").mkdir()
    project = Project(root, root / "slides", root / "snippets", root / "data", root / "build")
    path = root / "snippets" / "a.py"
    path.write_text("# %% a\nprint('ran')\n")
    snippet = parse_snippet(path.read_text(), path)
    with Engine(project, jobs=1) as engine:
        for timeout in (float("nan"), float("inf"), 1e308):
            result = engine.run(_with_timeout(snippet, timeout))
            assert (result.status, result.cells[0].stdout) == ("passed", "ran\n"), timeout
        # A negative limit is already over (the snippet may or may not finish first).
        assert engine.run(_with_timeout(snippet, -1.0)).status in ("passed", "failed")
        assert engine.run(Request(snippet=snippet, device="cpu")).status == "passed"


def _with_timeout(snippet, timeout: float) -> Request:
    return Request(snippet=replace(snippet, header=Header(timeout=timeout)), device="cpu")
