"""The `lecture-tool` command: parses arguments, calls the library, prints, maps errors to exits."""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import logging
import os
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from lecture_tool.errors import LectureError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TARGETS = ("html", "pdf", "marp", "notebook", "handout")


def run() -> NoReturn:
    """The `lecture-tool` command (and `python -m lecture_tool`): `main()` in a process that
    starts and ends quickly."""
    # A build allocates in bursts (parsed decks, results, rendered pages) and frees little
    # before it ends: fewer young-generation collections (mypy raises the threshold too).
    gc.set_threshold(20_000, 50, 100)
    code = main()
    others = (t for t in threading.enumerate() if t is not threading.current_thread())
    if any(t.is_alive() and not t.daemon for t in others):
        sys.exit(code)  # a thread still at work: the interpreter waits for it, as ever
    # What a finished command holds (~20,000 objects after an HTML build) would be freed one
    # by one as the interpreter shuts down: ~13 ms of a 0.18 s build. Run the exit handlers
    # (render memos are written there) and flush, then leave; the OS takes the memory back.
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`lecture-tool … | head`)
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    from lecture_tool.commands.cli_authoring import add_authoring_commands, spell_frozen

    add_authoring_commands(parser, _add_execution_options, _serve)
    args = parser.parse_args(spell_frozen(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    _terminate_like_interrupt()
    try:
        _check_arguments(sys.argv[1:] if argv is None else argv)
        return args.handler(args)
    except LectureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("terminated", file=sys.stderr)
        return 143


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, so every `with`/`finally` on the way
    stops the pool, the browser and removes temporary files."""


def _terminate_like_interrupt() -> None:
    import signal

    def raise_terminated(signum, frame):
        raise Terminated

    if threading.current_thread() is threading.main_thread():
        # A closed terminal (SIGHUP) stops the tool as `kill` does: cleaned up, not cut off.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, raise_terminated)


def _check_arguments(argv: list[str]) -> None:
    """A path Python could not decode (bytes that are not UTF-8) is a usage error, not a crash."""
    from lecture_tool.text import check_argument

    for value in argv:
        check_argument(value, "argument")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lecture-tool",
        description="Build Marp decks whose code comes from snippets that run and are tested.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run one snippet file and show each cell's results")
    run.add_argument("file", type=Path)
    run.add_argument("--cell", help="run up to and including this cell; show only it")
    _add_execution_options(run)
    run.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    run.set_defaults(handler=_run)

    build = commands.add_parser("build", help="build decks to HTML, PDF and expanded Marp")
    build.add_argument("decks", nargs="*", type=Path, help="deck files (default: all in slides/)")
    build.add_argument("--to", default="html", help=f"comma-separated: {','.join(TARGETS)}")
    _add_execution_options(build)
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="show failures as error boxes on the slides instead of stopping",
    )
    build.add_argument("--out", type=Path, help="output folder (default: build/)")
    build.add_argument("--pdf-notes", action="store_true", help="print presenter notes in PDFs")
    build.add_argument(
        "--pdf-steps", action="store_true", help="PDFs print one page per step of each slide"
    )
    build.add_argument(
        "--student",
        action="store_true",
        help="the student variant in build/student/: solutions show their exercises",
    )
    _add_strict_option(build)
    build.set_defaults(handler=_build)

    check = commands.add_parser(
        "check", help="check that every reference resolves, without running anything"
    )
    check.add_argument("decks", nargs="*", type=Path, help="deck files (default: all in slides/)")
    _add_strict_option(check)
    check.add_argument(
        "--layout",
        action="store_true",
        help="also build the HTML (snippets run or come from the cache) and measure every "
        "slide in Chromium for overflow",
    )
    check.add_argument(
        "--student",
        action="store_true",
        help="with --layout, measure the student variant (exercise slides differ from yours)",
    )
    _add_execution_options(check)
    check.set_defaults(handler=_check)
    return parser


def _add_strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on any warning, e.g. in CI (also `strict = true` in [tool.lecture_tool])",
    )


def _exit_code(failed: bool, warnings: list, args: argparse.Namespace, project) -> int:
    """1 for a failure, and for any warning under --strict; 0 otherwise."""
    strict = args.strict or project.strict
    return EXIT_FAILED if failed or (strict and warnings) else EXIT_OK


def _add_execution_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--smoke", action="store_true", help="apply each snippet's smoke overrides")
    parser.add_argument("--force", action="store_true", help="ignore cached results")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    parser.add_argument(
        "--executor",
        default=None,
        metavar="dask://HOST:PORT",
        help="run snippets on a Dask cluster instead of local workers (extra: lecture_tool[dask])",
    )


def _run(args: argparse.Namespace) -> int:

    from lecture_tool.config import load_project
    from lecture_tool.running.execute import Request
    from lecture_tool.running.runner import SnippetRunner
    from lecture_tool.running.snippet import load_snippet

    if not args.file.is_file():
        raise UsageError(f"no such snippet file: {args.file}", hint="give a path to a .py file")
    snippet = load_snippet(args.file)
    project = load_project(args.file.resolve().parent)
    request = Request(snippet=snippet, device=args.device, smoke=args.smoke)
    if args.cell is not None:
        names = [cell.name for cell in snippet.cells]
        if args.cell not in names:
            raise UsageError(
                f"no cell named {args.cell!r}",
                args.file,
                hint=f"cells are: {', '.join(names)}",
            )
        upto = snippet.cells[: names.index(args.cell) + 1]
        snippet = replace(snippet, cells=upto)
        request = replace(request, snippet=snippet)
    with SnippetRunner(project, jobs=1, force=args.force, executor=args.executor) as runner:
        # A run up to --cell is not the whole snippet's result: keep it apart in the cache.
        extra = f"up to cell {args.cell}" if args.cell is not None else ""
        result = runner.submit(request, extra=extra).result()
    if args.cell is not None:
        result = replace(result, cells=tuple(c for c in result.cells if c.name == args.cell))
    if args.json:
        print(json.dumps(result.to_json(Path.cwd().resolve()), indent=2))
    else:
        _print_result(result)
    return EXIT_FAILED if result.status == "failed" else EXIT_OK


def _print_result(result) -> None:
    from lecture_tool.commands.report import format_result

    print(format_result(result, color=sys.stdout.isatty()))


def _build(args: argparse.Namespace) -> int:
    from lecture_tool.pipeline import BuildOptions, build

    targets = tuple(t.strip() for t in args.to.split(",") if t.strip())
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown or not targets:
        raise UsageError(
            f"--to: unknown output {', '.join(unknown) or '(none)'}",
            hint=f"choose from {', '.join(TARGETS)}",
        )
    options = BuildOptions(
        decks=tuple(args.decks),
        targets=targets,
        device=args.device,
        smoke=args.smoke,
        force=args.force,
        jobs=args.jobs,
        keep_going=args.keep_going,
        out=args.out,
        pdf_notes=args.pdf_notes,
        pdf_steps=args.pdf_steps,
        student=args.student,
        progress=sys.stderr.isatty(),
        executor=args.executor,
        frozen=args.frozen,
    )
    from lecture_tool.config import deck_project, load_project

    current = load_project()
    # A deck given by path is built in its own project (issue 24): a talk elsewhere reads
    # the images beside it, not the working folder's project.
    groups = {current.root: (current, [])} if not args.decks else {}
    for deck in args.decks:
        project = deck_project(deck, current) if deck.is_file() else current
        groups.setdefault(project.root, (project, []))[1].append(deck.resolve())
    failed, warnings, strict = False, [], False
    for project, decks in groups.values():
        report = build(replace(options, decks=tuple(decks)), project=project)
        for line in report.lines():
            print(line)
        failed, warnings = failed or report.failed, warnings + report.warnings
        strict = strict or project.strict
    return _exit_code(failed, warnings, args, replace(current, strict=strict))


def _check(args: argparse.Namespace) -> int:
    from lecture_tool.commands.check import check_project
    from lecture_tool.config import load_project

    project = load_project()
    report = check_project(project, [path.resolve() for path in args.decks] or None)
    for line in report.lines():
        print(line)
    failed, warnings = bool(report.errors), list(report.warnings)
    if args.layout and not failed:
        layout_failed, layout_warnings = _check_layout(args, project)
        failed, warnings = failed or layout_failed, warnings + layout_warnings
    return _exit_code(failed, warnings, args, project)


def _check_layout(args: argparse.Namespace, project) -> tuple[bool, list]:
    """`check --layout`: build the HTML into a scratch folder and measure it in Chromium."""
    import tempfile

    from lecture_tool.errors import LayoutWarning
    from lecture_tool.pipeline import BuildOptions, build
    from lecture_tool.writing.layout import MIN_FIGURE_TEXT_PT
    from lecture_tool.writing.pdf import require_browser

    require_browser()
    with tempfile.TemporaryDirectory(prefix="lecture-tool-layout-") as folder:
        options = BuildOptions(
            decks=tuple(args.decks),
            targets=("html",),
            device=args.device,
            smoke=args.smoke,
            force=args.force,
            jobs=args.jobs,
            keep_going=True,
            frozen=args.frozen,
            out=Path(folder),
            student=args.student,
            layout=True,
            progress=sys.stderr.isatty(),
        )
        report = build(options, project=project)
    for problem in report.problems:
        print(f"error: {problem}")
    # The layout's own warnings: a slide that overflows, or one that presses on its footer.
    layout = [w for w in report.warnings if isinstance(w, LayoutWarning)]
    for warning in layout:
        print(f"warning: {warning}")
    for deck, seconds in report.layout_seconds.items():
        print(f"layout: {deck.name} measured in {seconds:.1f} s")
    pressed = sum(1 for w in layout if w.footer_gap is not None)
    small = sum(1 for w in layout if w.figure_text_pt is not None)
    print(f"{len(layout) - pressed - small} slide(s) overflow")
    print(f"{pressed} slide(s) press on their footer")
    print(f"{small} slide(s) show figure text under {MIN_FIGURE_TEXT_PT} pt")
    return report.failed, layout


def _serve(args: argparse.Namespace) -> int:
    """`lecture-tool serve` (here, with `build`: only the CLI imports the pipeline)."""
    from lecture_tool.commands.serve import DeckServer
    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    project = load_project()
    options = BuildOptions(
        targets=("html",),
        device=args.device,
        smoke=args.smoke,
        keep_going=True,
        frozen="warn" if args.frozen else "",
    )

    def build_decks(decks, runner):
        report = build(replace(options, decks=decks), project, runner=runner)
        for line in report.lines():
            print(line, flush=True)
        return report

    server = DeckServer(
        project,
        (args.deck,) if args.deck else (),
        build_decks,
        port=args.port,
        jobs=args.jobs,
        frozen=args.frozen,
        device=args.device,
        smoke=args.smoke,
        live=not args.no_live,
    )
    try:
        # The address first: a tab opened during the first build shows its progress.
        page = f"{args.deck.stem}.html" if args.deck else ""
        print(f"serving {server.url}{page} (Ctrl-C to stop)", flush=True)
        server.start()
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return EXIT_OK
