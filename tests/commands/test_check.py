"""`lecture-tool check`: all problems at once, without running a snippet."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lecture_tool.commands.check import check_project
from lecture_tool.config import load_project

DATA = Path(__file__).parents[1] / "data" / "project"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    return root


def test_clean_project_has_nothing_to_report(tmp_path):
    report = check_project(load_project(_project(tmp_path)))
    assert (report.errors, report.legacy, report.unreferenced) == ([], [], [])


def test_every_problem_is_reported_with_its_line(tmp_path):
    root = _project(tmp_path)
    deck = root / "slides" / "demo.md"
    before = len(deck.read_text().splitlines())
    with deck.open("a") as file:
        file.write(
            "\n---\n\n"  # before + 1 .. before + 3
            "![](images/nope.png)\n\n"  # before + 4
            '```python {file="demo/basics.py" cell="zz"}\n```\n'  # before + 6
            '```output {file="demo/gone.py" cell="a"}\n```\n'  # before + 8
            "<!-- $theme: default -->\n"  # before + 10
        )
    (root / "snippets" / "demo" / "unused.py").write_text("# %% a\nprint(1)\n")
    (root / "snippets" / "demo" / "_support.py").write_text("X = 1\n")
    report = check_project(load_project(root))
    assert [str(error) for error in report.errors] == [
        f"{deck}:{before + 4}: image not found: images/nope.png",
        f"{deck}:{before + 6}: no cell 'zz' in demo/basics.py — its cells are: "
        "params, create, html, plot, oops",
        f"{deck}:{before + 8}: snippet file not found: demo/gone.py — paths are relative to "
        "snippets/ (or to the deck with ./ or ../)",
    ]
    assert report.legacy == [f"{deck}:{before + 10}: legacy `$theme: default` → `theme: default`"]
    assert report.unreferenced == [root / "snippets" / "demo" / "unused.py"]
    # Checking some decks says nothing of snippets that other decks may use.
    assert check_project(load_project(root), [deck]).unreferenced == []


def test_cli_exit_codes(tmp_path):
    root = _project(tmp_path)

    def check():
        return subprocess.run(
            [sys.executable, "-m", "lecture_tool", "check"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )

    clean = check()
    assert clean.returncode == 0
    assert (
        clean.stdout.splitlines()[-1]
        == "0 error(s), 0 warning(s), 0 legacy construct(s), 0 unreferenced snippet(s)"
    )
    with (root / "slides" / "demo.md").open("a") as file:
        file.write('\n---\n\n```python {file="demo/missing.py"}\n```\n')
    broken = check()
    assert broken.returncode == 1
    assert "snippet file not found: demo/missing.py" in broken.stdout


# A deck whose footer is raised to 200 px above the slide's bottom: slide 2's list reaches
# past it while still inside the content box, so it fits but presses on its footer.
PRESSED_DECK = Path(__file__).parents[1] / "data" / "decks" / "footer_raised.md"


def test_check_layout_reports_a_slide_pressed_against_its_footer(chromium, tmp_path):
    root = _project(tmp_path)
    deck = root / "slides" / "pressed.md"
    deck.write_text(PRESSED_DECK.read_text())
    done = subprocess.run(
        [sys.executable, "-m", "lecture_tool", "check", "--layout", str(deck)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(
        line.startswith(f"warning: {deck}:12: slide 2 ends ") and "above its footer" in line
        for line in lines
    ), done.stdout
    assert "0 slide(s) overflow" in lines
    assert "1 slide(s) press on their footer" in lines


def test_check_layout_student_measures_the_students_exercise(chromium, tmp_path):
    """The student variant shows an exercise where the lecturer's shows the solution: only
    `--student` measures what students get."""
    root = _project(tmp_path)
    hints = "".join(f"    # hint {n}: one more line for the student to read\n" for n in range(60))
    (root / "snippets" / "demo" / "task.py").write_text(
        "# %% answer [solution]\nanswer = 42\n\n"
        f"# %% answer-exercise\nif True:\n{hints}    answer = None\n"
    )
    deck = root / "slides" / "task.md"
    deck.write_text(
        '---\nmarp: true\n---\n\n# Exercise\n\n```python {file="demo/task.py" cell="answer"}\n```\n'
    )

    def check(*flags: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "lecture_tool", "check", "--layout", *flags, str(deck)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert "0 slide(s) overflow" in check()
    student = check("--student")
    assert "1 slide(s) overflow" in student, student
    assert any(line.startswith(f"warning: {deck}:7: slide 1 overflows") for line in student), (
        student
    )
