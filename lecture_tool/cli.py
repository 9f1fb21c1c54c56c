"""The `lecture-tool` command: parses arguments, calls the library, prints, maps errors to exits."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from dataclasses import replace
from pathlib import Path

from lecture_tool.errors import LectureError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    _add_authoring_commands(parser)
    args = parser.parse_args(_spell_frozen(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return args.handler(args)
    except LectureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


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
    build.add_argument("--to", default="html", help="comma-separated: html,pdf,marp")
    _add_execution_options(build)
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="show failures as error boxes on the slides instead of stopping",
    )
    build.add_argument("--out", type=Path, help="output folder (default: build/)")
    build.add_argument("--pdf-notes", action="store_true", help="print presenter notes in PDFs")
    build.set_defaults(handler=_build)

    check = commands.add_parser(
        "check", help="check that every reference resolves, without running anything"
    )
    check.add_argument("decks", nargs="*", type=Path, help="deck files (default: all in slides/)")
    check.set_defaults(handler=_check)
    return parser


def _add_execution_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--smoke", action="store_true", help="apply each snippet's smoke overrides")
    parser.add_argument("--force", action="store_true", help="ignore cached results")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from lecture_tool.config import load_project
    from lecture_tool.execute import Request
    from lecture_tool.runner import SnippetRunner
    from lecture_tool.snippet import load_snippet

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
    with SnippetRunner(project, jobs=1, force=args.force) as runner:
        result = runner.submit(request).result()
    if args.cell is not None:
        result = replace(result, cells=tuple(c for c in result.cells if c.name == args.cell))
    if args.json:
        print(json.dumps(result.to_json(Path.cwd().resolve()), indent=2))
    else:
        _print_result(result)
    return EXIT_FAILED if result.status == "failed" else EXIT_OK


def _print_result(result) -> None:
    from lecture_tool.report import format_result

    print(format_result(result, color=sys.stdout.isatty()))


def _build(args: argparse.Namespace) -> int:
    from lecture_tool.pipeline import BuildOptions, build

    targets = tuple(t.strip() for t in args.to.split(",") if t.strip())
    unknown = sorted(set(targets) - {"html", "pdf", "marp"})
    if unknown or not targets:
        raise UsageError(
            f"--to: unknown output {', '.join(unknown) or '(none)'}",
            hint="choose from html, pdf, marp",
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
        progress=sys.stderr.isatty(),
        frozen=args.frozen,
    )
    report = build(options)
    for line in report.lines():
        print(line)
    return EXIT_FAILED if report.failed else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from lecture_tool.check import check_project
    from lecture_tool.config import load_project

    report = check_project(load_project(), [path.resolve() for path in args.decks] or None)
    for line in report.lines():
        print(line)
    return EXIT_USAGE if report.errors else EXIT_OK


# --- the authoring loop: cache, freeze, serve, new, migrate ---------------------------


def _spell_frozen(argv: list[str]) -> list[str]:
    """`--frozen=strict` as argparse can read it without `--frozen` eating a deck path."""
    return ["--frozen-strict" if arg == "--frozen=strict" else arg for arg in argv]


def _add_authoring_commands(parser: argparse.ArgumentParser) -> None:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    build = commands.choices["build"]
    build.add_argument(
        "--frozen",
        action="store_const",
        const="warn",
        default="",
        help="use results frozen in snippets/_frozen/; --frozen=strict fails on a stale one",
    )
    build.add_argument(
        "--frozen-strict",
        dest="frozen",
        action="store_const",
        const="strict",
        help=argparse.SUPPRESS,
    )

    cache = commands.add_parser("cache", help="show or clear the result cache (build/cache/)")
    cache.add_argument("action", choices=("info", "clear"))
    cache.set_defaults(handler=_cache)

    freeze = commands.add_parser(
        "freeze", help="write the decks' snippet results to snippets/_frozen/ (commit them)"
    )
    freeze.add_argument("decks", nargs="*", type=Path, help="deck files (default: all)")
    _add_execution_options(freeze)
    freeze.set_defaults(handler=_freeze)

    serve = commands.add_parser("serve", help="serve the decks on 127.0.0.1 with live reload")
    serve.add_argument("deck", nargs="?", type=Path, help="one deck (default: all in slides/)")
    serve.add_argument("--port", type=int, default=8000)
    _add_execution_options(serve)
    serve.add_argument("--frozen", action="store_true", help="use results in snippets/_frozen/")
    serve.set_defaults(handler=_serve)

    new = commands.add_parser("new", help="start a deck: slides/NAME.md and snippets/NAME/")
    new.add_argument("name")
    new.set_defaults(handler=_new)

    migrate = commands.add_parser("migrate", help="rewrite a legacy Marp deck in today's syntax")
    migrate.add_argument("deck", type=Path)
    migrate.add_argument(
        "--in-place", action="store_true", help="rewrite DECK (the original kept as DECK.bak)"
    )
    migrate.set_defaults(handler=_migrate)


def _cache(args: argparse.Namespace) -> int:
    from lecture_tool.cache import cache_info, clear_cache
    from lecture_tool.config import load_project

    build = load_project().build
    if args.action == "clear":
        print(f"removed {clear_cache(build)} cache entries from {build / 'cache'}")
    else:
        for line in cache_info(build).lines(build / "cache"):
            print(line)
    return EXIT_OK


def _freeze(args: argparse.Namespace) -> int:
    from lecture_tool.config import load_project
    from lecture_tool.freeze import freeze_decks

    report = freeze_decks(
        tuple(args.decks), load_project(), device=args.device, smoke=args.smoke, jobs=args.jobs
    )
    for line in report.lines():
        print(line)
    return EXIT_FAILED if report.failed else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build
    from lecture_tool.serve import DeckServer

    project = load_project()
    options = BuildOptions(
        targets=("html",),
        device=args.device,
        smoke=args.smoke,
        keep_going=True,
        frozen="warn" if args.frozen else "",
    )

    def build_decks(decks, runner) -> None:
        report = build(replace(options, decks=decks), project, runner=runner)
        for line in report.lines():
            print(line, flush=True)

    server = DeckServer(
        project,
        (args.deck,) if args.deck else (),
        build_decks,
        port=args.port,
        jobs=args.jobs,
        frozen=args.frozen,
    )
    try:
        server.start()
        page = f"{args.deck.stem}.html" if args.deck else ""
        print(f"serving {server.url}{page} (Ctrl-C to stop)", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from lecture_tool.config import load_project
    from lecture_tool.scaffold import create_deck

    for path in create_deck(args.name, load_project()):
        print(f"created {path}")
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    import shutil

    from lecture_tool.migrate import migrate_text

    if not args.deck.is_file():
        raise UsageError(f"deck not found: {args.deck}", hint="give a path to a .md file")
    migrated = migrate_text(args.deck.read_text(encoding="utf-8"), args.deck)
    if not args.in_place:
        sys.stdout.write(migrated)
        return EXIT_OK
    backup = args.deck.with_name(args.deck.name + ".bak")
    shutil.copyfile(args.deck, backup)
    args.deck.write_text(migrated, encoding="utf-8")
    print(f"migrated {args.deck} (the original is {backup})")
    return EXIT_OK
