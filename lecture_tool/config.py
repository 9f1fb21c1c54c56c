"""Project layout: where slides, snippets, data and build live (pyproject `[tool.lecture_tool]`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import ConfigError

_KEYS = ("slides", "snippets", "data", "build")
_TEXT_KEYS = ("lang",)  # settings that are not paths


@dataclass(frozen=True)
class Project:
    """Absolute paths of one lecture project."""

    root: Path
    slides: Path
    snippets: Path
    data: Path
    build: Path
    lang: str = ""
    """Default `<html lang>` of the decks (a deck's `lang` directive wins); empty: en-US."""

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
    unknown = sorted(set(settings) - set(_KEYS) - set(_TEXT_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown keys in [tool.lecture_tool]: {', '.join(unknown)}",
            pyproject,
            hint=f"known keys are {', '.join((*_KEYS, *_TEXT_KEYS))}",
        )
    paths = {key: (root / str(settings.get(key, key))).resolve() for key in _KEYS}
    return Project(root=root, **paths, lang=str(settings.get("lang") or ""))
