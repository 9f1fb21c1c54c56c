"""`lecture-tool run`: human and JSON output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SNIPPET = """\
# ---
# lecture:
#   smoke: {N: 2}
# ---
# %% params
N = 5

# %% show
print("N is", N)

# %% plot
import matplotlib.pyplot as plt
plt.plot(range(N))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "ok.py").write_text(SNIPPET)
    (tmp_path / "snippets" / "bad.py").write_text(
        "# %% a\nprint('hi')\n# %% b\nraise KeyError('k')\n"
    )
    return tmp_path


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lecture_tool", "run", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_json_is_one_document_with_the_contract_fields(project):
    done = _run(project, "snippets/ok.py", "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"snippet", "status", "reason", "device", "torch", "duration", "cells"}
    assert (document["snippet"], document["status"], document["device"]) == (
        "snippets/ok.py",
        "passed",
        "cpu",
    )
    cells = document["cells"]
    assert [c["name"] for c in cells] == ["params", "show", "plot"]
    assert set(cells[0]) == {"name", "status", "stdout", "stderr", "figures", "error", "duration"}
    assert cells[1]["stdout"] == "N is 2\n"
    assert len(cells[2]["figures"]) == 1 and cells[2]["figures"][0].endswith("plot-1.png")
    assert (project / cells[2]["figures"][0]).is_file()


def test_cell_option_runs_up_to_the_cell_and_shows_only_it(project):
    done = _run(project, "snippets/ok.py", "--cell", "show", "--json")
    document = json.loads(done.stdout)
    assert [(c["name"], c["stdout"]) for c in document["cells"]] == [("show", "N is 5\n")]


def test_failed_snippet_exits_1_with_the_error_in_human_output(project):
    done = _run(project, "snippets/bad.py")
    assert done.returncode == 1
    assert "── a ── passed" in done.stdout and "hi" in done.stdout
    assert 'File "snippets/bad.py", line 4, in <module>' in done.stdout
    assert "KeyError: 'k'" in done.stdout
    assert "failed on cpu" in done.stdout.splitlines()[-1]


def test_json_failure_has_error_fields(project):
    document = json.loads(_run(project, "snippets/bad.py", "--json").stdout)
    error = document["cells"][1]["error"]
    assert (document["status"], error["type"], error["line"]) == ("failed", "KeyError", 4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["snippets/missing.py"], "no such snippet file: snippets/missing.py"),
        (["snippets/ok.py", "--cell", "nope"], "no cell named 'nope'"),
        (["snippets/ok.py", "--device", "tpu"], "invalid choice: 'tpu'"),
    ],
)
def test_usage_and_input_errors_exit_2(project, args, message):
    done = _run(project, *args)
    assert done.returncode == 2
    assert message in done.stderr
