"""The build, in one readable flow: decks → references → snippet results → HTML / PDF / Marp.

The parser, the runner and the renderer are imported where they are first needed: a
rebuild whose decks are all up to date (stamps.py) loads none of them.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lecture_tool.config import Project, deck_paths, load_project
from lecture_tool.errors import DeckWarning, LectureError
from lecture_tool.files import write_atomically

if TYPE_CHECKING:
    from lecture_tool.plan import DeckPlan, Plan
    from lecture_tool.running.execute import Request
    from lecture_tool.running.results import SnippetResult
    from lecture_tool.running.snippet import Snippet
    from lecture_tool.writing.outputs import DeckOutputs, SnippetTable

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
    student: bool = False
    """The student variant, under `<out>/student/`: solutions show their exercise cells."""
    layout: bool = False
    """Measure every slide in Chromium and warn about overflow (always done for PDFs)."""
    pdf_steps: bool = False
    """PDFs print one page per step of each slide (fragments, stepped code)."""
    executor: str | None = None
    """Where snippets run: the local pool (None) or a Dask cluster (`dask://HOST:PORT`)."""
    frozen: str = ""
    """`warn` or `strict`: use `snippets/_frozen/` results instead of running (`--frozen`)."""


@dataclass
class BuildReport:
    outputs: list[Path] = field(default_factory=list)
    problems: list[LectureError] = field(default_factory=list)
    warnings: list[LectureError] = field(default_factory=list)
    """Not failures (exit 1 only with --strict): what was ignored or replaced as Marp does."""
    snippets_run: int = 0
    snippets_cached: int = 0
    layout_seconds: dict[Path, float] = field(default_factory=dict)
    """How long measuring each deck's layout in Chromium took."""
    snippets_frozen: int = 0
    ran: list[str] = field(default_factory=list)
    """The snippets that really ran (run ids such as `02-tensors/create`)."""
    unchanged: list[Path] = field(default_factory=list)
    """Outputs left as they were: nothing their deck reads changed."""

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        lines = [f"error: {problem}" for problem in self.problems]
        lines += [f"warning: {warning}" for warning in self.warnings]
        lines += [f"wrote {path}" for path in self.outputs]
        lines += [f"up to date {path}" for path in self.unchanged]
        lines.append(
            f"{self.snippets_run} snippet(s) run, {self.snippets_cached} from cache"
            + (f", {self.snippets_frozen} frozen" if self.snippets_frozen else "")
            + (f", {len(self.problems)} problem(s)" if self.problems else "")
        )
        return lines


def build(options: BuildOptions, project: Project | None = None, runner=None) -> BuildReport:
    """Build every requested deck to every requested target, holding the project's build
    lock; `runner` (a `SnippetRunner`) lets `serve` keep one warm pool across builds."""
    from lecture_tool.files import build_lock

    project = project or load_project()
    with build_lock(project.build):
        return _build(options, project, runner)


def _build(options: BuildOptions, project: Project, runner) -> BuildReport:
    from lecture_tool.stamps import DeckStamps, inputs_key

    out = (options.out or project.build).resolve()
    if options.student:
        out = out / "student"
    report = BuildReport()
    if {"pdf", "handout"} & set(options.targets):
        from lecture_tool.writing.pdf import require_browser

        require_browser()  # before anything, so no half-built set of outputs (and always)
    stamps = DeckStamps(project.build, out)
    paths = deck_paths(options.decks, project)
    # Decks none of whose inputs changed since their outputs were written need no parsing.
    # Not with --force (it reruns), nor --frozen (frozen results are checked for staleness).
    key = "" if options.force or options.frozen else inputs_key(_settings(options, project))
    unchanged = {}
    for path in paths if key else ():
        if (inputs := stamps.unchanged(path, key, _output_paths(path, out, options))) is not None:
            unchanged[path] = inputs
            report.warnings += [
                DeckWarning(m, path, line, hint) for m, line, hint in inputs.warnings
            ]
    changed = [path for path in paths if path not in unchanged]
    planned = _build_decks(changed, project, options, out, stamps, key, report, runner)
    # What unchanged decks show counts as taken from the cache, as it would be if planned.
    report.snippets_cached += len({r for i in unchanged.values() for r in i.results} - planned)
    report.unchanged += [o for path in unchanged for o in _output_paths(path, out, options)]
    order = {path.stem: k for k, path in enumerate(paths)}
    report.unchanged.sort(key=lambda output: order.get(output.stem, len(order)))
    return report


def _build_decks(
    paths: list[Path],
    project: Project,
    options: BuildOptions,
    out: Path,
    stamps,
    key: str,
    report: BuildReport,
    runner,
) -> set[str]:
    """Plan, run and render `paths` into `out`; the names of the results they show."""
    if not paths:
        return set()
    from lecture_tool.plan import plan_build
    from lecture_tool.stamps import plan_inputs, plan_stamp, result_names

    # Without --keep-going, a typo fails in a tenth of a second, before anything runs.
    plan = plan_build(paths, project, check=not options.keep_going, collect=options.keep_going)
    report.problems += plan.unreadable
    report.warnings += plan.warnings
    table, runs = _run_snippets(plan, project, options, report, runner)
    for deck_plan in plan.decks:
        deck = deck_plan.deck
        stamp = plan_stamp(deck_plan, table, runs, _settings(options, project), project)
        inputs = plan_inputs(deck_plan, table, project) if key else None
        if stamps.up_to_date(deck.path, stamp, _output_paths(deck.path, out, options)):
            report.unchanged += _output_paths(deck.path, out, options)
            stamps.record(deck.path, stamp, key, inputs)  # a touched file: its time is new
            continue
        stamps.forget(deck.path)
        from lecture_tool.writing.outputs import DeckOutputs
        from lecture_tool.writing.render import render_deck
        from lecture_tool.writing.themes import load_theme

        outputs = DeckOutputs(deck.path, table, runs.get(deck.path), student=options.student)
        theme = load_theme(deck.theme, [project.themes])
        rendered, problems = render_deck(
            deck, theme, outputs, keep_going=options.keep_going, default_lang=project.lang or ""
        )
        if project.notebook_url:
            url = f"{project.notebook_url.rstrip('/')}/{deck.path.stem}.ipynb"
            rendered = dataclasses.replace(rendered, colab_url=url)
        if options.student:
            # Presenter notes are the lecturer's: they often hold the exercises' answers.
            slides = tuple(dataclasses.replace(s, notes=()) for s in rendered.slides)
            rendered = dataclasses.replace(rendered, slides=slides)
        report.problems += problems
        report.outputs += _write_outputs(deck_plan, rendered, outputs, out, options)
        if "pdf" in options.targets or options.layout:
            _measure_layout(deck_plan, rendered, out, options, report)
        if not problems:  # a deck with error boxes is rendered again, so they are reported again
            stamps.record(deck.path, stamp, key, inputs)
    return {name for deck_plan in plan.decks for name in result_names(deck_plan)}


def _measure_layout(deck_plan: DeckPlan, rendered, out: Path, options, report) -> None:
    """Overflow warnings from Chromium (the HTML is written for every PDF build)."""
    from lecture_tool.writing.layout import timed_overflow_warnings

    html_path = out / "html" / f"{deck_plan.deck.path.stem}.html"
    warnings, seconds = timed_overflow_warnings(html_path, rendered, deck_plan.deck.path)
    report.warnings += warnings
    report.layout_seconds[deck_plan.deck.path] = seconds


def _output_paths(deck: Path, out: Path, options: BuildOptions) -> list[Path]:
    """The files `_write_outputs` writes for a deck (to know whether they are all there)."""
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


def _settings(options: BuildOptions, project: Project) -> str:
    """The build options and project settings that change what a deck's outputs hold."""
    return "|".join(
        str(value)
        for value in (
            sorted(options.targets),
            options.keep_going,
            options.pdf_notes,
            options.pdf_steps,
            options.student,
            options.layout,
            project.notebook_url,
            project.lang,
            options.device,
            options.smoke,
        )
    )


def _run_snippets(
    plan: Plan, project: Project, options: BuildOptions, report: BuildReport, runner=None
) -> tuple[SnippetTable, dict[Path, SnippetResult]]:
    """Run (or take from the cache) each snippet once, and each deck's `{run}` blocks.

    Returns every snippet's result (in the table) and, separately, each deck's `{run}` result.
    """
    requests: dict[tuple[str, Path], tuple[Request, str]] = {}
    for deck_plan in plan.decks:
        for path in deck_plan.snippets:
            snippet = plan.table.snippets[path]
            requests[("snippet", path)] = (_request(snippet, options), "")
        if deck_plan.run_cells:
            requests[("runs", deck_plan.deck.path)] = _run_request(deck_plan, options)
    if not requests:
        return plan.table, {}  # nothing to run: no pool, no cache lookups
    from lecture_tool.running.runner import SnippetRunner
    from lecture_tool.writing.outputs import SnippetTable

    if runner is None:
        with SnippetRunner(
            project,
            jobs=options.jobs,
            force=options.force,
            frozen=bool(options.frozen),
            executor=options.executor,
        ) as own:
            results = _run_all(own, requests, options, report)
    else:
        results = _run_all(runner, requests, options, report)
    table = SnippetTable(
        plan.table.snippets_dir,
        plan.table.snippets,
        plan.table.broken,
        {path: result for (kind, path), result in results.items() if kind == "snippet"},
        boundary=plan.table.boundary,
    )
    runs = {path: result for (kind, path), result in results.items() if kind == "runs"}
    return table, runs


def _run_all(runner, requests, options: BuildOptions, report: BuildReport) -> dict:
    """`runner.run_all`, with what it did (counts, stale frozen results) in the report."""
    from lecture_tool.errors import StaleFrozen

    before = (runner.misses, runner.hits, runner.thawed, len(runner.ran), len(runner.stale))
    results = runner.run_all(requests, progress=options.progress)
    report.snippets_run = runner.misses - before[0]
    report.snippets_cached = runner.hits - before[1]
    report.snippets_frozen = runner.thawed - before[2]
    report.ran += runner.ran[before[3] :]
    for path in runner.stale[before[4] :]:
        stale = StaleFrozen(path)
        if options.frozen == "strict":
            report.problems.append(stale)
        else:
            report.warnings.append(str(stale))
    return results


def _request(snippet: Snippet, options: BuildOptions, **fields) -> Request:
    from lecture_tool.running.execute import Request

    return Request(snippet=snippet, device=options.device, smoke=options.smoke, **fields)


def _run_request(deck_plan: DeckPlan, options: BuildOptions) -> tuple[Request, str]:
    """A deck's `{run}` blocks as one snippet (their code is part of its cache key)."""
    from lecture_tool.decks.runs import RUN_HEADER
    from lecture_tool.running.snippet import Snippet

    path = deck_plan.deck.path
    snippet = Snippet(path=path, header=RUN_HEADER, cells=(), text="")
    request = _request(snippet, options, run_id=f"decks/{path.stem}", cells=deck_plan.run_cells)
    return request, "\0".join(cell.source for cell in deck_plan.run_cells)


def _write_outputs(
    deck_plan: DeckPlan, rendered, outputs: DeckOutputs, out: Path, options: BuildOptions
) -> list[Path]:
    from lecture_tool.writing.html import render_html

    written = []
    stem = deck_plan.deck.path.stem
    html_path = out / "html" / f"{stem}.html"
    if "html" in options.targets or "pdf" in options.targets or options.layout:
        write_atomically(html_path, render_html(rendered))
        written.append(html_path)
    if "pdf" in options.targets:
        from lecture_tool.writing.pdf import print_pdf

        pdf_path = out / "pdf" / f"{stem}.pdf"
        if options.pdf_steps:
            with tempfile.TemporaryDirectory() as folder:
                steps_html = Path(folder) / f"{stem}.html"
                steps_html.write_text(render_html(rendered, print_steps=True), encoding="utf-8")
                print_pdf(steps_html, pdf_path)
        elif options.pdf_notes:
            with tempfile.TemporaryDirectory() as folder:
                notes_html = Path(folder) / f"{stem}.html"
                notes_html.write_text(render_html(rendered, print_notes=True), encoding="utf-8")
                print_pdf(notes_html, pdf_path)
        else:
            print_pdf(html_path, pdf_path)
        written.append(pdf_path)
    if "marp" in options.targets:
        from lecture_tool.writing.marp import write_marp

        marp_dir = out / "marp"
        written.append(write_marp(deck_plan.deck, outputs, marp_dir, keep_going=options.keep_going))
    if "notebook" in options.targets:
        from lecture_tool.writing.notebook import deck_notebook, notebook_text

        path = out / "notebooks" / f"{stem}.ipynb"
        write_atomically(path, notebook_text(deck_notebook(deck_plan.deck, outputs)))
        written.append(path)
    if "handout" in options.targets:
        written.append(_write_handout(deck_plan, rendered, outputs, out))
    return written


def _write_handout(deck_plan: DeckPlan, rendered, outputs: DeckOutputs, out: Path) -> Path:
    from lecture_tool.writing.handout import render_handout
    from lecture_tool.writing.pdf import print_pdf

    stem = deck_plan.deck.path.stem
    pdf_path = out / "handout" / f"{stem}.pdf"
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{stem}.html"
        page.write_text(render_handout(deck_plan.deck, rendered, outputs), encoding="utf-8")
        print_pdf(page, pdf_path)
    return pdf_path
