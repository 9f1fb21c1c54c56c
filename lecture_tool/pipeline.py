"""The build, in one readable flow: decks → references → snippet results → HTML / PDF / Marp.

The parser, the runner and the renderer are imported where they are first needed: a
rebuild whose decks are all up to date (stamps.py) loads none of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lecture_tool.config import Project, deck_paths, load_project
from lecture_tool.deck_files import output_paths, write_outputs
from lecture_tool.errors import DeckWarning, LectureError

if TYPE_CHECKING:
    from lecture_tool.plan import Plan
    from lecture_tool.writing.outputs import SnippetTable

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
        # Each once: a header's missing image is a problem of every slide that inherits it.
        errors = list(dict.fromkeys(f"error: {problem}" for problem in self.problems))
        lines = errors + list(dict.fromkeys(f"warning: {warning}" for warning in self.warnings))
        lines += [f"wrote {path}" for path in self.outputs]
        lines += [f"up to date {path}" for path in self.unchanged]
        lines.append(
            f"{self.snippets_run} snippet(s) run, {self.snippets_cached} from cache"
            + (f", {self.snippets_frozen} frozen" if self.snippets_frozen else "")
            + (f", {len(errors)} problem(s)" if errors else "")
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
        if (inputs := stamps.unchanged(path, key, output_paths(path, out, options))) is not None:
            unchanged[path] = inputs
            report.warnings += [
                DeckWarning(m, path, line, hint) for m, line, hint in inputs.warnings
            ]
    changed = [path for path in paths if path not in unchanged]
    printer = None
    if changed and ({"pdf", "handout"} & set(options.targets) or options.layout):
        from lecture_tool.writing.printer import DeckPrinter

        printer = DeckPrinter(options.jobs)  # Chromium boots while decks are read and rendered
    try:
        planned = _build_decks(changed, project, options, out, stamps, key, report, runner, printer)
    except BaseException:
        if printer is not None:
            printer.abort()
        raise
    if printer is not None:
        printer.finish()
    # What unchanged decks show counts as taken from the cache, as it would be if planned.
    report.snippets_cached += len({r for i in unchanged.values() for r in i.results} - planned)
    report.unchanged += [o for path in unchanged for o in output_paths(path, out, options)]
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
    printer,
) -> set[str]:
    """Plan, run and render `paths` into `out`; the names of the results they show."""
    if not paths:
        return set()
    from lecture_tool.plan import cold_with_code, plan_build
    from lecture_tool.stamps import result_names

    own = None
    if (
        runner is None
        and cold_with_code(paths, project, options.force)
        and not (options.executor or options.frozen)
    ):
        from lecture_tool.running.runner import SnippetRunner

        own = runner = SnippetRunner(project, jobs=options.jobs, force=options.force)
        runner.engine.start()  # the pool imports torch & co. while the decks are read
    with own or contextlib.nullcontext():
        # Without --keep-going, a typo fails in a tenth of a second, before anything runs.
        plan = plan_build(paths, project, check=not options.keep_going, collect=options.keep_going)
        report.problems += plan.unreadable
        report.warnings += plan.warnings
        _render_decks(plan, project, options, out, stamps, key, report, runner, printer)
    return {name for deck_plan in plan.decks for name in result_names(deck_plan)}


def _render_decks(plan, project, options, out, stamps, key, report, runner, printer) -> None:
    """Render and write each deck as soon as its snippets have finished; what Chromium does
    for them runs on in `printer` and is collected at the end (a deck's stamp is recorded only
    once its PDF is written). Outputs are reported in deck order, however they finished."""
    done = {}
    # Closed on an error: the runner it made stops its workers at once.
    with contextlib.closing(_decks_as_ready(plan, project, options, report, runner)) as ready:
        for deck_plan, table, deck_runs in ready:
            runs = {deck_plan.deck.path: deck_runs} if deck_runs else {}
            done[deck_plan.deck.path] = _render_deck(
                deck_plan, table, runs, project, options, out, stamps, key, printer
            )
    for deck_plan in plan.decks:
        path = deck_plan.deck.path
        (problems, glyphs), written, unchanged, measured, record = done[path]
        report.problems += problems
        report.warnings += glyphs
        report.outputs += written
        report.unchanged += unchanged
        if measured is not None:
            _report_layout(path, measured.result(), options, report)
        if record:  # a deck with error boxes is rendered again, so they are reported again
            stamp, inputs = record
            stamps.record(path, stamp, key, inputs)


def _render_deck(deck_plan, table, runs, project, options, out, stamps, key, printer):
    """One deck rendered and written: (problems, written, unchanged, overflow report's
    future, (stamp, inputs) to record once its PDF is written or None)."""
    from lecture_tool.stamps import deck_stamp, plan_context, plan_inputs

    deck = deck_plan.deck
    context = plan_context(deck_plan, table, runs, _settings(options, project), project)
    stamp = deck_stamp(context, deck.path)
    inputs = plan_inputs(deck_plan, table, project) if key else None
    if stamps.up_to_date(deck.path, stamp, output_paths(deck.path, out, options)):
        return ([], []), [], output_paths(deck.path, out, options), None, (stamp, inputs)
    stamps.forget(deck.path)
    from lecture_tool.writing.outputs import DeckOutputs
    from lecture_tool.writing.render import render_deck
    from lecture_tool.writing.slide_memo import SlideMemo
    from lecture_tool.writing.themes import load_theme

    outputs = DeckOutputs(deck.path, table, runs.get(deck.path), student=options.student)
    theme = load_theme(deck.theme, [project.themes])
    rendered, problems = render_deck(
        deck,
        theme,
        outputs,
        keep_going=options.keep_going,
        default_lang=project.lang or "",
        memo=SlideMemo(deck, context),
    )
    if project.notebook_url:
        url = f"{project.notebook_url.rstrip('/')}/{deck.path.stem}.ipynb"
        rendered = dataclasses.replace(rendered, colab_url=url)
    if project.publish_url:
        url = f"{project.publish_url.rstrip('/')}/{deck.path.stem}.html"
        rendered = dataclasses.replace(rendered, published_url=url)
    if options.student:
        # Presenter notes are the lecturer's: they often hold the exercises' answers.
        slides = tuple(dataclasses.replace(s, notes=()) for s in rendered.slides)
        rendered = dataclasses.replace(rendered, slides=slides)
    from lecture_tool.writing.mathglyphs import glyph_warnings

    # A formula a font cannot draw is a warning (said) and a problem for --strict.
    glyphs = glyph_warnings(rendered, deck.path)
    written, measured = write_outputs(deck_plan, rendered, outputs, out, options, project, printer)
    # Rendered again next time (so reported again) while it has error boxes or glyph warnings.
    record = None if problems or glyphs else (stamp, inputs)
    return (problems, glyphs), written, [], measured, record


def _report_layout(deck_path: Path, result, options: BuildOptions, report: BuildReport) -> None:
    """A deck's overflow warnings and the time Chromium took for it."""
    from lecture_tool.writing.layout import warnings_for

    if "pdf" in options.targets or options.layout:
        report.warnings += warnings_for(result.overflows, deck_path)
        report.layout_seconds[deck_path] = result.seconds


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
            project.publish_url,
            project.lang,
            options.device,
            options.smoke,
        )
    )


def _decks_as_ready(plan: Plan, project: Project, options: BuildOptions, report, runner=None):
    """Each deck with the snippet table and `{run}` result it shows, as soon as its own
    snippets have finished (or come from the cache), while other decks' snippets still run:
    only the last deck's rendering waits for the last snippet."""
    from lecture_tool.plan import request_keys, run_requests

    requests = run_requests(plan, options.device, options.smoke)
    if not requests:  # nothing to run: no pool, no cache lookups
        for deck_plan in plan.decks:
            yield deck_plan, plan.table, None
        return
    from lecture_tool.running.runner import SnippetRunner

    own = None
    if runner is None:
        own = runner = SnippetRunner(
            project,
            jobs=options.jobs,
            force=options.force,
            frozen=bool(options.frozen),
            executor=options.executor,
        )
    with own or contextlib.nullcontext():
        before = (runner.misses, runner.hits, runner.thawed, len(runner.ran), len(runner.stale))
        waiting, results = list(plan.decks), {}
        answers = runner.run_as_done(requests, progress=options.progress)
        while waiting:  # a deck that runs nothing is ready at once
            ready = [d for d in waiting if all(k in results for k in request_keys(d))]
            for deck_plan in ready:
                waiting.remove(deck_plan)
                yield deck_plan, _table(plan, results), results.get(("runs", deck_plan.deck.path))
            if not ready:
                key, result = next(answers)
                results[key] = result
        results.update(answers)  # the last answers nobody waits for; durations are written
        _count_runs(runner, before, options, report)


def _table(plan: Plan, results: dict) -> SnippetTable:
    from lecture_tool.writing.outputs import SnippetTable

    return SnippetTable(
        plan.table.snippets_dir,
        plan.table.snippets,
        plan.table.broken,
        {path: result for (kind, path), result in results.items() if kind == "snippet"},
        root=plan.table.root,
        boundary=plan.table.boundary,
    )


def _count_runs(runner, before: tuple, options: BuildOptions, report: BuildReport) -> None:
    """What the runner did since `before` (counts, stale frozen results), in the report."""
    from lecture_tool.errors import StaleFrozen

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
