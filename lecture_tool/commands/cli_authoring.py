"""`lecture-tool` commands of the authoring loop: cache, freeze, serve, new, migrate (part of
the CLI: they print, and return exit codes for `cli.main`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lecture_tool.errors import UsageError

EXIT_OK, EXIT_FAILED = 0, 1


# --- the authoring loop: cache, freeze, serve, new, migrate ---------------------------


def spell_frozen(argv: list[str]) -> list[str]:
    """`--frozen=strict` as argparse can read it without `--frozen` eating a deck path."""
    return ["--frozen-strict" if arg == "--frozen=strict" else arg for arg in argv]


def add_authoring_commands(
    parser: argparse.ArgumentParser, add_execution_options, serve_handler
) -> None:
    """The commands of the authoring loop, added to the `lecture-tool` parser."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    # `check --layout` measures what `build --frozen` shows (a frozen GPU table, not a notice).
    for name in ("build", "check"):
        command = commands.choices[name]
        command.add_argument(
            "--frozen",
            action="store_const",
            const="warn",
            default="",
            help="use results frozen in snippets/_frozen/; --frozen=strict fails on a stale one",
        )
        command.add_argument(
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
    add_execution_options(freeze)
    freeze.set_defaults(handler=_freeze)

    serve = commands.add_parser("serve", help="serve the decks on 127.0.0.1 with live reload")
    serve.add_argument("deck", nargs="?", type=Path, help="one deck (default: all in slides/)")
    serve.add_argument("--port", type=int, default=8000)
    add_execution_options(serve)
    serve.add_argument("--frozen", action="store_true", help="use results in snippets/_frozen/")
    serve.add_argument(
        "--no-live",
        action="store_true",
        help="no run/edit controls on the slides (live code is on by default under serve)",
    )
    serve.set_defaults(handler=serve_handler)

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
    from lecture_tool.config import load_project
    from lecture_tool.running.cache import cache_info, clear_cache

    build = load_project().build
    if args.action == "clear":
        print(f"removed {clear_cache(build)} cache entries from {build / 'cache'}")
    else:
        for line in cache_info(build).lines(build / "cache"):
            print(line)
    return EXIT_OK


def _freeze(args: argparse.Namespace) -> int:
    from lecture_tool.config import load_project

    report = freeze_decks(
        tuple(args.decks), load_project(), device=args.device, smoke=args.smoke, jobs=args.jobs
    )
    for line in report.lines():
        print(line)
    return EXIT_FAILED if report.failed else EXIT_OK


def freeze_decks(decks: tuple[Path, ...], project, *, device: str, smoke: bool, jobs: int | None):
    """Run (or take from the cache) the snippets of `decks` and freeze the passing results;
    a skipped result never replaces a frozen one (a laptop cannot undo a GPU freeze)."""
    from lecture_tool.config import deck_paths
    from lecture_tool.files import build_lock
    from lecture_tool.plan import plan_build
    from lecture_tool.running.execute import Request
    from lecture_tool.running.freeze import FreezeReport, write_frozen
    from lecture_tool.running.runner import SnippetRunner

    report = FreezeReport([], [])
    with build_lock(project.build):
        plan = plan_build(deck_paths(decks, project), project)
        paths = list(dict.fromkeys(p for deck_plan in plan.decks for p in deck_plan.snippets))
        requests = {
            path: (Request(plan.table.snippets[path], device=device, smoke=smoke), "")
            for path in paths
        }
        with SnippetRunner(project, jobs=jobs) as runner:
            results = runner.run_all(requests)
    for path, result in results.items():
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        if result.status == "passed":
            report.frozen.append(write_frozen(plan.table.snippets[path], result, project))
        else:
            report.not_frozen.append(f"{shown}: {result.status} ({result.reason})")
    return report


def _new(args: argparse.Namespace) -> int:
    from lecture_tool.commands.scaffold import create_deck
    from lecture_tool.config import load_project

    for path in create_deck(args.name, load_project()):
        print(f"created {path}")
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    import shutil

    from lecture_tool.commands.migrate import migrate_text

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
