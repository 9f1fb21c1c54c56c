"""Issue 14 items 6-7 end to end: two `--force` builds give the same bytes; colours on slides."""

from __future__ import annotations

import shutil
from pathlib import Path

from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

DATA = Path(__file__).parent / "data" / "project"

COLOUR_SNIPPET = """\
# %% colours
print("\\x1b[32mok\\x1b[0m done\\x00")
"""
COLOUR_SLIDE = """
---

## Colours

```output {file="demo/colours.py" cell="colours"}
```
"""


def _outputs(root: Path) -> dict[str, bytes]:
    found = {}
    for folder in ("html", "marp"):
        for path in sorted((root / "build" / folder).rglob("*")):
            if path.is_file():
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def test_two_forced_builds_give_byte_identical_html_and_marp(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root)
    (root / "snippets" / "demo" / "colours.py").write_text(COLOUR_SNIPPET)
    with (root / "slides" / "demo.md").open("a") as deck:
        deck.write(COLOUR_SLIDE)
    options = BuildOptions(targets=("html", "marp"), smoke=True, device="cpu", force=True)
    first = build(options, project=load_project(root))
    assert first.problems == [] and first.snippets_run == 3
    before = _outputs(root)
    second = build(options, project=load_project(root))
    assert second.problems == [] and second.snippets_run == 3
    after = _outputs(root)
    assert sorted(before) == [
        "build/html/demo.html",
        "build/marp/demo.md",
        "build/marp/demo/demo-basics-plot-1.png",
        "build/marp/demo/images/dot.png",
    ]
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []
    html = after["build/html/demo.html"].decode()
    assert '<span style="color:#008000">ok</span> done␀' in html
    assert "\x1b" not in html and "\x00" not in html
    assert "```text\nok done␀\n```" in after["build/marp/demo.md"].decode()
