"""The pytest plugin, run through pytester in a throwaway project."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyprojecttoml(
        '[tool.lecture_tool]\n[tool.pytest.ini_options]\ntestpaths = ["snippets"]\n'
    )
    snippets = pytester.mkdir("snippets")
    (snippets / "deck").mkdir()
    (snippets / "deck" / "good.py").write_text(
        "# ---\n# lecture:\n#   smoke: {N: 1}\n# ---\n# %% params\nN = 1000\n# %% show\nprint(N)\n"
    )
    (snippets / "deck" / "bad.py").write_text("# %% setup\nx = 1\n# %% oops\nx.append(2)\n")
    (snippets / "deck" / "gpu.py").write_text(
        "# ---\n# lecture:\n#   requires: [cuda]\n# ---\n# %% a\nprint(1)\n"
    )
    (snippets / "deck" / "_helper.py").write_text("VALUE = 3\n")  # underscore: not a snippet
    (snippets / "deck" / "plain.py").write_text("from _helper import VALUE\nprint(VALUE)\n")
    return pytester


def test_items_per_snippet_with_cpu_ids(project):
    result = project.runpytest_subprocess("--collect-only", "-q")
    lines = [line for line in result.outlines if "::" in line]
    assert sorted(lines) == [
        "snippets/deck/bad.py::cpu",
        "snippets/deck/good.py::cpu",
        "snippets/deck/gpu.py::cpu",
        "snippets/deck/plain.py::cpu",
    ]


def test_pass_fail_and_skip_with_cell_line_and_traceback(project):
    result = project.runpytest_subprocess("-rs")
    result.assert_outcomes(passed=2, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*snippets/deck/bad.py:4: cell 'oops' failed*",
            '*File "snippets/deck/bad.py", line 4, in <module>*',
            "*AttributeError: 'int' object has no attribute 'append'*",
            "*requires CUDA, but the device is cpu*",
        ]
    )


def test_smoke_by_default_and_full_with_the_option(project):
    smoke = project.runpytest_subprocess("snippets/deck/good.py", "-rP")
    smoke.stdout.fnmatch_lines(["*stdout show*", "1"])
    full = project.runpytest_subprocess("snippets/deck/good.py", "-rP", "--lecture-full")
    full.stdout.fnmatch_lines(["*stdout show*", "1000"])


def test_a_snippet_named_on_the_command_line_is_never_imported_by_pytest(pytester):
    # No pytest settings at all: pytest's own collector would import `x.py` as a test
    # module, running its code at collection; the plugin owns it instead.
    pytester.makepyprojecttoml("[tool.lecture_tool]\n")
    folder = pytester.mkdir("snippets") / "demo"
    folder.mkdir()
    (folder / "x.py").write_text("# %% a\nprint('hi')\n# %% b\nraise SystemExit('boom')\n")
    (folder / "test_y.py").write_text("# %% a\nassert 1 / 0\n")
    for args in (["snippets/demo/x.py"], ["snippets/demo"], ["snippets", "-k", "x"]):
        result = pytester.runpytest_subprocess(*args)
        result.stdout.no_fnmatch_line("*error*collecting*")
        result.stdout.fnmatch_lines(["*snippets/demo/x.py*cell 'b' failed*"])
    result = pytester.runpytest_subprocess("snippets/demo/test_y.py", "--collect-only", "-q")
    assert [line for line in result.outlines if "::" in line] == ["snippets/demo/test_y.py::cpu"]
