"""A build's Chromium work in one browser: each deck loaded once, measured and printed, decks
in parallel."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from lecture_tool.writing import printer as printer_module
from lecture_tool.writing.html import render_html
from lecture_tool.writing.printer import DeckPrinter, PrintJob

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler) not installed"),
]


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def test_three_decks_are_measured_and_printed_by_one_browser(
    chromium, make_deck, tmp_path, monkeypatch
):
    started = []

    class Counted(printer_module.Browser):
        def __init__(self, *args, **kwargs):
            started.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(printer_module, "Browser", Counted)
    decks = {}
    for name, count in (("a", 3), ("b", 5), ("c", 2)):
        deck = make_deck(count)
        if name == "b":  # slide 2 of deck b overflows
            tall = "<pre><code>" + "line\n" * 200 + "</code></pre>"
            slides = tuple(
                dataclasses.replace(s, html=tall, pre_lines=(7,)) if s.number == 2 else s
                for s in deck.slides
            )
            deck = dataclasses.replace(deck, slides=slides)
        html = tmp_path / f"{name}.html"
        html.write_text(render_html(deck))
        decks[name] = (html, deck, count)
    printer = DeckPrinter(jobs=2)
    futures = {
        name: printer.submit(PrintJob(html, deck, measure=True, pdf=tmp_path / f"{name}.pdf"))
        for name, (html, deck, _) in decks.items()
    }
    printer.finish()
    assert len(started) == 1
    for name, (_, _, count) in decks.items():
        assert _pages(tmp_path / f"{name}.pdf") == count
    overflows = {name: future.result().overflows for name, future in futures.items()}
    assert overflows["a"] == [] and overflows["c"] == []
    [overflow] = overflows["b"]
    assert (overflow.slide, overflow.line) == (2, 7) and overflow.pixels > 1000
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        "a.pdf",
        "b.pdf",
        "c.pdf",
    ]


def test_a_failed_browser_fails_every_job_with_its_messages(make_deck, tmp_path, monkeypatch):
    fake = tmp_path / "broken-chrome"
    fake.write_text("#!/bin/sh\necho 'no display, no luck' >&2\nexit 7\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROME_PATH", str(fake))
    html = tmp_path / "a.html"
    html.write_text(render_html(make_deck(2)))
    printer = DeckPrinter(jobs=2)
    future = printer.submit(PrintJob(html, make_deck(2), pdf=tmp_path / "a.pdf"))
    with pytest.raises(Exception, match=r"Chromium failed to start \(exit 7\):\nno display"):
        printer.finish()
    assert isinstance(future.exception(), Exception)
    assert not (tmp_path / "a.pdf").exists()


def test_decks_of_two_sizes_print_at_their_own_size_and_nothing_is_left(
    chromium, make_deck, tmp_path, monkeypatch, request
):
    # The browser's profile goes where TMPDIR says (not /dev/shm), so it can be watched here;
    # a short path, as Chromium's socket path in it must be.
    temp = Path(tempfile.mkdtemp(prefix="lt-"))
    request.addfinalizer(lambda: shutil.rmtree(temp, ignore_errors=True))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    printer = DeckPrinter(jobs=1)
    sizes = {"wide": (1280, 720), "four-three": (960, 720)}  # the spare tab is 1280×720
    for name, (width, height) in sizes.items():
        deck = make_deck(2, width=width, height=height)
        html = tmp_path / f"{name}.html"
        html.write_text(render_html(deck))
        printer.submit(PrintJob(html, deck, pdf=tmp_path / f"{name}.pdf"))
    launcher = printer._chromium._process
    printer.finish()  # returns once the PDFs are written; the launcher ends the browser
    for name, (width, height) in sizes.items():
        info = subprocess.run(["pdfinfo", str(tmp_path / f"{name}.pdf")], capture_output=True)
        points = re.search(rb"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout).groups()
        assert [round(float(p)) for p in points] == [width * 3 // 4, height * 3 // 4]
    launcher.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(temp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(temp.iterdir()) == []
