"""Project layout: where slides, snippets, data and build live (pyproject `[tool.lecture_tool]`)."""

from __future__ import annotations

import re
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
    "publish_url": str,
}
_ALLOW_OUTSIDE = "allow_outside"
_SIZE_KEYS = ("memory", "disk", "output_cap")
"""Per-snippet limits written as sizes (`"2GiB"`); `processes` is a count."""
_PROCESSES = "processes"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(KiB|MiB|GiB)\s*$")
_UNITS = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30}


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
    publish_url: str | None = None
    """Where the HTML decks are published for students: the presenter's QR code (key `q`)
    of a deck points at `<publish_url>/<deck>.html` (and at its notebook, if any)."""
    allow_outside: tuple[Path, ...] = ()
    """Folders outside `root` that decks may still read snippets and images from
    (`allow_outside = ["../shared-data"]`), resolved."""
    memory: int | None = None
    """Bytes of RAM a snippet may use unless its header says `memory:` (None: the default,
    a share of this machine's RAM; see `running/limits.py`)."""
    disk: int | None = None
    """Bytes a snippet may write into its scratch folder (None: the default)."""
    processes: int | None = None
    """Processes a snippet's tree may hold at once, its worker included (None: the default)."""
    output_cap: int | None = None
    """Bytes of a cell's stdout (and of its stderr) kept; the rest is only counted."""

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
    known = (*_PATH_KEYS, *_OPTION_KEYS, _ALLOW_OUTSIDE, *_SIZE_KEYS, _PROCESSES)
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
    return Project(
        root=root, **paths, **options, allow_outside=allowed, **_limits(settings, pyproject)
    )


def parse_size(value: object) -> int:
    """`"2GiB"`, `"512 MiB"`, `"64KiB"` → bytes; ValueError for anything else (a bare number
    is refused: bytes or megabytes would be a guess)."""
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"{value!r} is not a size such as 2GiB, 512MiB or 64KiB")
    return int(float(match[1]) * _UNITS[match[2]])


def _limits(settings: dict, pyproject: Path) -> dict[str, int]:
    """The per-snippet limits `[tool.lecture_tool]` sets (see `running/limits.py`)."""
    found = {}
    for key in _SIZE_KEYS:
        if key in settings:
            try:
                found[key] = parse_size(settings[key])
            except ValueError as error:
                raise ConfigError(
                    f"[tool.lecture_tool] {key}: {error}", pyproject, hint=f'write {key} = "2GiB"'
                ) from None
    if _PROCESSES in settings:
        count = settings[_PROCESSES]
        if isinstance(count, bool) or not isinstance(count, int) or count < 2:
            raise ConfigError(
                f"[tool.lecture_tool] {_PROCESSES} must be a whole number of at least 2, "
                f"not {count!r}",
                pyproject,
            )
        found[_PROCESSES] = count
    return found


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
