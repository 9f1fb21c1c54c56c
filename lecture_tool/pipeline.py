"""The build, in one readable flow: decks → references → snippet results → HTML / PDF / Marp."""

from __future__ import annotations

import logging
import os
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.config import Project, load_project
from lecture_tool.deck import Deck, load_deck
from lecture_tool.errors import LectureError
from lecture_tool.references import Reference, find_references, pycon_statements
from lecture_tool.render import render_deck
from lecture_tool.resolve import Resolver, SnippetOutputs, check_reference
from lecture_tool.results import SnippetResult
from lecture_tool.snippet import Snippet, load_snippet
from lecture_tool.worker import WorkCell

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    decks: tuple[Path, ...] = ()
    """Deck files; empty means every `*.md` in slides/."""
    targets: tuple[str, ...] = ("html",)
    device: str = "auto"
    smoke: bool = False
    force: bool = False
    jobs: int | None = None
    keep_going: bool = False
    out: Path | None = None
    """Where html/, pdf/ and marp/ go (default: the project's build/)."""
    pdf_notes: bool = False
    progress: bool = False


@dataclass
class BuildReport:
    outputs: list[Path] = field(default_factory=list)
    problems: list[LectureError] = field(default_factory=list)
    snippets_run: int = 0
    snippets_cached: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        lines = [f"error: {problem}" for problem in self.problems]
        lines += [f"wrote {path}" for path in self.outputs]
        lines.append(
            f"{self.snippets_run} snippet(s) run, {self.snippets_cached} from cache"
            + (f", {len(self.problems)} problem(s)" if self.problems else "")
        )
        return lines


@dataclass(frozen=True)
class _DeckPlan:
    deck: Deck
    references: tuple[Reference, ...]
    snippets: dict[Path, Snippet]
    broken: dict[Path, LectureError]


def build(options: BuildOptions, project: Project | None = None) -> BuildReport:
    """Build every requested deck to every requested target."""
    from lecture_tool.themes import available_themes, load_theme

    project = project or load_project()
    out = (options.out or project.build).resolve()
    report = BuildReport()
    themes = available_themes([project.themes])
    decks = [load_deck(path, themes=themes) for path in _deck_paths(options, project)]
    plans = [_plan(deck, project, options) for deck in decks]
    results, runs = _run_snippets(plans, project, options, report)
    if "pdf" in options.targets:
        from lecture_tool.pdf import require_browser

        require_browser()  # before rendering anything, so no half-built set of outputs
    for plan in plans:
        outputs = SnippetOutputs(
            snippets=plan.snippets,
            broken=plan.broken,
            results=results,
            runs=runs.get(plan.deck.path),
            snippets_dir=project.snippets,
        )
        theme = load_theme(plan.deck.theme, [project.themes])
        rendered, problems = render_deck(
            plan.deck, theme, outputs, keep_going=options.keep_going, default_lang=project.lang
        )
        report.problems += problems
        report.outputs += _write_outputs(plan.deck, rendered, outputs, out, options)
    return report


def _deck_paths(options: BuildOptions, project: Project) -> list[Path]:
    if options.decks:
        missing = [path for path in options.decks if not path.is_file()]
        if missing:
            raise LectureError(f"deck not found: {missing[0]}", hint="give a path to a .md file")
        return [path.resolve() for path in options.decks]
    decks = sorted(project.slides.glob("*.md"))
    if not decks:
        raise LectureError(f"no decks in {project.slides}", hint="add a .md file or name one")
    return decks


def _plan(deck: Deck, project: Project, options: BuildOptions) -> _DeckPlan:
    """The deck's references and the snippet files they name, parsed once."""
    references = tuple(find_references(deck, project.snippets))
    snippets: dict[Path, Snippet] = {}
    broken: dict[Path, LectureError] = {}
    for path in dict.fromkeys(r.snippet_file for r in references if r.snippet_file):
        if not path.is_file():
            continue  # reported at the referencing line
        try:
            snippets[path] = load_snippet(path)
        except LectureError as error:
            if not options.keep_going:
                raise
            broken[path] = error
    if not options.keep_going:
        # Fail in a tenth of a second on a typo, not after every snippet has run.
        resolver = Resolver(
            deck.path, SnippetOutputs(snippets=snippets, snippets_dir=project.snippets)
        )
        for reference in references:
            check_reference(resolver, reference)
    return _DeckPlan(deck, references, snippets, broken)


def _run_snippets(
    plans: list[_DeckPlan], project: Project, options: BuildOptions, report: BuildReport
) -> tuple[dict[Path, SnippetResult], dict[Path, SnippetResult]]:
    """Run (or take from the cache) each snippet once, and each deck's `{run}` blocks."""
    from lecture_tool.cache import ResultCache
    from lecture_tool.execute import Engine, Request
    from lecture_tool.runner import CachedRunner

    with Engine(project, jobs=options.jobs) as engine:
        runner = CachedRunner(engine, ResultCache(project.build / "cache"), force=options.force)
        futures: dict[Path, Future[SnippetResult]] = {}
        for plan in plans:
            for path, snippet in plan.snippets.items():
                if path not in futures:
                    request = Request(snippet=snippet, device=options.device, smoke=options.smoke)
                    futures[path] = runner.submit(request)
        run_futures = {}
        for plan in plans:
            cells = deck_run_cells(plan.references)
            if cells:
                snippet = Snippet(path=plan.deck.path, header=_run_header(), cells=(), text="")
                request = Request(
                    snippet=snippet,
                    device=options.device,
                    smoke=options.smoke,
                    run_id=f"decks/{plan.deck.path.stem}",
                    cells=cells,
                )
                extra = "\0".join(cell.source for cell in cells)
                run_futures[plan.deck.path] = runner.submit(request, extra=extra)
        with _progress(options.progress, len(futures) + len(run_futures)) as advance:
            for future in (*futures.values(), *run_futures.values()):
                future.add_done_callback(lambda _: advance())
            results = {path: future.result() for path, future in futures.items()}
            runs = {path: future.result() for path, future in run_futures.items()}
        report.snippets_run, report.snippets_cached = runner.misses, runner.hits
    return results, runs


def deck_run_cells(references: tuple[Reference, ...]) -> tuple[WorkCell, ...]:
    """A deck's `{run}` blocks as cells: `run-K`, and `run-K-J` for each pycon statement."""
    cells = []
    runs = [reference for reference in references if reference.kind == "run"]
    for index, reference in enumerate(runs, start=1):
        first = reference.line + 1  # the line after the opening fence
        if reference.lang == "python":
            cells.append(WorkCell(name=f"run-{index}", source=reference.code, line=first))
            continue
        for number, (offset, source) in enumerate(pycon_statements(reference.code), start=1):
            cells.append(
                WorkCell(
                    name=f"run-{index}-{number}",
                    source=source,
                    line=first + offset,
                    interactive=True,
                )
            )
    return tuple(cells)


def _run_header():
    from lecture_tool.snippet import Header

    return Header(timeout=120.0)


def _write_outputs(
    deck: Deck, rendered, outputs: SnippetOutputs, out: Path, options: BuildOptions
) -> list[Path]:
    from lecture_tool.html import render_html

    written = []
    stem = deck.path.stem
    html_path = out / "html" / f"{stem}.html"
    if "html" in options.targets or "pdf" in options.targets:
        write_atomically(html_path, render_html(rendered))
        written.append(html_path)
    if "pdf" in options.targets:
        from lecture_tool.pdf import print_pdf

        pdf_path = out / "pdf" / f"{stem}.pdf"
        if options.pdf_notes:
            with tempfile.TemporaryDirectory() as folder:
                notes_html = Path(folder) / f"{stem}.html"
                notes_html.write_text(render_html(rendered, print_notes=True), encoding="utf-8")
                print_pdf(notes_html, pdf_path)
        else:
            print_pdf(html_path, pdf_path)
        written.append(pdf_path)
    if "marp" in options.targets:
        from lecture_tool.marp import write_marp

        written.append(write_marp(deck, outputs, out / "marp"))
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; outputs are for sharing
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


class _progress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled and total > 0, total
        self._progress = None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._progress.start()
        task = self._progress.add_task("running snippets", total=self.total)
        return lambda: self._progress.advance(task)

    def __exit__(self, *exc_info) -> None:
        if self._progress is not None:
            self._progress.stop()
