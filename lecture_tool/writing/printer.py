"""A build's Chromium work: one browser for the whole build, one page per deck that is loaded
once, measured (the overflow report) and printed; decks in parallel where there are cores.

The browser starts in the background as soon as the printer is made, so it boots while the
build parses decks and renders their HTML. `submit` hands over a deck whose HTML is written
and returns at once; `finish` waits for every deck and closes the browser.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.writing.chromium import Browser
from lecture_tool.writing.fit_memo import FitMemo
from lecture_tool.writing.layout import Overflow, read_overflow
from lecture_tool.writing.pdf import CHROMIUM_FLAGS, require_browser, warn_missing_glyphs, write_pdf
from lecture_tool.writing.pdf_metadata import PdfMetadata, add_pdf_metadata
from lecture_tool.writing.rendered import RenderedDeck


@dataclass(frozen=True)
class PrintJob:
    """What one deck needs from Chromium."""

    html: Path
    """The deck's HTML as the audience gets it (loaded, and measured when `measure`)."""
    deck: RenderedDeck
    measure: bool = False
    """Report what still overflows after the viewer fitted the slides."""
    pdf: Path | None = None
    """Where to print to (None: measure only)."""
    printed_html: Path | None = None
    """A different page to print (notes under slides, one page per step, the handout)."""
    cleanup: Path | None = None
    """A temporary folder (holding `printed_html`) to remove once printed."""
    metadata: PdfMetadata | None = None
    """Author, subject and keywords added to the printed PDF (writing/pdf_metadata.py)."""


@dataclass
class PrintResult:
    overflows: list[Overflow] = field(default_factory=list)
    seconds: float = 0.0
    """How long loading, measuring and printing took in Chromium."""


class DeckPrinter:
    """Print and measure decks in one headless Chromium; `finish()` at the end, or `abort()`."""

    def __init__(self, jobs: int | None = None):
        executable = require_browser()
        self._executable = executable
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, jobs or os.cpu_count() or 1), thread_name_prefix="print"
        )
        # Started here (see Browser), ready in the background.
        self._chromium = Browser(executable, CHROMIUM_FLAGS, wait=False)
        self._browser: Future = self._pool.submit(self._ready)
        self._pending: list[Future] = []
        self._checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="glyphs")

    def _ready(self) -> Browser:
        self._chromium.wait_ready()
        # Most decks are 16:9; a deck of another size opens its own tab.
        self._chromium.make_spare(1280, 720)
        return self._chromium

    def submit(self, job: PrintJob) -> Future:
        """Start `job` (a `Future[PrintResult]`); its HTML files must be written already."""
        future = self._pool.submit(self._run, job)
        self._pending.append(future)
        return future

    def _run(self, job: PrintJob) -> PrintResult:
        try:
            printed = job.printed_html or job.html
            # The font check (Python) runs while Chromium loads the page.
            glyphs = self._checks.submit(warn_missing_glyphs, printed) if job.pdf else None
            browser: Browser = self._browser.result()
            started = time.perf_counter()
            page = browser.page(job.deck.width, job.deck.height)
            try:
                result = PrintResult()
                memo = FitMemo(job.html.stem, self._executable)
                memo.restore_into(page)
                if job.measure or printed == job.html:
                    page.load(job.html)
                    memo.keep_from(page)
                if job.measure:
                    result.overflows = read_overflow(page, job.deck)
                if job.pdf is not None:
                    if printed != job.html:
                        page.load(printed)
                    glyphs.result()  # its warnings before the file that shows the boxes
                    write_pdf(page.print_pdf(), job.pdf, printed)
                    if job.metadata is not None:
                        add_pdf_metadata(job.pdf, job.metadata)
            finally:
                page.close()
            result.seconds = time.perf_counter() - started
            return result
        finally:
            if job.cleanup is not None:
                shutil.rmtree(job.cleanup, ignore_errors=True)

    def finish(self) -> None:
        """Wait for every job, close the browser, then raise the first job's error if any."""
        errors = [future.exception() for future in self._pending]
        self._pool.shutdown(wait=True)
        self._checks.shutdown(wait=True)
        self._chromium.close(wait=False)  # every PDF is written: the launcher tidies up
        for error in errors:
            if error is not None:
                raise error

    def abort(self) -> None:
        """Stop at once (the build failed or was interrupted): Chromium is killed, which
        fails whatever its jobs wait for, and the jobs are then waited for."""
        self._chromium.close()
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._checks.shutdown(wait=True)


def deck_job(
    html: Path,
    deck: RenderedDeck,
    pdf: Path | None,
    *,
    steps: bool = False,
    notes: bool = False,
    metadata: PdfMetadata | None = None,
) -> PrintJob:
    """A deck's job: its overflow report, and its PDF when `pdf` is given (printed from a page
    with a page per step, or notes under each slide, when asked)."""
    from lecture_tool.writing.html import render_html

    printed = None
    if pdf is not None and (steps or notes):
        text = render_html(deck, print_steps=True) if steps else render_html(deck, print_notes=True)
        printed = _temporary_page(html.stem, text)
    return PrintJob(
        html,
        deck,
        measure=True,
        pdf=pdf,
        printed_html=printed,
        cleanup=printed.parent if printed else None,
        metadata=metadata,
    )


def handout_job(deck, rendered: RenderedDeck, outputs, pdf: Path) -> PrintJob:
    """The handout of `deck` (slides beside their notes), printed to `pdf`."""
    from lecture_tool.writing.handout import render_handout

    page = _temporary_page(deck.path.stem, render_handout(deck, rendered, outputs))
    return PrintJob(page, rendered, pdf=pdf, cleanup=page.parent)


def _temporary_page(stem: str, text: str) -> Path:
    """`text` as `<stem>.html` in a new temporary folder (the job removes it once printed)."""
    page = Path(tempfile.mkdtemp(prefix="lecture-tool-print-")) / f"{stem}.html"
    page.write_text(text, encoding="utf-8")
    return page
