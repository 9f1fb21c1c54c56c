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
    add_execution_options(freeze)
    freeze.set_defaults(handler=_freeze)

    serve = commands.add_parser("serve", help="serve the decks on 127.0.0.1 with live reload")
    serve.add_argument("deck", nargs="?", type=Path, help="one deck (default: all in slides/)")
    serve.add_argument("--port", type=int, default=8000)
    add_execution_options(serve)
    serve.add_argument("--frozen", action="store_true", help="use results in snippets/_frozen/")
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
