"""The overflow report measured in Chromium, and `--pdf-steps` pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lecture_tool.writing.html import render_html
from lecture_tool.writing.layout import overflow_warnings
from lecture_tool.writing.pdf import print_pdf

sys.path.insert(0, str(Path(__file__).parent))
from test_steps_browser import DECK, build_html  # noqa: E402

pytestmark = pytest.mark.browser


def test_a_two_hundred_line_block_is_reported_at_its_deck_line(chromium, tmp_path):
    code = "".join(f"value_{i} = {i}\n" for i in range(200))
    text = '# Short\n\n---\n\n## Long\n\n```python {file="d/s.py" cell="a"}\n```\n'
    html, rendered = build_html(tmp_path, text, code, with_deck=True)
    deck_md = tmp_path / "slides" / "deck.md"
    warnings = overflow_warnings(html, rendered, deck_md)
    assert len(warnings) == 1
    message = str(warnings[0])
    assert message.startswith(f"{deck_md}:7: slide 2 overflows by ")
    assert message.endswith(" px — split the slide or show fewer lines")
    assert int(message.split("overflows by ")[1].split(" px")[0]) > 1000


def test_a_deck_that_fits_reports_nothing(chromium, tmp_path):
    html, rendered = build_html(tmp_path, DECK, with_deck=True)
    assert overflow_warnings(html, rendered, tmp_path / "deck.md") == []


@pytest.mark.skipif(
    subprocess.run(["which", "pdfinfo"], capture_output=True, check=False).returncode != 0,
    reason="pdfinfo (poppler-utils) not installed",
)
def test_pdf_steps_prints_a_page_per_step(chromium, tmp_path):
    _, rendered = build_html(tmp_path, DECK, with_deck=True)
    pages = {}
    for print_steps in (False, True):
        page = tmp_path / f"steps-{print_steps}.html"
        page.write_text(render_html(rendered, print_steps=print_steps))
        pdf = tmp_path / f"steps-{print_steps}.pdf"
        print_pdf(page, pdf)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages[print_steps] = int(info.split("Pages:")[1].split()[0])
    # 4 slides; with steps slide 2 adds 2 pages (3 code steps) and slide 3 adds 2 (2 items).
    assert pages == {False: 4, True: 8}


# Its footer raised 200 px (shared with the `check --layout` test): slide 2 presses on it.
FOOTER_DECK = (Path(__file__).parents[1] / "data" / "decks" / "footer_raised.md").read_text()


def test_a_slide_pressed_against_its_footer_is_reported(chromium, tmp_path):
    # The footer is raised to 200 px above the bottom: slide 2's list reaches past it (while
    # still inside the content box, so no overflow); slide 1 ends well above it; slide 3 has
    # no footer.
    html, rendered = build_html(tmp_path, FOOTER_DECK, with_deck=True)
    deck_md = tmp_path / "slides" / "deck.md"
    warnings = [str(w) for w in overflow_warnings(html, rendered, deck_md)]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{deck_md}:12: slide 2 ends ")
    assert warnings[0].endswith(
        " px above its footer (under 8 px) — leave a margin above the footer: shorten the "
        "slide or split it"
    )


def test_fitting_shrinks_code_to_leave_the_footer_its_margin(chromium, tmp_path):
    # The footer raised 200 px: twelve lines of code reach past it while still inside the
    # content box. Code can shrink, so the fit leaves the margin rather than press on it.
    code = "".join(f"value_{n} = {n}\n" for n in range(12))
    deck = (
        FOOTER_DECK.split("---\n\n# Long")[0] + '---\n\n```python {file="d/s.py" cell="a"}\n```\n'
    )
    html, rendered = build_html(tmp_path, deck, code=code, with_deck=True)
    deck_md = tmp_path / "slides" / "deck.md"
    assert [str(w) for w in overflow_warnings(html, rendered, deck_md)] == []
