"""Every course notebook, instructor's and student's, runs top to bottom in a fresh Jupyter
kernel, as a student runs it: in an empty folder with only `data` beside it, on this machine
(CPU-only in CI: the CUDA cells print the slides' notice). An error outside a cell tagged
`raises-exception` fails, as `jupyter execute` would.

Built with smoke parameters (the snippet results are the ones the snippet tests and
test_course.py cached, so building is fast; each `params` cell carries the smoke values).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
PROJECT = load_project(ROOT)
DECKS = sorted(PROJECT.slides.glob("*.md"))
VARIANTS = ("instructor", "student")

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    """The course's notebooks, both variants, built with smoke parameters on the CPU."""
    out = tmp_path_factory.mktemp("course-notebooks")
    for student in (False, True):
        options = BuildOptions(
            targets=("notebook",), smoke=True, device="cpu", student=student, out=out
        )
        assert build(options, project=PROJECT).problems == []
    return out


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("deck", DECKS, ids=[path.stem for path in DECKS])
def test_notebook_runs_in_a_fresh_kernel(notebooks, deck, variant, tmp_path):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = notebooks / "student" if variant == "student" else notebooks
    notebook = nbformat.read(folder / "notebooks" / f"{deck.stem}.ipynb", as_version=4)
    PROJECT.data.mkdir(exist_ok=True)
    (tmp_path / "data").symlink_to(PROJECT.data)  # what a Colab runtime has after downloads
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # One OpenMP thread, as the build's workers split threads: on a loaded CI machine a
    # kernel whose torch spins two threads over tiny tensors runs ten times slower.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        pytest.fail(f"{deck.stem} ({variant}): {error}", pytrace=False)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all("execution_count" in cell and cell.execution_count for cell in code)
