"""Notebooks that run top to bottom in a fresh kernel as the slides ran their snippets: one
namespace per snippet file, the files a snippet reads beside itself, GPU cells that print
the slides' notice on a CPU, exercises in nbgrader's form with the cells that need them held
back (tests/data/notebooks), and the pure parts of that (exercise rewriting, names, files)."""

from __future__ import annotations

import base64
import os
import shutil
import textwrap
import zlib
from pathlib import Path

import nbformat
import pytest

from lecture_tool.config import load_project
from lecture_tool.errors import BrokenReference
from lecture_tool.pipeline import BuildOptions, build
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.notebook_code import (
    as_exercise,
    bound_names,
    exercise_gates,
    free_names,
)
from lecture_tool.writing.notebook_files import PACK_LIMIT, collect_files, raw_url_base

DATA = Path(__file__).parents[1] / "data" / "notebooks"
GPU_NOTICE = (
    "runtime/gpu.py was not run here: requires CUDA, but CUDA is not available. "
    "On Colab: Runtime > Change runtime type > a GPU (T4 GPU), then Runtime > Run all.\n"
)
GATE_NOTICE = (
    "This cell needs the exercise 'square' above (runtime/exercise.py): write it (replace "
    "its `raise NotImplementedError()`), run it, then run this cell again.\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("notebooks") / "project"
    shutil.copytree(DATA, root)
    for student in (False, True):
        options = BuildOptions(targets=("notebook",), device="cpu", smoke=True, student=student)
        report = build(options, project=load_project(root))
        assert report.problems == []
    return root


def run_notebook(path: Path, folder: Path, *, edit=None) -> nbformat.NotebookNode:
    """`path` run top to bottom in a fresh kernel in `folder` (as `jupyter execute` does:
    an error outside a `raises-exception` cell fails)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    if edit is not None:
        edit(notebook)
    folder.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    return notebook


def cell_of(notebook, first_line: str):
    return next(c for c in notebook.cells if c.source.split("\n", 1)[0] == first_line)


def printed(cell) -> str:
    return "".join(o["text"] for o in cell.outputs if o["output_type"] == "stream")


def test_each_snippet_keeps_its_own_names(project, tmp_path):
    """scalars.py rebinds `F` and `x` and draws random numbers between two cells of
    tensors.py; the notebook still prints what the slides printed (each file ran alone)."""
    built = project / "build" / "notebooks" / "clash.ipynb"
    captured = nbformat.read(built, as_version=4)
    use = printed(cell_of(captured, "# clash/tensors.py, cell use"))
    assert use.startswith("tensor([0., 0., 4.])\ntensor([")
    fresh = run_notebook(built, tmp_path)
    assert printed(cell_of(fresh, "# clash/tensors.py, cell use")) == use
    assert printed(cell_of(fresh, "# clash/scalars.py, cell rebind")) == "392.0\n"


def test_files_beside_a_snippet_gpu_notice_and_smoke_values(project, tmp_path):
    built = project / "build" / "notebooks" / "runtime.ipynb"
    setup = nbformat.read(built, as_version=4).cells[1]
    assert "'snippets/runtime/words.txt': 'alpha beta gamma\\ndelta epsilon\\n'" in setup.source
    assert "'snippets/runtime/textutil.py': " in setup.source  # a module it imports
    fresh = run_notebook(built, tmp_path)
    read = cell_of(fresh, "# runtime/words.py, cell read")
    assert printed(read) == "5 words, the longest: epsilon\n"
    assert (tmp_path / "snippets" / "runtime" / "words.txt").read_text().startswith("alpha")
    assert (tmp_path / "snippets" / "runtime" / "textutil.py").is_file()
    # No GPU here: both cells print the notice, the second one never meets a NameError.
    assert printed(cell_of(fresh, "# runtime/gpu.py, cell on-gpu")) == GPU_NOTICE
    assert printed(cell_of(fresh, "# runtime/gpu.py, cell after")) == GPU_NOTICE
    params = cell_of(fresh, "# runtime/train.py, cell params")
    assert params.source.endswith("\nEPOCHS = 2")
    assert printed(cell_of(fresh, "# runtime/train.py, cell train")) == "2 epochs\n"


def test_instructor_notebook_runs_the_solution(project, tmp_path):
    fresh = run_notebook(project / "build" / "notebooks" / "runtime.ipynb", tmp_path)
    square = cell_of(fresh, "# runtime/exercise.py, cell square")
    assert "return v * v" in square.source
    assert printed(cell_of(fresh, "# runtime/exercise.py, cell report")) == "square(7) = 49\n"


def test_student_exercise_raises_until_written_and_holds_back_what_needs_it(project, tmp_path):
    built = project / "build" / "student" / "notebooks" / "runtime.ipynb"
    fresh = run_notebook(built, tmp_path / "unwritten")
    exercise = cell_of(fresh, "# runtime/exercise.py, exercise square")
    assert exercise.source.splitlines()[1:] == [
        "def square(v):",
        "    raise NotImplementedError()  # return v times itself",
    ]
    assert exercise.metadata["tags"] == ["raises-exception"]
    assert exercise.metadata["nbgrader"]["solution"] is True
    assert exercise.metadata["nbgrader"]["grade_id"] == "runtime-exercise-square"
    # `check` calls square(): it says so instead of raising; `report` needs check's `result`.
    assert printed(cell_of(fresh, "# runtime/exercise.py, cell check")) == GATE_NOTICE
    assert printed(cell_of(fresh, "# runtime/exercise.py, cell report")) == GATE_NOTICE
    # A solution with no exercise version: hidden, the student writes it whole.
    cube = cell_of(fresh, "# runtime/exercise.py, exercise cube")
    assert cube.source.splitlines()[1:] == [
        "# solution hidden — try the exercise first",
        "raise NotImplementedError()  # YOUR CODE HERE",
    ]
    assert [o["ename"] for o in cube.outputs if o["output_type"] == "error"] == [
        "NotImplementedError"
    ]
    assert printed(cell_of(fresh, "# runtime/exercise.py, cell cube-check")) == GATE_NOTICE.replace(
        "'square'", "'cube'"
    )

    def write_it(notebook):
        cell = cell_of(notebook, "# runtime/exercise.py, exercise square")
        cell.source = cell.source.replace("raise NotImplementedError()", "return v * v")

    written = run_notebook(built, tmp_path / "written", edit=write_it)
    assert printed(cell_of(written, "# runtime/exercise.py, cell report")) == "square(7) = 49\n"
    check = cell_of(written, "# runtime/exercise.py, cell cube-check")
    assert printed(check) == GATE_NOTICE.replace("'square'", "'cube'")  # still unwritten


def test_a_binary_file_rides_packed_and_one_too_big_fails_the_build(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    weights = root / "snippets" / "runtime" / "weights.bin"
    weights.write_bytes(b"\x00\xff" * 10)
    words = root / "snippets" / "runtime" / "words.py"
    words.write_text(
        words.read_text()
        + '\n# %% weights\nprint(len((Path(__file__).parent / "weights.bin").read_bytes()))\n'
    )
    deck = root / "slides" / "runtime.md"
    options = BuildOptions(decks=(deck,), targets=("notebook",), device="cpu", smoke=True)
    notebook = root / "build" / "notebooks" / "runtime.ipynb"
    build(options, project=load_project(root))
    setup = nbformat.read(notebook, as_version=4).cells[1]
    packed = base64.b64encode(zlib.compress(weights.read_bytes(), 9)).decode()
    assert f"'snippets/runtime/weights.bin': {{'zlib_base64': '{packed}'}}" in setup.source

    # Past what a notebook carries (incompressible bytes), it is a build error at the deck line.
    weights.write_bytes(os.urandom(PACK_LIMIT + 1024))
    notebook.unlink()
    with pytest.raises(BrokenReference) as failure:
        build(options, project=load_project(root))
    assert str(failure.value).startswith(
        f"{deck}:11: runtime/words.py reads weights.bin beside itself, which the notebook "
        "cannot carry ("
    )
    assert "set notebook_url" in str(failure.value)
    assert not notebook.exists()
    # With the repository the notebooks are published in, the notebook downloads it.
    (root / "pyproject.toml").write_text(
        "[tool.lecture_tool]\n"
        'notebook_url = "https://colab.research.google.com/github/org/course/blob/main/notebooks"\n'
    )
    build(options, project=load_project(root))
    setup = nbformat.read(notebook, as_version=4).cells[1]
    assert (
        "DOWNLOADS = {'snippets/runtime/weights.bin': "
        "'https://raw.githubusercontent.com/org/course/main/snippets/runtime/weights.bin'}"
    ) in setup.source


# -- the pure parts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "expected"),
    [
        (  # a bare `...` keeps its comment; a value `...` is followed by the raise
            """\
            total = ...        # TODO: sum them
            mean = ...
            print(mean)
            for v in values:
                ...  # one line per value
            """,
            """\
            total = ...        # TODO: sum them
            mean = ...
            raise NotImplementedError()  # replace the ... above
            print(mean)
            for v in values:
                raise NotImplementedError()  # one line per value
            """,
        ),
        (
            """\
            def f(x):
                return ...
            y = x[..., 0]
            """,
            """\
            def f(x):
                raise NotImplementedError()  # YOUR CODE HERE
            y = x[..., 0]
            """,
        ),
        (  # written in nbgrader's form already: kept as it is
            "def f(x):\n    # TODO: double it\n    raise NotImplementedError\n",
            "def f(x):\n    # TODO: double it\n    raise NotImplementedError\n",
        ),
        (  # no placeholder at all: the cell ends with the raise
            "def f(x):\n    pass\n",
            "def f(x):\n    pass\nraise NotImplementedError()  # YOUR CODE HERE\n",
        ),
    ],
)
def test_as_exercise_follows_nbgrader(exercise, expected):
    source = textwrap.dedent(exercise).rstrip("\n")
    assert as_exercise(source) == textwrap.dedent(expected).rstrip("\n")


def test_names_a_cell_binds_and_reads():
    source = "import torch.nn as nn\nx = f(x)\nfor i, row in enumerate(rows):\n    total += row\n"
    assert bound_names(source) == {"nn", "x", "i", "row", "total"}
    assert free_names(source) == {"f", "x", "enumerate", "rows", "total"}
    # A function reads the cell's names when called, its own parameters and locals are not.
    assert free_names("def g(a):\n    b = a\n    return h(b, y)\ny = 1\n") == {"h", "y"}
    assert free_names("[k * n for k in range(3)]") == {"range", "n"}
    assert bound_names("[k for k in range(3)]") == set()


def test_exercise_gates_follow_what_the_exercise_binds():
    snippet = parse_snippet(
        "# %% data\nv = 3\n# %% ex [solution]\ndef sq(v):\n    return v * v\n"
        "# %% use\nr = sq(v)\n# %% later\nprint(r)\n# %% other\nprint(v)\n"
        "# %% anew\nsq = abs\n# %% after\nprint(sq(-2))\n",
        Path("s.py"),
    )
    exercises = {"ex": [snippet.cell("ex").source]}
    assert exercise_gates(snippet.cells, exercises) == {"use": "ex", "later": "ex"}


@pytest.mark.parametrize(
    ("url", "base"),
    [
        (
            "https://colab.research.google.com/github/org/repo/blob/main/notebooks",
            "https://raw.githubusercontent.com/org/repo/main/",
        ),
        (
            "https://github.com/org/repo/tree/v2/nb",
            "https://raw.githubusercontent.com/org/repo/v2/",
        ),
        ("https://example.org/notebooks", None),
        (None, None),
    ],
)
def test_raw_url_base(url, base):
    assert raw_url_base(url) == base


def test_small_text_files_are_embedded(tmp_path):
    (tmp_path / "a").mkdir()
    snippet_path = tmp_path / "a" / "s.py"
    snippet_path.write_text('# %% x\nopen(Path(__file__).parent / "t.txt")\n')
    (tmp_path / "a" / "t.txt").write_text("hello\n")
    snippet = parse_snippet(snippet_path.read_text(), snippet_path)
    files = collect_files(
        [(snippet, 5)],
        root=tmp_path,
        deck_path=tmp_path / "d.md",
        notebook_url=None,
        shown=str,
    )
    assert files.embedded == {"a/t.txt": "hello\n"} and files.downloads == {}


def test_a_slide_showing_an_exercise_cell_gives_the_notebook_its_solution_slot(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parents[1] / "data" / "project", root)
    (root / "snippets" / "demo" / "ex.py").write_text(
        "# %% relu [solution]\ndef relu(x):\n    return max(0.0, x)\n\n\nprint(relu(-1.0))\n\n"
        "# %% relu-exercise\ndef relu(x):\n    raise NotImplementedError  # x if x > 0 else 0\n"
    )
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(
            '\n---\n\n## Exercise\n\n```python {file="demo/ex.py" cell="relu-exercise"}\n```\n'
            '\n---\n\n## The code\n\n```python {file="demo/ex.py" cell="relu"}\n```\n'
        )
    project = load_project(root)
    for student in (False, True):
        options = BuildOptions(targets=("notebook",), device="cpu", smoke=True, student=student)
        assert build(options, project=project).problems == []
    folders = (root / "build" / "notebooks", root / "build" / "student" / "notebooks")
    sources = [
        [c.source for c in nbformat.read(f / "demo.ipynb", as_version=4).cells] for f in folders
    ]
    instructor, student = (
        [s for s in cells if "def relu" in s] for cells in sources
    )  # one slot each: the solution, or the exercise for a student
    assert len(instructor) == 1 and "return max(0.0, x)" in instructor[0]
    assert len(student) == 1 and "NotImplementedError" in student[0]
