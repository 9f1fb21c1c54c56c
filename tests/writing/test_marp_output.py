"""The expanded Marp output: every reference inlined, and marp-cli sees the slides we render."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]

SNIPPET = """\
# %% params
N = 4

# %% count
import torch
print("total:", int(torch.arange(N).sum()))

# %% plot
import matplotlib.pyplot as plt
plt.plot(range(N), [n * n for n in range(N)])
plt.show()
"""

DECK = """\
---
marp: true
paginate: true
---

# Demo deck

A title slide.

---

# Code and its output

```python {file="demo/count.py" cell="count"}
```

```output {file="demo/count.py" cell="count"}
```

---

# A fence holding a rule

```yaml
first: document
---
second: document
```

---

![bg right:40%](figure:demo/count.py#plot)

# A figure as background

---

# Run inline

```python {run}
print(6 * 7)
```
"""

SLIDES = 5
"""Slides in DECK; the `---` inside the yaml fence is not a break."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(expanded Marp file, our HTML) of DECK, built in a fresh project."""
    root = tmp_path_factory.mktemp("marp-project")
    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (root / "slides").mkdir()
    (root / "slides" / "demo.md").write_text(DECK)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "count.py").write_text(SNIPPET)
    report = build(BuildOptions(targets=("html", "marp"), smoke=True), project=load_project(root))
    assert not report.failed, report.lines()
    return root / "build" / "marp" / "demo.md", root / "build" / "html" / "demo.html"


def test_marp_output_inlines_every_reference(built):
    marp, _ = built
    text = marp.read_text()
    for leftover in ("{file=", "figure:", "{run}"):
        assert leftover not in text
    assert 'print("total:", int(torch.arange(N).sum()))' in text
    assert "total: 6" in text
    assert "print(6 * 7)" in text
    assert "\n42\n" in text
    assert "first: document\n---\nsecond: document" in text  # the fence is untouched
    images = re.findall(r"!\[bg right:40%\]\(([^)]+)\)", text)
    assert len(images) == 1
    assert images[0].endswith(".png")
    assert (marp.parent / images[0]).is_file()


def test_our_html_has_one_section_per_slide(built):
    _, html = built
    assert len(re.findall(r"<section\b[^>]*\bdata-slide=", html.read_text())) == SLIDES


def test_marp_cli_renders_the_same_slide_count(built, tmp_path):
    marp_cli = _marp_cli_helper()
    command = marp_cli.find_marp()
    if command is None:
        pytest.skip("marp-cli not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)")
    marp, html = built
    out = tmp_path / "marp.html"
    subprocess.run(
        [*command, "--html", str(marp), "-o", str(out)],
        env=marp_cli.marp_env(),
        check=True,
        capture_output=True,
        timeout=120,
    )
    ours = len(re.findall(r"<section\b[^>]*\bdata-slide=", html.read_text()))
    assert _marp_slides(out.read_text()) == ours == SLIDES


def _marp_slides(html: str) -> int:
    """Slides in marp-cli's HTML: its `<section>`s, less the extra layers of `bg` images.

    A slide with an advanced background is three sections (background, content, pseudo), so
    only the content one counts; each slide also sits in its own `<svg data-marpit-svg>`.
    """
    sections = re.findall(r"<section\b[^>]*>", html)
    layers = [s for s in sections if re.search(r'advanced-background="(background|pseudo)"', s)]
    slides = len(sections) - len(layers)
    assert slides == len(re.findall(r"<svg\b[^>]*\bdata-marpit-svg", html))
    return slides


def _marp_cli_helper():
    """bench/marp_cli.py, imported by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("marp_cli", REPO / "bench" / "marp_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOGO = b"\x89PNG\r\n\x1a\nlogo"


def _export(tmp_path: Path, deck: str, text: str) -> list[str]:
    """Build one deck that shows slides/img/logo.png to Marp; its expanded lines."""
    (tmp_path / "slides" / "img").mkdir(parents=True)
    (tmp_path / "slides" / "img" / "logo.png").write_bytes(LOGO)
    (tmp_path / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    (tmp_path / "slides" / f"{deck}.md").write_text(text)
    report = build(BuildOptions(targets=("marp",)), project=load_project(tmp_path))
    assert not report.failed, report.lines()
    out = tmp_path / "build" / "marp"
    assert (out / deck / "images" / "logo.png").read_bytes() == LOGO
    return (out / f"{deck}.md").read_text().splitlines()


def test_marp_output_copies_header_and_footer_images(tmp_path):
    lines = _export(
        tmp_path,
        "chrome",
        "---\nmarp: true\nfooter: '![h:24](img/logo.png) Course'\n---\n\n# One\n\n---\n\n# Two\n",
    )
    assert lines[2] == "footer: '![h:24](chrome/images/logo.png) Course'"


def test_marp_output_copies_raw_html_images_and_points_at_the_copies(tmp_path):
    lines = _export(
        tmp_path,
        "raw",
        '---\nmarp: true\n---\n\n# One\n\n<p><img src="img/logo.png" width="90"></p>\n\n'
        "Inline <img src='img/logo.png'> too.\n",
    )
    assert lines[6:9] == [
        '<p><img src="raw/images/logo.png" width="90"></p>',
        "",
        "Inline <img src='raw/images/logo.png'> too.",
    ]
