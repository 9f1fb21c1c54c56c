"""The math corpus (tests/data/math/corpus.md) as lecture-tool draws it (MathML, Latin Modern
Math) and as marp-cli draws it (MathJax SVG), measured formula by formula in Chromium.

    python bench/math_vs_mathjax.py            # a Markdown table, for docs/math.md

Also used by tests/writing/test_math_mathjax.py: a formula far narrower or wider than
MathJax's is a formula with something lost or added.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = REPO / "tests" / "data" / "math" / "corpus.md"
sys.path[:0] = [str(BENCH), str(REPO)]

# Each formula's box, in em of the text around it, in document order. Ours: the <mrow> inside
# each <math> (a display <math> is a full-width block); MathJax: the group its <svg> draws
# (the display <svg> is full-width too).
_MEASURE = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const box = el.getBoundingClientRect();
  const em = parseFloat(getComputedStyle(el.closest('p, li, h1, h2, section')).fontSize);
  return {width: box.width / em, height: box.height / em,
          tex: el.parentElement.getAttribute('alttext'),
          display: !!el.closest('[display="block"], [display="true"]')};
})"""
OURS = "math > mrow"
MATHJAX = "mjx-container > svg > g"


def marp_html(corpus: Path, out: Path) -> Path:
    """marp-cli's HTML of `corpus` (MathJax, as the deck's `math: mathjax` asks)."""
    import marp_cli

    command = marp_cli.find_marp()
    if command is None:
        raise RuntimeError("marp-cli not installed (cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)")
    target = out / "marp.html"
    subprocess.run(
        [*command, str(corpus), "-o", str(target)],
        env=marp_cli.marp_env(),
        check=True,
        capture_output=True,
        timeout=180,
    )
    return target


def our_html(corpus: Path, out: Path) -> tuple[Path, int]:
    """lecture-tool's HTML of `corpus` and how many formulas it has."""
    from lecture_tool.decks.deck import parse_deck
    from lecture_tool.writing.html import render_html
    from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
    from lecture_tool.writing.render import render_deck
    from lecture_tool.writing.themes import load_theme

    deck = parse_deck(corpus.read_text(encoding="utf-8"), corpus)
    table = SnippetTable(snippets_dir=corpus.parent / "snippets", snippets={}, results={})
    rendered, _ = render_deck(deck, load_theme("default", []), DeckOutputs(deck.path, table))
    target = out / "ours.html"
    target.write_text(render_html(rendered), encoding="utf-8")
    return target, sum(len(slide.formulas) for slide in rendered.slides)


def measure(browser, html: Path, selector: str) -> list[dict]:
    # No scripts: our viewer would show one slide at a time; both draw every slide statically.
    page = browser.new_page(viewport={"width": 1280, "height": 720}, java_script_enabled=False)
    page.goto(html.as_uri())
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.evaluate(_MEASURE, selector)
    page.close()
    return found


def compare(browser, corpus: Path = CORPUS) -> list[dict]:
    """Per formula: its TeX and both drawings' width and height in em."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        ours, count = our_html(corpus, out)
        theirs = marp_html(corpus, out)
        mine, mathjax = measure(browser, ours, OURS), measure(browser, theirs, MATHJAX)
    if not (len(mine) == len(mathjax) == count):
        raise AssertionError(f"{count} formulas, {len(mine)} drawn, MathJax {len(mathjax)}")
    return [
        {"tex": a["tex"], "ours": a, "mathjax": b, "ratio": a["width"] / max(b["width"], 1e-6)}
        for a, b in zip(mine, mathjax, strict=True)
    ]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from lecture_tool.writing.pdf import QUIET_FLAGS, require_browser

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(require_browser()), args=list(QUIET_FLAGS)
        )
        rows = compare(browser)
        browser.close()
    print("| formula | kind | width ours / MathJax (em) | height ours / MathJax (em) |")
    print("|---|---|---|---|")
    for row in rows:
        a, b = row["ours"], row["mathjax"]
        tex = row["tex"].replace("|", "\\|")
        kind = "display" if a["display"] else "inline"
        print(
            f"| `{tex}` | {kind} | {a['width']:.2f} / {b['width']:.2f} ({row['ratio']:.2f}) "
            f"| {a['height']:.2f} / {b['height']:.2f} |"
        )
    ratios = sorted(row["ratio"] for row in rows)
    print(
        f"\n{len(rows)} formulas; width ratio min {ratios[0]:.2f}, median "
        f"{ratios[len(ratios) // 2]:.2f}, max {ratios[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
