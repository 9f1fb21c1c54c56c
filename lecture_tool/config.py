"""Project layout: where slides, snippets, data and build live (pyproject `[tool.lecture_tool]`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import ConfigError

_PATH_KEYS = ("slides", "snippets", "data", "build")
# Settings that are not paths: their type, checked when read.
_OPTION_KEYS: dict[str, type] = {
    "strict": bool,
    "lang": str,
    "notebook_url": str,
}


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


def load_project(start: Path | None = None) -> Project:
    """Read `[tool.lecture_tool]` from the project's pyproject.toml; defaults where absent."""
    root = find_root(start or Path.cwd())
    settings: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            settings = tomllib.loads(pyproject.read_text()).get("tool", {}).get("lecture_tool", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", pyproject) from None
    known = (*_PATH_KEYS, *_OPTION_KEYS)
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
    return Project(root=root, **paths, **options)
