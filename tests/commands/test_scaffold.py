"""`lecture-tool new NAME`: a deck and snippet folder that build at once; never overwrites."""

from __future__ import annotations

import re

from lecture_tool.commands.cli import main
from lecture_tool.commands.scaffold import create_deck
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build


def test_new_deck_builds_at_once_with_code_output_and_figure(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "05-convolutions"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"created {tmp_path / 'slides' / '05-convolutions.md'}",
        f"created {tmp_path / 'snippets' / '05-convolutions' / 'example.py'}",
    ]
    report = build(BuildOptions(device="cpu", smoke=True), load_project(tmp_path))
    assert report.problems == [] and report.snippets_run == 1
    html = (tmp_path / "build" / "html" / "05-convolutions.html").read_text()
    assert len(re.findall(r'<section\b[^>]*data-slide="\d+"', html)) == 3
    assert re.search(r"<h1\b[^>]*>Convolutions</h1>", html)
    assert "tensor([0.0000, 0.5000, 1.0000])" in html  # smoke: STEPS = 3
    assert "data:image/svg+xml;base64," in html


def test_new_refuses_to_overwrite_and_bad_names(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "intro.md").write_text("# mine\n")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "intro"]) == 2
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'slides' / 'intro.md'} already exists — choose another name, "
        "or delete it first; `new` never overwrites\n"
    )
    assert (tmp_path / "slides" / "intro.md").read_text() == "# mine\n"
    assert not (tmp_path / "snippets" / "intro").exists()
    assert main(["new", "../escape"]) == 2
    assert "invalid deck name '../escape'" in capsys.readouterr().err
    assert [p.name for p in create_deck("two", load_project(tmp_path))] == ["two.md", "example.py"]
