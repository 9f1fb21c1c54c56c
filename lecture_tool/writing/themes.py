"""Slide themes: the builtin CSS, user `/* @theme name */` files and `@import` inlining."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import DeckError
from lecture_tool.text import read_source

log = logging.getLogger(__name__)

BUILTIN_DIR = Path(__file__).parent / "themes"

CODE_TOKEN_PREFIX = "lt-"
"""Pygments token classes in our listings (`<pre class="lt-code">`) are `lt-k`, `lt-nf` …:
every class we generate starts with `lt-`, so an author's `.k` or `.highlight` never
reaches our markup, and our CSS never reaches theirs."""

THEME_PYGMENTS_STYLE: dict[str, str] = {
    "default": "default",
    "gaia": "github-dark",  # gaia's code blocks are dark slate
    "uncover": "default",
    "course": "friendly",
}
"""The Pygments style whose colours suit each theme's code-block background."""

THEME_PYGMENTS_VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "default": (("section.invert", "github-dark"),),
    "gaia": (("section.invert", "solarized-light"), ("section.gaia", "solarized-light")),
    "uncover": (("section.invert", "one-dark"),),
    "course": (("section.invert", "github-dark"),),
}
"""Token colours for slide classes whose code blocks change background (`invert`…):
(section selector, Pygments style), applied after the theme's main style."""

_COMMENT = re.compile(r"/\*(.*?)\*/", re.DOTALL)
_THEME_NAME = re.compile(r"@theme\s+([^\s*]+)")
# `@import "x";`, `@import 'x';`, `@import url("x");` (Marp's way to extend a theme)
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?\s*;""", re.IGNORECASE)


@dataclass(frozen=True)
class Theme:
    """A theme's name and its self-contained CSS (imports already inlined)."""

    name: str
    css: str


def theme_name(css: str) -> str | None:
    """The name in the first `/* @theme name */` comment of `css`, None when there is none."""
    for comment in _COMMENT.finditer(css):
        found = _THEME_NAME.search(comment.group(1))
        if found:
            return found.group(1)
    return None


def builtin_themes() -> dict[str, Path]:
    """The themes shipped with lecture_tool: `default`, `gaia`, `uncover`."""
    return {path.stem: path for path in sorted(BUILTIN_DIR.glob("*.css"))}


def available_themes(user_dirs: Sequence[Path]) -> dict[str, Path]:
    """Every theme by name: builtins, then user `*.css` files with an `@theme` comment.

    A user theme may take a builtin's name; it wins, because the user asked for it.
    """
    themes = builtin_themes()
    for directory in user_dirs:
        for path in sorted(Path(directory).glob("*.css")):
            name = theme_name(read_source(path))
            if name:
                themes[name] = path
            else:
                log.debug("%s: no /* @theme name */ comment, not a theme", path)
    return themes


def load_theme(name: str, user_dirs: Sequence[Path]) -> Theme:
    """The theme called `name`, with `@import "other";` replaced by that theme's CSS."""
    themes = available_themes(user_dirs)
    if name not in themes:
        raise DeckError(
            f"unknown theme {name!r}",
            hint=f"known themes are {', '.join(sorted(themes))}; a user theme is a .css file "
            "in slides/themes/ with a /* @theme name */ comment",
        )
    return Theme(name=name, css=_inline_imports(themes[name], themes, ()))


def _inline_imports(path: Path, themes: dict[str, Path], seen: tuple[Path, ...]) -> str:
    """`path`'s CSS with every theme import inlined (recursively, cycles refused)."""
    if path in seen:
        chain = " → ".join(p.name for p in (*seen, path))
        raise DeckError(f"themes import each other in a cycle: {chain}", path)
    css = read_source(path)

    def replace(match: re.Match[str]) -> str:
        target = match.group(1)
        if "://" in target or target.startswith("//"):
            # Left alone, but the deck then needs the network: say so.
            log.warning("%s: @import of %s will not work offline", path, target)
            return match.group(0)
        key = Path(target).stem if target.endswith(".css") else target
        # A builtin import from a user theme that shadows the builtin means the builtin.
        source = builtin_themes().get(key) if themes.get(key) == path else themes.get(key)
        if source is None:
            raise DeckError(
                f"@import of unknown theme {target!r}",
                path,
                hint=f"known themes are {', '.join(sorted(themes))}",
            )
        return _inline_imports(source, themes, (*seen, path))

    return _IMPORT.sub(replace, css)
