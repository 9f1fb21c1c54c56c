"""The files a build writes for one rendered deck: which they are (`output_paths`, so a
rebuild knows they are all there) and writing them — HTML at once, PDFs and the overflow report
through the build's one Chromium (writing/printer.py), Marp, notebooks and handouts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lecture_tool.config import Project
from lecture_tool.files import write_atomically

if TYPE_CHECKING:
    from lecture_tool.plan import DeckPlan
    from lecture_tool.writing.outputs import DeckOutputs


def output_paths(deck: Path, out: Path, options) -> list[Path]:
    """The files `write_outputs` writes for a deck (to know whether they are all there)."""
    stem = deck.stem
    paths = [out / "html" / f"{stem}.html"]
    for target, folder, suffix in (
        ("pdf", "pdf", "pdf"),
        ("marp", "marp", "md"),
        ("notebook", "notebooks", "ipynb"),
        ("handout", "handout", "pdf"),
    ):
        if target in options.targets:
            paths.append(out / folder / f"{stem}.{suffix}")
    return paths


def write_outputs(
    deck_plan: DeckPlan,
    rendered,
    outputs: DeckOutputs,
    out: Path,
    options,
    project: Project,
    printer,
):
    """Write a deck's files; its PDFs and overflow report are handed to `printer` (Chromium).

    Returns the files written (PDFs included: they are written before the build returns) and
    the future of the deck's overflow report (None when no report is asked for)."""
    from lecture_tool.writing.html import render_html

    written = []
    measured = None
    stem = deck_plan.deck.path.stem
    html_path = out / "html" / f"{stem}.html"
    if "html" in options.targets or "pdf" in options.targets or options.layout:
        write_atomically(html_path, render_html(rendered))
        written.append(html_path)
    if "pdf" in options.targets or options.layout:
        from lecture_tool.writing.printer import deck_job

        pdf_path = out / "pdf" / f"{stem}.pdf" if "pdf" in options.targets else None
        measured = printer.submit(
            deck_job(
                html_path,
                rendered,
                pdf_path,
                steps=options.pdf_steps,
                notes=options.pdf_notes,
                metadata=_pdf_metadata(deck_plan.deck, rendered),
            )
        )
        written += [pdf_path] if pdf_path else []
    if "marp" in options.targets:
        from lecture_tool.writing.marp import write_marp

        marp_dir = out / "marp"
        written.append(write_marp(deck_plan.deck, outputs, marp_dir, keep_going=options.keep_going))
    if "notebook" in options.targets:
        from lecture_tool.writing.notebook import deck_notebook, notebook_text

        path = out / "notebooks" / f"{stem}.ipynb"
        notebook = deck_notebook(
            deck_plan.deck,
            outputs,
            root=project.root,
            notebook_url=project.notebook_url,
            smoke=options.smoke,
        )
        write_atomically(path, notebook_text(notebook))
        written.append(path)
    if "handout" in options.targets:
        from lecture_tool.writing.printer import handout_job

        pdf_path = out / "handout" / f"{stem}.pdf"
        printer.submit(handout_job(deck_plan.deck, rendered, outputs, pdf_path))
        written.append(pdf_path)
    return written, measured


def _pdf_metadata(deck, rendered):
    """Author, description and keywords for the PDF, as marp-cli writes them (Chromium
    writes the title, language, tags and outline)."""
    from lecture_tool.writing.pdf_metadata import deck_metadata

    settings = deck.settings
    return deck_metadata(rendered.title, settings.author, settings.description, settings.keywords)
