"""Issue 29 item 5: after each runaway snippet (output flood, memory hog, disk filler, fork
bomb) the pytest plugin reports it by name and limit and runs the next snippet; `serve`
shows it on its slide and goes on serving and rebuilding."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from lecture_tool.commands.serve import DeckServer
from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

pytest_plugins = ["pytester"]

LIMITS = (
    '[tool.lecture_tool]\nmemory = "64MiB"\ndisk = "1MiB"\nprocesses = 8\noutput_cap = "1KiB"\n'
)
RUNAWAYS = {
    "flood": "# %% flood\nfor i in range(50_000):\n    print('line', i)\n",
    "hog": "# %% hog\nimport numpy\nblock = numpy.ones(256 * 2**20 // 8)\n",
    "filler": (
        "# %% fill\nimport time\nfor i in range(10):\n"
        "    open(f'part-{i}', 'wb').write(b'x' * 200_000)\ntime.sleep(60)\n"
    ),
    "bomb": (
        "# %% bomb\nimport os, time\nfor _ in range(40):\n    if os.fork() == 0:\n"
        "        time.sleep(60)\n        os._exit(0)\ntime.sleep(60)\n"
    ),
}
MESSAGES = {
    "hog": "snippet snippets/deck/hog.py used more than 64 MiB; raise `memory:` in its header",
    "filler": "snippet snippets/deck/filler.py wrote more than 1 MiB into its scratch folder; "
    "raise `disk` in [tool.lecture_tool]",
    "bomb": "snippet snippets/deck/bomb.py ran more than 8 processes at once; "
    "raise `processes` in [tool.lecture_tool]",
}


def _write_snippets(folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, code in RUNAWAYS.items():
        (folder / f"{name}.py").write_text(code)
    (folder / "good.py").write_text("# %% a\nprint('good')\n")


def test_the_pytest_plugin_names_each_runaway_and_its_limit(pytester: pytest.Pytester):
    pytester.makepyprojecttoml(LIMITS + '[tool.pytest.ini_options]\ntestpaths = ["snippets"]\n')
    _write_snippets(pytester.path / "snippets" / "deck")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--lecture-jobs", "1")
    result.assert_outcomes(passed=2, failed=3)  # the flood is truncated, not failed
    output = result.stdout.str()
    for message in MESSAGES.values():
        assert message in output


def test_serve_shows_runaways_on_their_slides_and_goes_on(tmp_path):
    (tmp_path / "pyproject.toml").write_text(LIMITS)
    _write_snippets(tmp_path / "snippets" / "deck")
    (tmp_path / "slides").mkdir()
    deck = tmp_path / "slides" / "talk.md"
    slides = [
        f'# {name}\n\n```output {{file="deck/{name}.py" cell="{_cell(name)}"}}\n```\n'
        for name in (*RUNAWAYS, "good")
    ]
    deck.write_text("\n---\n\n".join(slides))
    project = load_project(tmp_path)

    def build_decks(decks, runner):
        build(BuildOptions(decks=decks, keep_going=True, device="cpu"), project, runner=runner)

    server = DeckServer(project, (deck,), build_decks, port=0, jobs=1, device="cpu")
    try:
        server.start()
        html = _get(server.url + "talk.html")
        boxes = re.findall(r'<div class="lt-error" role="alert"[^>]*>.*?</div>', html, re.S)
        assert len(boxes) == 3
        for message in MESSAGES.values():
            assert any(message in box for box in boxes), message
        flood = html[html.index("line 0") :]
        flood = flood[: flood.index("more lines not shown")]
        shown = len(re.findall(r"line \d+\n", flood))
        assert flood.endswith(f"… {50_000 - shown:,} ")  # the flood: its head and an exact count
        assert "good" in html
        # Serving goes on: the hog fixed and saved, its slide shows its output.
        (tmp_path / "snippets" / "deck" / "hog.py").write_text("# %% hog\nprint('fixed')\n")
        server.rebuild((deck,))
        assert "fixed" in _get(server.url + "talk.html")
    finally:
        server.close()


def _cell(name: str) -> str:
    return {"filler": "fill", "good": "a"}.get(name, name)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()
