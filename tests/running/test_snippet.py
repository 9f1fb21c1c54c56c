"""Snippet files: cells, header and every format error with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.errors import SnippetFormatError
from lecture_tool.running.snippet import DEFAULT_TIMEOUT, Header, parse_snippet

PATH = Path("snippets/x.py")


def test_header_and_named_cells():
    snippet = parse_snippet(
        "# ---\n"
        "# lecture:\n"
        "#   requires: [cuda, torchvision]\n"
        "#   timeout: 300\n"
        "#   smoke: {EPOCHS: 1}\n"
        "#   seed: 3\n"
        "# ---\n"
        "# %% params\n"
        "EPOCHS = 10\n"
        "\n"
        "# %% to-numpy [raises=TypeError]\n"
        "\n"
        "x.numpy()\n",
        PATH,
    )
    assert snippet.header == Header(
        requires=("cuda", "torchvision"), timeout=300.0, smoke=(("EPOCHS", 1),), seed=3
    )
    params, to_numpy = snippet.cells
    assert (params.name, params.source, params.line, params.raises) == (
        "params",
        "EPOCHS = 10",
        9,
        None,
    )
    assert (to_numpy.name, to_numpy.source, to_numpy.line, to_numpy.raises) == (
        "to-numpy",
        "x.numpy()",
        13,
        "TypeError",
    )
    assert snippet.body.startswith("# %% params\n")


def test_untitled_cells_are_numbered_from_one_including_code_before_the_first_marker():
    snippet = parse_snippet("import torch\n# %%\nx = 1\n# %% named\ny = 2\n# %%\nz = 3\n", PATH)
    assert [(c.name, c.line) for c in snippet.cells] == [("1", 1), ("2", 3), ("named", 5), ("3", 7)]


def test_no_markers_is_one_cell_and_default_header():
    snippet = parse_snippet("\nprint(1)\n", PATH)
    assert snippet.header == Header()
    assert snippet.header.timeout == DEFAULT_TIMEOUT
    assert [(c.name, c.source, c.line) for c in snippet.cells] == [("1", "print(1)", 2)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# ---\n# lecture:\n#   smoke: {A: [1\n# ---\n", "snippets/x.py:3: invalid header YAML"),
        (
            "# ---\n# lecture:\n#   timeout: -1\n# ---\n",
            "snippets/x.py:2: `timeout` must be a number of seconds in (0, 86400], not -1",
        ),
        (
            "# ---\n# lecture:\n#   retries: 2\n# ---\n",
            "snippets/x.py:2: unknown header key 'retries' — known keys: exclusive, requires, seed, smoke, timeout",
        ),
        ("# ---\n# lecture: {}\n", "snippets/x.py:1: header opened with '# ---' is never closed"),
        (
            "# %% a\nx = 1\n# %% a\ny = 2\n",
            "snippets/x.py:3: duplicate cell name 'a' — cell names must be unique",
        ),
        ("# %% Bad Name\n", "snippets/x.py:1: invalid cell marker '# %% Bad Name'"),
        (
            "# %% Upper\n",
            "snippets/x.py:1: invalid cell name 'Upper' — use lowercase letters, digits, '-' and '_'",
        ),
        ("x = 1\n# %% a [retry=2]\n", "snippets/x.py:2: unknown cell option 'retry=2'"),
    ],
)
def test_format_errors_name_file_and_line(text, message):
    with pytest.raises(SnippetFormatError) as caught:
        parse_snippet(text, PATH)
    assert str(caught.value).startswith(message)


def test_solution_and_exercise_cells(tmp_path):
    text = (
        "# %% relu [solution]\nprint('SOLVED')\n\n"
        "# %% relu-exercise\ndef relu(x):\n    ...  # your code here\n"
    )
    snippet = parse_snippet(text, tmp_path / "ex.py")
    assert [(c.name, c.solution, c.is_exercise) for c in snippet.cells] == [
        ("relu", True, False),
        ("relu-exercise", False, True),
    ]


def test_exercise_cell_that_does_not_compile_names_its_line(tmp_path):
    text = "# %% a [solution]\nx = 1\n# %% a-exercise\nx = (\n"
    with pytest.raises(SnippetFormatError, match=r"exercise cell 'a-exercise' does not compile"):
        parse_snippet(text, tmp_path / "ex.py")


def test_exclusive_header(tmp_path):
    text = "# ---\n# lecture:\n#   exclusive: true\n# ---\nprint(1)\n"
    assert parse_snippet(text, tmp_path / "t.py").header.exclusive is True
    with pytest.raises(SnippetFormatError, match="`exclusive` must be true or false"):
        parse_snippet(text.replace("true", "3"), tmp_path / "t.py")
