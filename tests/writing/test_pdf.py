"""PDF printing: one page per slide at the deck's size; a clear error without a browser."""

from __future__ import annotations

import re
import subprocess

import pytest

from lecture_tool.errors import BrowserNotFound, LectureError
from lecture_tool.writing.html import render_html
from lecture_tool.writing.pdf import find_browser, print_pdf


def _pdfinfo(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", out, re.MULTILINE))


needs_pdfinfo = pytest.mark.skipif(
    subprocess.run(["which", "pdfinfo"], capture_output=True, check=False).returncode != 0,
    reason="pdfinfo (poppler-utils) not installed",
)


@needs_pdfinfo
@pytest.mark.parametrize(
    ("width", "height", "points"), [(1280, 720, "960 x 540"), (960, 720, "720 x 540")]
)
def test_one_page_per_slide_at_deck_size(chromium, make_deck, tmp_path, width, height, points):
    html = tmp_path / "deck.html"
    html.write_text(render_html(make_deck(5, width=width, height=height)))
    pdf = tmp_path / "out" / "deck.pdf"
    print_pdf(html, pdf)
    info = _pdfinfo(pdf)
    assert info["Pages"] == "5"
    assert info["Page size"].startswith(f"{points} pts")  # 1 CSS px = 0.75 pt
    assert [p.name for p in pdf.parent.iterdir()] == ["deck.pdf"]  # no temp file left behind


@needs_pdfinfo
def test_printed_notes_keep_one_page_per_slide(chromium, make_deck, tmp_path):
    html = tmp_path / "deck.html"
    html.write_text(render_html(make_deck(3), print_notes=True))
    print_pdf(html, tmp_path / "deck.pdf")
    info = _pdfinfo(tmp_path / "deck.pdf")
    assert info["Pages"] == "3"
    assert info["Page size"].startswith("960 x 864 pts")


def test_no_browser_says_how_to_install_one(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "no-such-chrome"))
    monkeypatch.setenv("PATH", "")
    assert find_browser() is None
    html = tmp_path / "deck.html"
    html.write_text("<p>x</p>")
    with pytest.raises(BrowserNotFound) as info:
        print_pdf(html, tmp_path / "deck.pdf")
    message = str(info.value)
    assert "no-such-chrome is not an executable file" in message
    assert "apt-get install chromium" in message and "CHROME_PATH" in message
    assert not (tmp_path / "deck.pdf").exists()


def test_empty_path_and_no_chrome_path(monkeypatch):
    monkeypatch.delenv("CHROME_PATH", raising=False)
    monkeypatch.setenv("PATH", "")
    assert find_browser() is None


def test_chrome_path_wins_over_path(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROME_PATH", str(fake))
    assert find_browser() == fake


def test_browser_failure_reports_stderr_and_leaves_no_pdf(monkeypatch, tmp_path):
    fake = tmp_path / "broken-chrome"
    fake.write_text("#!/bin/sh\necho 'first line' >&2\necho 'GPU process exploded' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROME_PATH", str(fake))
    html = tmp_path / "deck.html"
    html.write_text("<p>x</p>")
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(b"%PDF-old")
    with pytest.raises(LectureError, match=r"exit 3\):\nfirst line\nGPU process exploded"):
        print_pdf(html, pdf)
    assert pdf.read_bytes() == b"%PDF-old"  # the previous PDF survives a failed print
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-chrome", "deck.html", "deck.pdf"]
