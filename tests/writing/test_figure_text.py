"""A figure's smallest text as projected: recorded when drawn, measured where the slide shows it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lecture_tool.running.results import Figure
from lecture_tool.writing.chromium import Browser
from lecture_tool.writing.layout import read_overflow, warnings_for
from lecture_tool.writing.pdf import CHROMIUM_FLAGS

sys.path.insert(0, str(Path(__file__).parent))
from test_steps_browser import build_html  # noqa: E402

pytestmark = pytest.mark.browser

# A 6.4 × 4.8 in figure whose smallest text is 10 pt: 10 pt as projected when shown 6.4 in
# (614 px) wide, 20 pt at 1229 px.
DECK = """\
# Small

![w:300](figure:d/s.py#a)

---

![bg contain](figure:d/s.py#a)

---

![bg right:30% contain](figure:d/s.py#a)

# Beside a narrow figure
"""


def _deck_html(tmp_path: Path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure = pyplot.figure(figsize=(6.4, 4.8))
    figure.gca().plot([1, 2])
    svg = tmp_path / "f.svg"
    figure.savefig(svg)
    pyplot.close(figure)
    drawn = Figure(png=svg, svg=svg, text_pt=10.0, size_in=(6.4, 4.8))
    return build_html(tmp_path, DECK, code="plot()\n", with_deck=True, figures=(drawn,))


def test_figure_text_is_measured_as_projected(chromium, tmp_path):
    html, rendered = _deck_html(tmp_path)
    assert 'data-lt-figure-text="10 6.4 4.8"' in html.read_text()
    with Browser(chromium, CHROMIUM_FLAGS) as browser:
        page = browser.page(rendered.width, rendered.height)
        page.load(html)
        overflows = read_overflow(page, rendered)
    small = {o.slide: o.figure_text_pt for o in overflows}
    # Slide 1: 300 px wide → 10 × 300 / 614 ≈ 4.9 pt. Slide 2: a whole-slide `contain`
    # background is as tall as the slide, 720 px → 960 px wide, 15.6 pt: fine. Slide 3: the
    # 30% column (384 px) → 6.3 pt.
    assert set(small) == {1, 3}
    assert small[1] == pytest.approx(4.9, abs=0.2)
    assert small[3] == pytest.approx(6.3, abs=0.2)
    deck_md = tmp_path / "slides" / "deck.md"
    messages = [str(w) for w in warnings_for(overflows, deck_md)]
    assert messages[0] == (
        f"{deck_md}:1: slide 1: figure text is 4.9 pt as projected (under 14 pt) — give the "
        "figure's text a larger fontsize, or a smaller figsize, or show it larger"
    )


def test_the_worker_records_the_smallest_text_it_drew(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    from lecture_tool.running.worker import _save_figures

    figure, (left, right) = pyplot.subplots(1, 2, figsize=(8, 3))
    left.set_title("title", fontsize=20)
    left.tick_params(labelsize=13)
    right.set_title("no axes", fontsize=16)
    right.text(0.5, 0.5, "", fontsize=4)  # empty: draws nothing
    right.axis("off")  # its 10 pt tick labels are not drawn
    saved = _save_figures(tmp_path, "a")
    assert [(f.text_pt, f.size_in) for f in saved] == [(13.0, (8.0, 3.0))]
    assert pyplot.get_fignums() == []
