"""Captured terminal text for slides: ANSI colour codes as colours, other control bytes visible.

Decoding uses rich's `AnsiDecoder` (the parser behind `Text.from_ansi`), not our own
escape-sequence regexes. Whatever is not an SGR colour or style is dropped by the decoder;
the control characters left (NUL, BEL, backspace …) are shown as their Unicode control
pictures (`␀`), so a slide never carries raw control bytes.
"""

from __future__ import annotations

from itertools import pairwise

from markdown_it.common.utils import escapeHtml
from rich.ansi import AnsiDecoder
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

# C0 controls and DEL → U+2400… "control pictures"; newline and tab are layout, kept.
_VISIBLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}
_VISIBLE[0x7F] = 0x2421


def visible_controls(text: str) -> str:
    """`text` with control characters replaced by visible pictures (`\\0` → `␀`)."""
    return text.translate(_VISIBLE)


def _segments(text: str) -> list[tuple[str, Style | None]]:
    """(text, style) runs of `text`, escape sequences decoded; state carries across lines."""
    decoder = AnsiDecoder()
    runs: list[tuple[str, Style | None]] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        decoded = decoder.decode_line(line)
        plain = decoded.plain
        edges = {0, len(plain), *(s.start for s in decoded.spans), *(s.end for s in decoded.spans)}
        for start, end in pairwise(sorted(edges)):
            styles = [s.style for s in decoded.spans if s.start <= start and end <= s.end]
            style = (
                Style.combine(s if isinstance(s, Style) else Style.parse(s) for s in styles)
                if styles
                else None
            )
            runs.append((plain[start:end], style))
        if number < len(lines) - 1:
            runs.append(("\n", None))
    return runs


def to_plain(text: str) -> str:
    """What the text reads as, colour codes removed, control characters visible (Marp)."""
    if "\x1b" not in text:
        return visible_controls(text)  # no escape sequence: nothing for the decoder to do
    return visible_controls("".join(run for run, _ in _segments(text)))


def to_html(text: str) -> str:
    """Escaped text, coloured runs wrapped in `<span style="…">` (inside a `<pre>`)."""
    if "\x1b" not in text:
        return escapeHtml(visible_controls(text))
    parts = []
    for run, style in _segments(text):
        body = escapeHtml(visible_controls(run))
        css = _css(style) if style else ""
        parts.append(f'<span style="{escapeHtml(css)}">{body}</span>' if css else body)
    return "".join(parts)


def _css(style: Style) -> str:
    rules = []
    if style.color is not None and not style.color.is_default:
        rules.append(f"color:{style.color.get_truecolor(DEFAULT_TERMINAL_THEME).hex}")
    if style.bgcolor is not None and not style.bgcolor.is_default:
        rules.append(
            f"background-color:{style.bgcolor.get_truecolor(DEFAULT_TERMINAL_THEME, False).hex}"
        )
    if style.bold:
        rules.append("font-weight:bold")
    if style.dim:
        rules.append("opacity:0.7")
    if style.italic:
        rules.append("font-style:italic")
    if style.underline:
        rules.append("text-decoration:underline")
    return ";".join(rules)
