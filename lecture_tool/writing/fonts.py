"""Fonts: the math font embedded in each deck (subset, woff2) and the check that every
character on a slide has an installed font. The system's fonts are found through fontconfig."""

from __future__ import annotations

import base64
import io
import logging
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from lecture_tool.files import user_cache_dir

log = logging.getLogger(__name__)

SUBSET_VERSION = "2"
"""Part of the disk cache's key: raised when the subsetter's options change (2: hints kept)."""

MATH_FAMILY = "LT Math"
"""The font-family name the embedded math font gets inside a deck."""

MATH_FONT_CANDIDATES = (
    # fonts-lmodern (Debian/Ubuntu), then TeX Live's copy, then fonts-stix / STIX Two.
    Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"),
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/lm-math/latinmodern-math.otf"),
    Path("/usr/share/fonts/opentype/stix/STIXTwoMath-Regular.otf"),
    Path("/usr/share/fonts/opentype/stix-two/STIXTwoMath-Regular.otf"),
    Path("/usr/share/fonts/opentype/stix-word/STIXMath-Regular.otf"),
)
MATH_FONT_FAMILIES = ("Latin Modern Math", "STIX Two Math", "STIX Math")
"""Fonts with an OpenType MATH table, best first, looked up by fontconfig after the paths."""

# Single-letter <mi> renders in mathematical italic (CSS text-transform: math-auto), so those
# code points must be in the subset even though the markup holds plain ASCII and Greek.
_ITALIC_EXTRA = "".join(
    [chr(c) for c in range(0x1D434, 0x1D468)]  # 𝐴…𝑧 (U+1D455 is a hole: ℎ is U+210E)
    + ["\u210e"]
    + [chr(c) for c in range(0x1D6E2, 0x1D71C)]  # italic Greek
    + ["\u0131", "\u0237", "\U0001d6a4", "\U0001d6a5"]  # dotless i/j and their italics
)


def find_math_font() -> Path | None:
    """An installed OpenType math font (Latin Modern Math preferred), None when there is none."""
    for path in MATH_FONT_CANDIDATES:
        if path.is_file():
            return path
    for family in MATH_FONT_FAMILIES:
        found = _fc_match_file(family)
        if found is not None:
            return found
    return None


def math_font_css(math_text: str) -> str:
    """An `@font-face` embedding the math font subset to `math_text`'s characters, plus the
    rule that makes `<math>` use it. Without an installed math font: a warning and a rule that
    falls back to the system's math font."""
    font = find_math_font()
    families = ", ".join(f'"{name}"' for name in MATH_FONT_FAMILIES)
    if font is None:
        log.warning(
            "no OpenType math font installed (apt-get install fonts-lmodern or fonts-stix): "
            "math uses the system's math font and may look different on other machines"
        )
        return f"math {{ font-family: {families}, math; }}\n"
    data, fmt = subset_font(font, math_text + _ITALIC_EXTRA)
    uri = f"data:font/{fmt};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'@font-face {{ font-family: "{MATH_FAMILY}"; src: url("{uri}") format("{fmt}"); }}\n'
        f'math {{ font-family: "{MATH_FAMILY}", {families}, math; }}\n'
    )


@lru_cache(maxsize=32)
def _subset_cached(path: Path, mtime: float, text: str) -> tuple[bytes, str]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # ssty (script-size glyphs), dtls, flac …
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    # Keep the CFF hints: without them Chromium (FreeType) sets the line box 1–2 px taller than
    # the installed font does, and every formula moves (tests/writing/test_math_drawing.py).
    options.hinting = True
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: not needed
    try:
        import brotli  # noqa: F401  (fontTools needs it to write woff2)

        options.flavor = "woff2"
    except ImportError:
        log.warning("brotli is not installed (pip install 'fonttools[woff]'): math font as woff")
        options.flavor = "woff"
    # No save-time timestamp in `head`: the same deck gives the same bytes on every build.
    font = TTFont(path, lazy=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    # The MATH table's variants and assemblies (stretchy braces, big radicals) come along
    # through fontTools' glyph closure.
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = options.flavor
    font.save(buffer)
    return buffer.getvalue(), options.flavor


def subset_font(path: Path, text: str) -> tuple[bytes, str]:
    """The font at `path` cut down to `text`'s characters: (bytes, "woff2" or "woff").

    Subsetting takes about a second, so results are also kept on disk (a user cache, keyed by
    the font file, its mtime, the characters and the installed fontTools): a rebuild of a deck
    whose math did not change pays nothing."""
    characters = "".join(sorted(set(text) | set(" ")))
    mtime = path.stat().st_mtime
    stored = _disk_cache(path, mtime, characters)
    if stored is not None:
        try:
            return stored.read_bytes(), stored.suffix[1:]
        except OSError:
            pass
    data, fmt = _subset_cached(path, mtime, characters)
    if stored is not None:
        _store(stored.with_suffix(f".{fmt}"), data)
    return data, fmt


def _disk_cache(path: Path, mtime: float, characters: str) -> Path | None:
    """Where a subset is kept (an existing file when it is there already)."""
    import hashlib

    from lecture_tool.writing.memo import installed_stamp

    root = user_cache_dir()
    # Which fontTools subset it, without importing fontTools (its files and their times).
    subsetter = installed_stamp("fontTools")
    parts = (str(path), repr(mtime), characters, subsetter, SUBSET_VERSION)
    key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    for fmt in ("woff2", "woff"):
        candidate = root / "fonts" / f"{key}.{fmt}"
        if candidate.is_file():
            return candidate
    return root / "fonts" / f"{key}.woff2"


def _store(target: Path, data: bytes) -> None:
    """Write atomically; a read-only or full cache only costs speed."""
    import os
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        log.debug("cannot keep the font subset in %s: %s", target, exc)


# -- which characters have no installed font ----------------------------------------------


def has_fontconfig() -> bool:
    return shutil.which("fc-list") is not None


@cache
def char_has_font(char: str) -> bool:
    """Whether any installed font has a glyph for `char`: one fontconfig query the first time
    this machine's fonts are asked about it, then an answer kept on disk (`_known_glyphs`)."""
    known = _known_glyphs()
    if char in known:
        return known[char]
    try:
        result = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: say nothing rather than warn wrongly
    known[char] = bool(result.stdout.strip())
    _learned.add(char)
    return known[char]


def missing_glyphs(text: str) -> list[str]:
    """The distinct characters of `text` no installed font can show, in order of appearance.

    ASCII and whitespace/control characters are taken as covered; any other character costs a
    fontconfig query (some 10–30 ms) only the first time: answers are kept on disk for as long
    as the installed fonts stay the same, so a deck with no new character checks for free.
    """
    if not has_fontconfig():
        return []
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char.isascii() or not char.isprintable() or _is_format_char(char):
            continue
        if not char_has_font(char):
            missing.append(char)
    if _learned:
        _save_known_glyphs()
    return missing


_FONT_PLACES = (
    "/etc/fonts",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/var/cache/fontconfig",
    "~/.fonts",
    "~/.local/share/fonts",
    "~/.cache/fontconfig",
)
"""Where installing or removing a font leaves a trace (fc-cache rewrites its caches)."""
_learned: set[str] = set()


@cache
def _known_glyphs() -> dict[str, bool]:
    """What earlier builds learned from fontconfig, for the fonts installed now."""
    import json

    try:
        stored = json.loads(_glyph_cache_path().read_text(encoding="utf-8"))
        return {char: bool(has) for char, has in stored.items() if len(char) == 1}
    except (OSError, ValueError, AttributeError):
        return {}


def _save_known_glyphs() -> None:
    import json

    _store(_glyph_cache_path(), json.dumps(_known_glyphs(), ensure_ascii=False).encode("utf-8"))
    _learned.clear()


@cache
def installed_fonts_stamp() -> str:
    """A name for the state of the font folders: a font installed or removed since (and
    fc-cache run, as package managers do) gives a new one, so nothing stale is read."""
    import hashlib
    import os

    stamps = []
    for place in _FONT_PLACES:
        try:
            stamps.append(f"{place}:{os.stat(os.path.expanduser(place)).st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()[:24]


def _glyph_cache_path() -> Path:
    """The answers file, named after the installed fonts."""
    return user_cache_dir() / "glyphs" / f"{installed_fonts_stamp()}.json"


def _is_format_char(char: str) -> bool:
    # Variation selectors, zero-width joiners and the like are not drawn on their own.
    code = ord(char)
    return (
        0xFE00 <= code <= 0xFE0F
        or 0x200B <= code <= 0x200F
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x2060, 0xFEFF)
    )


def describe_missing(chars: Iterable[str]) -> str:
    """`'X' (U+XXXX)` for each character, comma-separated."""
    return ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)


def _fc_match_file(family: str) -> Path | None:
    if not has_fontconfig():
        return None
    try:
        result = subprocess.run(
            ["fc-match", "--format=%{family}\n%{file}", family],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = result.stdout.splitlines()
    if len(lines) == 2 and family.lower() in lines[0].lower() and Path(lines[1]).is_file():
        return Path(lines[1])
    return None
