"""Student material: notebooks, handouts, and a student build that hides solutions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from lecture_tool.config import load_project
from lecture_tool.errors import SnippetFormatError
from lecture_tool.pipeline import BuildOptions, build

DATA = Path(__file__).parents[1] / "data" / "project"
MARKER = "SOLUTION-MARKER-42"
EXERCISE = """\
# %% relu [solution]
import matplotlib.pyplot as plt


def relu(x):
    return max(0.0, x)


print("SOLUTION-MARKER-42", relu(-3.0), relu(2.5))
plt.figure(figsize=(3, 2))
plt.title("SOLUTION-MARKER-42")
plt.plot([-1, 0, 1], [relu(-1), relu(0), relu(1)])
plt.show()

# %% relu-exercise
def relu(x):
    ...  # return x for positive x, else 0
"""
SLIDE = """
---

## Exercise: ReLU

```python {file="demo/exercise.py" cell="relu"}
```

```output {file="demo/exercise.py" cell="relu"}
```

![bg right:40%](figure:demo/exercise.py#relu)

A raw <img src="images/dot.png" width="20"> image.

<!-- Students write relu themselves. -->
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("student") / "project"
    shutil.copytree(DATA, root)
    (root / "snippets" / "demo" / "exercise.py").write_text(EXERCISE)
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(SLIDE)
    (root / "pyproject.toml").write_text(
        "[tool.lecture_tool]\n"
        'notebook_url = "https://colab.research.google.com/github/org/repo/blob/main/notebooks"\n'
    )
    return root


@pytest.fixture(scope="module")
def built(project) -> Path:
    """Instructor and student builds (HTML and notebooks), full parameters."""
    for student in (False, True):
        options = BuildOptions(
            targets=("html", "notebook"), device="cpu", keep_going=True, student=student
        )
        build(options, project=load_project(project))
    return project / "build"


def test_instructor_build_shows_the_solution(built):
    html = _text((built / "html" / "demo.html").read_text())
    assert MARKER in html and "return max(0.0, x)" in html
    assert MARKER in (built / "notebooks" / "demo.ipynb").read_text()


def test_student_build_hides_solution_code_output_and_figure(built):
    html = (built / "student" / "html" / "demo.html").read_text()
    assert MARKER not in html
    assert "Students write relu themselves." not in html  # notes are the lecturer's
    assert "Students write relu themselves." in (built / "html" / "demo.html").read_text()
    assert "return max(0.0, x)" not in _text(html)
    assert "return x for positive x, else 0" in _text(html)
    assert '<div class="lt-hidden" role="note">Run your solution to see this output' in html
    # The figure's place is kept (a placeholder background), its picture is not there.
    section = re.findall(r"<section id=\"6\".*?</section>", html, re.S)[0]
    assert section.count('<figure class="lt-bg-image"') == 1
    notebook = (built / "student" / "notebooks" / "demo.ipynb").read_text()
    assert MARKER not in notebook and "return max(0.0, x)" not in notebook


def test_notebook_cells_follow_the_deck_with_captured_outputs(built):
    notebook = nbformat.read(built / "notebooks" / "demo.ipynb", as_version=4)
    nbformat.validate(notebook)
    setup = notebook.cells[0]
    assert setup.cell_type == "code" and 'if "google.colab" in sys.modules:' in setup.source
    assert 'device = "cuda" if torch.cuda.is_available() else "cpu"' in setup.source
    assert notebook.cells[1].metadata["tags"] == ["setup"]  # the runtime (notebook_kernel)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[2:5] == ["markdown", "markdown", "code"]
    sources = [cell.source for cell in notebook.cells]
    assert sources[2] == "# Demo deck"  # the fit marker and notes are gone
    assert "A note for the lecturer" not in json.dumps(notebook)
    assert "$$\\frac{a}{b} = \\sum_{i=1}^{n} x_i$$" in sources  # math stays LaTeX
    create = next(cell for cell in notebook.cells if "x = torch.arange(STEPS)" in cell.source)
    assert create.outputs[0]["text"] == "tensor([0, 1, 2, 3, 4])\n"
    plot = next(cell for cell in notebook.cells if "plt.plot(x.numpy()" in cell.source)
    assert plot.outputs[0]["output_type"] == "display_data"
    assert plot.outputs[0]["data"]["image/png"].startswith("iVBOR")
    oops = next(cell for cell in notebook.cells if cell.source.endswith("\n1 / 0"))
    assert oops.source.startswith("# demo/basics.py, cell ")  # its snippet, for the runtime
    assert oops.metadata["tags"] == ["raises-exception"]
    assert any(cell.source.startswith("![](data:image/png;base64,") for cell in notebook.cells)
    assert any('<img src="data:image/png;base64,' in cell.source for cell in notebook.cells)


def test_notebook_runs_top_to_bottom_with_the_same_outputs(built, tmp_path):
    from nbclient import NotebookClient

    notebook = nbformat.read(built / "notebooks" / "demo.ipynb", as_version=4)
    captured = [_streams(cell) for cell in notebook.cells]
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    fresh = [_streams(cell) for cell in notebook.cells]
    compared = [(old, new) for old, new in zip(captured, fresh, strict=True) if old]
    assert len(compared) >= 5
    assert all(old == new for old, new in compared), compared


def test_html_links_to_the_notebook_in_colab(built):
    html = (built / "html" / "demo.html").read_text()
    url = "https://colab.research.google.com/github/org/repo/blob/main/notebooks/demo.ipynb"
    assert html.count(f'href="{url}"') == 2  # the title slide and the viewer's menu


def test_check_reports_an_exercise_without_its_solution(project):
    from lecture_tool.commands.check import check_project

    orphan = project / "snippets" / "demo" / "exercise.py"
    original = orphan.read_text()
    orphan.write_text(original.replace("# %% relu [solution]", "# %% relu"))
    try:
        report = check_project(load_project(project))
    finally:
        orphan.write_text(original)
    assert [type(e) for e in report.errors] == [SnippetFormatError]
    assert str(report.errors[0]).startswith(
        f"{orphan}:15: exercise cell 'relu-exercise' has no solution cell 'relu'"
    )


@pytest.mark.browser
def test_handout_and_student_pdf(project, chromium):
    for student in (False, True):
        options = BuildOptions(
            targets=("pdf", "handout"), device="cpu", keep_going=True, student=student
        )
        build(options, project=load_project(project))
    out = project / "build"
    handout = _pdf_text(out / "handout" / "demo.pdf")
    assert "Students write relu themselves." in handout
    assert "A note for the lecturer" in handout
    assert "demo/basics.py, cell create" in handout
    assert re.search(r"\b1\s*/\s*2\b", handout)  # page numbers: page / pages
    for pdf in (out / "student" / "pdf" / "demo.pdf", out / "student" / "handout" / "demo.pdf"):
        assert MARKER not in _pdf_text(pdf)
    assert MARKER in _pdf_text(out / "pdf" / "demo.pdf")


def _text(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def _streams(cell) -> str:
    """The text a cell shows: printed streams, and an expression's value (Jupyter shows it
    as a result where the captured `>>>` transcript had it as text)."""
    texts = []
    for output in cell.get("outputs", ()):
        if output["output_type"] == "stream":
            texts.append(output["text"])
        elif output["output_type"] == "execute_result":
            texts.append(output["data"]["text/plain"] + "\n")
    return "".join(texts)  # Jupyter may split one stream into several outputs


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


PREDICT = """\
# %% predict [solution]
print("ANSWER-MARKER", 6 * 7)

# %% predict-exercise
# Write down what this prints before you step.
print("ANSWER-MARKER", 6 * 7)
"""
PREDICT_SLIDE = """
---

## Predict the output

```python {file="demo/predict.py" cell="predict" steps="all|all"}
```

```output {file="demo/predict.py" cell="predict" step=2}
```
"""


@pytest.mark.browser
def test_a_predict_the_output_answer_is_revealed_by_its_step_in_student_decks(tmp_path, chromium):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    (root / "snippets" / "demo" / "predict.py").write_text(PREDICT)
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(PREDICT_SLIDE)
    project = load_project(root)
    for steps in (False, True):
        options = BuildOptions(
            targets=("html", "pdf"), device="cpu", student=True, pdf_steps=steps,
            out=root / ("steps" if steps else "build"),
        )  # fmt: skip
        build(options, project=project)
    html = (root / "build" / "student" / "html" / "demo.html").read_text()
    # Presented, the answer is there behind its step (the lecturer's reveal) …
    assert re.search(
        r'<pre class="lt-output" data-lt-step="2" data-lt-answer[^>]*><code>ANSWER-MARKER 42', html
    )
    # … on a --pdf-steps page it has a page of its own; a printed handout page keeps it hidden.
    assert "ANSWER-MARKER 42" in _pdf_text(root / "steps" / "student" / "pdf" / "demo.pdf")
    assert "ANSWER-MARKER 42" not in _pdf_text(root / "build" / "student" / "pdf" / "demo.pdf")


CHECKED = """\
# %% square [solution]
def square(x):
    return x * x

# %% square-exercise
def square(x):
    raise NotImplementedError

# %% check
print("CHECK-MARKER", square(3) == 9)

# %% other
print("OTHER-MARKER")
"""


def test_a_check_that_needs_the_solution_shows_no_output_in_student_decks(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    (root / "snippets" / "demo" / "checked.py").write_text(CHECKED)
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(
            '\n---\n\n```python {file="demo/checked.py" cell="check"}\n```\n\n'
            '```output {file="demo/checked.py" cell="check"}\n```\n\n'
            '```output {file="demo/checked.py" cell="other"}\n```\n'
        )
    project = load_project(root)
    for student in (False, True):
        options = BuildOptions(targets=("html",), device="cpu", student=student)
        assert build(options, project=project).problems == []
    instructor = (root / "build" / "html" / "demo.html").read_text()
    student = (root / "build" / "student" / "html" / "demo.html").read_text()
    assert "CHECK-MARKER True" in instructor and "CHECK-MARKER True" not in student
    # A hidden output that a step would reveal: the step reveals the notice, not nothing.
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(
            '\n---\n\n```python {file="demo/checked.py" cell="check" steps="all|all"}\n```\n\n'
            '```output {file="demo/checked.py" cell="check" step=2}\n```\n'
        )
    build(BuildOptions(targets=("html",), device="cpu", student=True), project=project)
    student = (root / "build" / "student" / "html" / "demo.html").read_text()
    assert (
        '<div class="lt-hidden" role="note" data-lt-step="2">Run this after your solution to see its output'
        in student
    )
    assert "OTHER-MARKER" in student  # what does not read the solution is shown
