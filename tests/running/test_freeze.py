"""Frozen results: written as JSON and figure files, used by `build --frozen`, stale when the
snippet changed, strict mode failing; none of it runs a snippet (no pool starts)."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from lecture_tool.commands.cli import main
from lecture_tool.config import load_project
from lecture_tool.running.freeze import frozen_path, read_frozen, write_frozen
from lecture_tool.running.results import CellResult, Figure, SnippetResult
from lecture_tool.running.snippet import load_snippet

GPU_SNIPPET = "# ---\n# lecture:\n#   requires: [cuda]\n# ---\n# %% gpu\nimport torch\nprint(torch.ones(2, device='cuda'))\n\n# %% plot\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n"
DECK = """---
marp: true
---

# GPU

```output {file="gpu/matmul.py" cell="gpu"}
```

---

![w:300](figure:gpu/matmul.py#plot)
"""


def _project(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "gpu.md").write_text(DECK)
    (tmp_path / "snippets" / "gpu").mkdir(parents=True)
    (tmp_path / "snippets" / "gpu" / "matmul.py").write_text(GPU_SNIPPET)
    return load_project(tmp_path)


def _gpu_result(project, tmp_path: Path) -> SnippetResult:
    """What the snippet printed and drew on a GPU machine (made by hand: no GPU here)."""
    figures = tmp_path / "run"
    figures.mkdir()
    (figures / "plot-1.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="gpu-figure"/></svg>'
    )
    (figures / "plot-1.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    return SnippetResult(
        snippet=project.snippets / "gpu" / "matmul.py",
        status="passed",
        device="cuda",
        torch="2.5.0",
        duration=3.25,
        cells=(
            CellResult("gpu", "passed", stdout="tensor([1., 1.], device='cuda:0')\n"),
            CellResult(
                "plot",
                "passed",
                figures=(Figure(figures / "plot-1.png", figures / "plot-1.svg", 12.0, (6.4, 4.8)),),
            ),
        ),
    )


def test_freeze_writes_text_and_figure_files_relative_to_the_project(tmp_path):
    project = _project(tmp_path)
    snippet = load_snippet(project.snippets / "gpu" / "matmul.py")
    path = write_frozen(snippet, _gpu_result(project, tmp_path), project)
    assert path == project.snippets / "_frozen" / "gpu" / "matmul.json"
    document = json.loads(path.read_text())
    assert document["snippet"] == "snippets/gpu/matmul.py"
    assert document["cells"][1]["figures"] == [
        {
            "png": "snippets/_frozen/gpu/matmul/plot-1.png",
            "svg": "snippets/_frozen/gpu/matmul/plot-1.svg",
            "text_pt": 12.0,  # kept, so the layout check measures a frozen figure too
            "size_in": [6.4, 4.8],
        }
    ]
    assert sorted(p.name for p in (path.parent / "matmul").iterdir()) == [
        "plot-1.png",
        "plot-1.svg",
    ]
    frozen = read_frozen(snippet, project)
    assert frozen.stale is False
    assert frozen.result.cells[0].stdout == "tensor([1., 1.], device='cuda:0')\n"
    assert frozen.result.device == "cuda"


def test_cuda_snippet_frozen_on_a_gpu_builds_here_with_its_output(tmp_path, capsys, monkeypatch):
    project = _project(tmp_path)
    write_frozen(
        load_snippet(project.snippets / "gpu" / "matmul.py"),
        _gpu_result(project, tmp_path),
        project,
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--frozen", "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "0 snippet(s) run, 0 from cache, 1 frozen"
    html = (tmp_path / "build" / "html" / "gpu.html").read_text()
    assert "tensor([1., 1.], device=&#x27;cuda:0&#x27;)" in html or "device='cuda:0'" in html
    assert "requires CUDA" not in html


def test_stale_frozen_result_warns_and_strict_mode_fails(tmp_path, capsys, monkeypatch):
    project = _project(tmp_path)
    snippet_path = project.snippets / "gpu" / "matmul.py"
    write_frozen(load_snippet(snippet_path), _gpu_result(project, tmp_path), project)
    snippet_path.write_text(GPU_SNIPPET.replace("ones(2", "ones(3"))
    assert read_frozen(load_snippet(snippet_path), project).stale is True
    monkeypatch.chdir(tmp_path)
    message = (
        f"{frozen_path(snippet_path, project)}: frozen result is stale: its snippet changed since "
        "it was frozen — run `lecture-tool freeze` for its deck again (where the snippet can run)"
    )
    assert main(["build", "--frozen", "--device", "cpu"]) == 0
    assert f"warning: {message}" in capsys.readouterr().out.splitlines()
    assert main(["build", "slides/gpu.md", "--frozen=strict", "--device", "cpu"]) == 1
    assert f"error: {message}" in capsys.readouterr().out.splitlines()


def test_damaged_frozen_result_is_ignored_with_a_warning(tmp_path, caplog):
    project = _project(tmp_path)
    path = frozen_path(project.snippets / "gpu" / "matmul.py", project)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert read_frozen(load_snippet(project.snippets / "gpu" / "matmul.py"), project) is None
    assert caplog.records[0].getMessage().startswith(f"{path}: ignoring damaged frozen result (")


def test_without_frozen_the_cuda_snippet_is_skipped_and_the_skip_is_cached(
    tmp_path, capsys, monkeypatch
):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")  # never start a pool to ask
    assert main(["build", "--device", "auto"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 snippet(s) run, 0 from cache"
    assert main(["build"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"up to date {tmp_path / 'build' / 'html' / 'gpu.html'}",
        "0 snippet(s) run, 1 from cache",
    ]
    os.utime(tmp_path / "snippets" / "gpu" / "matmul.py")  # a touch changes nothing
    assert main(["build"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 snippet(s) run, 1 from cache"
    (tmp_path / "snippets" / "gpu" / "matmul.py").write_text(GPU_SNIPPET + "\n# edited\n")
    assert main(["build"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"wrote {tmp_path / 'build' / 'html' / 'gpu.html'}",
        "1 snippet(s) run, 0 from cache",
    ]


@pytest.mark.browser
def test_check_layout_with_frozen_measures_the_frozen_output(
    tmp_path, capsys, monkeypatch, chromium
):
    project = _project(tmp_path)
    tall = _gpu_result(project, tmp_path)
    lines = "".join(f"row {k}\n" for k in range(80))  # far more than a slide holds
    tall = dataclasses.replace(
        tall, cells=(CellResult("gpu", "passed", stdout=lines), tall.cells[1])
    )
    write_frozen(load_snippet(project.snippets / "gpu" / "matmul.py"), tall, project)
    monkeypatch.chdir(tmp_path)
    main(["check", "--layout", "--device", "cpu"])  # the notice box: it fits
    assert "0 slide(s) overflow" in capsys.readouterr().out
    main(["check", "--layout", "--frozen", "--device", "cpu"])  # 80 frozen lines: they do not
    assert "1 slide(s) overflow" in capsys.readouterr().out
