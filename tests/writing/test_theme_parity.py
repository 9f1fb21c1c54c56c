"""The builtin themes look like Marp's: the same small decks built by lecture-tool and by
marp-cli, measured in Chromium, compared slide by slide (colours, sizes, chrome positions)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from lecture_tool.config import load_project
from lecture_tool.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

SLIDES = """\
# Heading one

## Heading two

### Heading three

Text with a [link](https://example.com), `inline code` and **bold**.

```python
x = 1
```

> A quotation

---
<!-- _class: invert -->

# Inverted

## Heading two

Text with a [link](https://example.com) and `inline code`.

```python
x = 1
```

> A quotation

---
<!-- _class: lead -->

# Lead

## Heading two

A paragraph [link](https://example.com) and `code`.

---
<!-- _class: lead invert -->

# Lead inverted

Text with a [link](https://example.com).
"""
GAIA_SLIDE = """
---
<!-- _class: gaia -->

# Gaia class

Text with a [link](https://example.com) and `inline code`.

```python
x = 1
```
"""

# Computed styles of the elements each slide is compared on.
_MEASURE = r"""
() => [...document.querySelectorAll('section')].filter(s => s.querySelector('h1')).map(sec => {
  const box = sec.getBoundingClientRect();
  const scale = box.width / sec.offsetWidth || 1;
  const style = (el, pseudo) => {
    const c = getComputedStyle(el, pseudo);
    return {color: c.color, background: c.backgroundColor, fontSize: c.fontSize,
            fontWeight: c.fontWeight, left: c.left, top: c.top, content: c.content};
  };
  const place = (el) => {
    const r = el.getBoundingClientRect();
    return {left: (r.left - box.left) / scale, top: (r.top - box.top) / scale,
            bottom: (box.bottom - r.bottom) / scale};
  };
  const out = {class: sec.className, size: [sec.offsetWidth, sec.offsetHeight],
               section: style(sec), pagination: style(sec, '::after')};
  for (const [name, query] of [['h1', 'h1'], ['h2', 'h2'], ['h3', 'h3'], ['p', 'p'],
      ['a', 'a'], ['code', 'p code'], ['blockquote', 'blockquote'], ['pre', 'pre'],
      ['pre code', 'pre code'], ['header', 'header'], ['footer', 'footer']]) {
    const el = sec.querySelector(query);
    if (el) out[name] = Object.assign(style(el), {place: place(el)});
  }
  return out;
})
"""


def _marp_cli():
    spec = importlib.util.spec_from_file_location("marp_cli", REPO / "bench" / "marp_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tools(chromium):
    marp_cli = _marp_cli()
    command = marp_cli.find_marp()
    if command is None:
        pytest.skip("marp-cli not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    return command, marp_cli.marp_env(), chromium, sync_api


def _deck(theme: str, size: str) -> str:
    front = (
        f"---\nmarp: true\ntheme: {theme}\nsize: {size}\npaginate: true\n"
        "header: Header text\nfooter: Footer text\n---\n\n"
    )
    return front + SLIDES + (GAIA_SLIDE if theme == "gaia" else "")


def _measure(tools, html: Path, width: int, height: int) -> list[dict]:
    _, _, chromium, sync_api = tools
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # No scripts: our viewer would show one slide at a time; both render statically.
            page = browser.new_page(
                viewport={"width": width, "height": height}, java_script_enabled=False
            )
            page.goto(html.as_uri())
            return page.evaluate(_MEASURE)
        finally:
            browser.close()


def _both(tools, tmp_path: Path, theme: str, size: str) -> tuple[list[dict], list[dict]]:
    command, env, _, _ = tools
    root = tmp_path / "project"
    (root / "slides").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.lecture_tool]\n")
    deck = root / "slides" / f"{theme}.md"
    deck.write_text(_deck(theme, size))
    build(BuildOptions(targets=("html",), smoke=True), project=load_project(root))
    ours = root / "build" / "html" / f"{theme}.html"
    theirs = tmp_path / "marp.html"
    subprocess.run(
        [*command, str(deck), "-o", str(theirs)],
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    width = 1280 if size == "16:9" else 960
    return _measure(tools, ours, width, 720), _measure(tools, theirs, width, 720)


def _rgba(text: str) -> tuple[float, ...]:
    """A computed colour as (r, g, b, a) in 0..1 (`rgb()`, `rgba()` or `color(srgb …)`)."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", text)]
    if text.startswith("color("):
        r, g, b, *alpha = numbers
        return (r, g, b, alpha[0] if alpha else 1.0)
    r, g, b, *alpha = numbers
    return (r / 255, g / 255, b / 255, alpha[0] if alpha else 1.0)


def _same_colour(a: str, b: str) -> bool:
    return all(abs(x - y) <= 2.5 / 255 for x, y in zip(_rgba(a), _rgba(b), strict=True))


def _px(text: str) -> float:
    return float(text.removesuffix("px"))


def _code_block_background(slide: dict) -> str:
    """Marp paints some code blocks on `pre`, others on the `code` inside: the visible one."""
    for name in ("pre code", "pre"):
        colour = slide.get(name, {}).get("background", "rgba(0, 0, 0, 0)")
        if _rgba(colour)[3] > 0:
            return colour
    return "rgba(0, 0, 0, 0)"


def _differences(ours: list[dict], theirs: list[dict]) -> list[str]:
    problems = []
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for number, (mine, marp) in enumerate(zip(ours, theirs, strict=True), start=1):
        where = f"slide {number} ({marp['class'] or 'plain'})"
        if mine["size"] != marp["size"]:
            problems.append(f"{where}: size {mine['size']} != Marp {marp['size']}")
        for name in ("section", "h1", "h2", "h3", "p", "a", "code", "blockquote", "header"):
            if name not in marp:
                continue
            if name not in mine:
                problems.append(f"{where}: no {name}")
                continue
            if not _same_colour(mine[name]["color"], marp[name]["color"]):
                problems.append(
                    f"{where}: {name} colour {mine[name]['color']} != Marp {marp[name]['color']}"
                )
            if abs(_px(mine[name]["fontSize"]) - _px(marp[name]["fontSize"])) > 0.5:
                problems.append(
                    f"{where}: {name} font-size {mine[name]['fontSize']} != Marp "
                    f"{marp[name]['fontSize']}"
                )
            if name in ("h1", "h2", "h3") and mine[name]["fontWeight"] != marp[name]["fontWeight"]:
                problems.append(f"{where}: {name} weight {mine[name]['fontWeight']}")
        for name in ("section", "code"):
            if name in marp and not _same_colour(
                mine[name]["background"], marp[name]["background"]
            ):
                problems.append(
                    f"{where}: {name} background {mine[name]['background']} != Marp "
                    f"{marp[name]['background']}"
                )
        if "pre" in marp and not _same_colour(
            _code_block_background(mine), _code_block_background(marp)
        ):
            problems.append(
                f"{where}: code block background {_code_block_background(mine)} != Marp "
                f"{_code_block_background(marp)}"
            )
        if (
            "pre code" in marp
            and abs(_px(mine["pre code"]["fontSize"]) - _px(marp["pre code"]["fontSize"])) > 0.5
        ):
            problems.append(f"{where}: code block font-size {mine['pre code']['fontSize']}")
        for name in ("header", "footer"):
            edge = "top" if name == "header" else "bottom"
            for side in ("left", edge):
                if abs(mine[name]["place"][side] - marp[name]["place"][side]) > 2:
                    problems.append(
                        f"{where}: {name} {side} {mine[name]['place'][side]:.1f} != Marp "
                        f"{marp[name]['place'][side]:.1f}"
                    )
        page_mine, page_marp = mine["pagination"], marp["pagination"]
        if page_mine["content"] != page_marp["content"]:
            problems.append(
                f"{where}: page number {page_mine['content']} != {page_marp['content']}"
            )
        for side in ("left", "top"):
            if abs(_px(page_mine[side]) - _px(page_marp[side])) > 2:
                problems.append(
                    f"{where}: page number {side} {page_mine[side]} != Marp {page_marp[side]}"
                )
        if (
            not _same_colour(page_mine["color"], page_marp["color"])
            or page_mine["fontSize"] != page_marp["fontSize"]
        ):
            problems.append(
                f"{where}: page number {page_mine['color']} {page_mine['fontSize']} != Marp "
                f"{page_marp['color']} {page_marp['fontSize']}"
            )
    return problems


@pytest.mark.parametrize("theme", ["default", "gaia", "uncover"])
def test_theme_matches_marp_slide_by_slide(tools, tmp_path, theme):
    ours, theirs = _both(tools, tmp_path, theme, "16:9")
    assert len(theirs) == (5 if theme == "gaia" else 4)
    assert _differences(ours, theirs) == []


@pytest.mark.parametrize("theme", ["default", "uncover"])
def test_four_by_three_matches_marp(tools, tmp_path, theme):
    ours, theirs = _both(tools, tmp_path, theme, "4:3")
    assert theirs[0]["size"] == [960, 720]
    assert _differences(ours, theirs) == []
