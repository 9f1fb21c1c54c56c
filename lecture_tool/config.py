"""Project layout: where slides, snippets, data and build live (pyproject `[tool.lecture_tool]`)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import ConfigError, UsageError
from lecture_tool.text import decode_text

_PATH_KEYS = ("slides", "snippets", "data", "build")
# Settings that are not paths: their type, checked when read.
_OPTION_KEYS: dict[str, type] = {
    "strict": bool,
    "lang": str,
    "notebook_url": str,
}
_ALLOW_OUTSIDE = "allow_outside"


@dataclass(frozen=True)
class Project:
    """Absolute paths of one lecture project."""

    root: Path
    slides: Path
    snippets: Path
    data: Path
    build: Path
    strict: bool = False
    """Every warning fails the build and `check` (exit 1), as `--strict` does."""
    lang: str | None = None
    """The decks' language (`<html lang>`) unless a deck's `lang` directive says otherwise."""
    notebook_url: str | None = None
    """Where the decks' notebooks are published, e.g. a Colab GitHub URL ending in
    `/notebooks`: each HTML deck links to `<notebook_url>/<deck>.ipynb`."""
    allow_outside: tuple[Path, ...] = ()
    """Folders outside `root` that decks may still read snippets and images from
    (`allow_outside = ["../shared-data"]`), resolved."""

    @property
    def boundary(self) -> tuple[Path, ...]:
        """Every folder a deck may read from: the project root, then `allow_outside`."""
        return (self.root, *self.allow_outside)

    @property
    def themes(self) -> Path:
        """User theme CSS files (`/* @theme name */`)."""
        return self.slides / "themes"


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding a pyproject.toml (else `start`)."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return start


def deck_project(deck: Path, current: Project) -> Project:
    """The project a deck given by path belongs to: `current` (the working folder's) when the
    deck is inside it, else the nearest folder above the deck whose pyproject.toml has a
    `[tool.lecture_tool]` table, else the deck's own folder — so `lecture-tool build
    ~/talks/deck.md` reads the images beside the deck and writes to ~/talks/build/."""
    deck = deck.resolve()
    if deck.is_relative_to(current.root):
        return current
    for candidate in deck.parents:
        if _has_lecture_tool_table(candidate / "pyproject.toml"):
            return load_project(candidate)
    return load_project(deck.parent, exact=True)


def _has_lecture_tool_table(pyproject: Path) -> bool:
    if not pyproject.is_file():
        return False
    try:
        text = decode_text(pyproject.read_bytes(), pyproject, ConfigError)
        return "lecture_tool" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True  # it is a project, with a broken file: load_project says what is wrong


def load_project(start: Path | None = None, *, exact: bool = False) -> Project:
    """Read `[tool.lecture_tool]` from the project's pyproject.toml; defaults where absent.
    The project is the nearest folder at or above `start` with a pyproject.toml, or with
    `exact` `start` itself."""
    root = start.resolve() if exact and start is not None else find_root(start or Path.cwd())
    settings: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = decode_text(pyproject.read_bytes(), pyproject, ConfigError)
            settings = tomllib.loads(text).get("tool", {}).get("lecture_tool", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", pyproject) from None
    known = (*_PATH_KEYS, *_OPTION_KEYS, _ALLOW_OUTSIDE)
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise ConfigError(
            f"unknown keys in [tool.lecture_tool]: {', '.join(unknown)}",
            pyproject,
            hint=f"known keys are {', '.join(known)}",
        )
    paths = {key: (root / str(settings.get(key, key))).resolve() for key in _PATH_KEYS}
    options = {}
    for key, kind in _OPTION_KEYS.items():
        if key not in settings:
            continue
        if not isinstance(settings[key], kind):
            raise ConfigError(
                f"[tool.lecture_tool] {key} must be a {kind.__name__}, not {settings[key]!r}",
                pyproject,
            )
        options[key] = settings[key]
    allowed = _allowed(settings, root, pyproject)
    return Project(root=root, **paths, **options, allow_outside=allowed)


def _allowed(settings: dict, root: Path, pyproject: Path) -> tuple[Path, ...]:
    folders = settings.get(_ALLOW_OUTSIDE, [])
    if not isinstance(folders, list) or not all(isinstance(f, str) and f for f in folders):
        raise ConfigError(
            f"{_ALLOW_OUTSIDE} must be a list of folder paths",
            pyproject,
            hint=f'write {_ALLOW_OUTSIDE} = ["../shared-data"] (relative to the project root)',
        )
    return tuple((root / folder).resolve() for folder in folders)


def is_inside(path: Path, folders: tuple[Path, ...]) -> bool:
    """True when `path`, symlinks resolved, lies in one of `folders` (all resolved)."""
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)


def deck_paths(decks: Sequence[Path], project: Project) -> list[Path]:
    """The decks asked for, or every `*.md` in slides/."""
    if decks:
        missing = [path for path in decks if not Path(path).is_file()]
        if missing:
            raise UsageError(f"deck not found: {missing[0]}", hint="give a path to a .md file")
        return [Path(path).resolve() for path in decks]
    found = sorted(project.slides.glob("*.md"))
    if not found:
        raise UsageError(f"no decks in {project.slides}", hint="add a .md file or name one")
    return found
