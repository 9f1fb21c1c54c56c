"""Code and output listings as markup: Pygments colours, one element per line for highlighted
and stepped code (`highlight=`, `steps=`), and the attributes the viewer steps through.

Pure. A listing without marks keeps the plain `<pre class="lt-code">` markup; a marked one
renders each line as `<span class="lt-line">`, the highlighted ones with the class `hl`. The
markup holds the *last* step's highlighting (what PDF, handouts and a viewer without script
show); the viewer re-marks the lines for each step it shows. `data-lt-final` marks the lines the
last step highlights, which print styles use whatever step the viewer was on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it.common.utils import escapeHtml
from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonConsoleLexer, PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from lecture_tool.decks.references import ALL_LINES
from lecture_tool.writing.terminal import to_html
from lecture_tool.writing.themes import CODE_TOKEN_PREFIX


@lru_cache(maxsize=32)
def _lexer(lang: str):
    if lang == "python":
        return PythonLexer()
    if lang == "pycon":
        return PythonConsoleLexer()
    if not lang:
        return None
    try:
        return get_lexer_by_name(lang)
    except ClassNotFound:
        return None


_FORMATTER = HtmlFormatter(nowrap=True, classprefix=CODE_TOKEN_PREFIX)


def steps_text(steps: Sequence[tuple[int, ...]]) -> str:
    """((1, 2), (4,), ALL_LINES) → `1-2|4|all`, the `data-steps` value."""
    return "|".join("all" if lines == ALL_LINES else line_ranges(lines) for lines in steps)


def line_ranges(lines: Sequence[int]) -> str:
    """(2, 3, 7) → `2-3,7`."""
    parts: list[str] = []
    numbers = sorted(lines)
    start = previous = numbers[0] if numbers else 0
    for number in numbers[1:] + [None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ",".join(parts) if numbers else ""


def code_block(
    code: str,
    lang: str,
    *,
    highlight: Sequence[int] = (),
    steps: Sequence[tuple[int, ...]] = (),
) -> str:
    """Pygments-highlighted code in the markup the themes style; marked lines when asked."""
    lang_class = f' class="language-{escapeHtml(lang)}"' if lang else ""
    if not highlight and not steps:
        return f'<pre class="lt-code"><code{lang_class}>{_highlighted(code, lang)}</code></pre>\n'
    lines = _line_markup(code, lang)
    final = set(steps[-1]) if steps else set(highlight)
    every = not final or final >= set(range(1, len(lines) + 1))  # `all`: nothing is dimmed
    attrs = ""
    if steps:
        attrs += f' data-steps="{escapeHtml(steps_text(steps))}"'
    else:
        attrs += f' data-highlight="{escapeHtml(line_ranges(highlight))}"'
    if not every:
        attrs += " data-lt-dim data-lt-final-dim"
    spans = []
    for number, markup in enumerate(lines, start=1):
        marked = every or number in final
        css = "lt-line hl" if marked else "lt-line"
        extra = " data-lt-final" if marked else ""
        spans.append(f'<span class="{css}"{extra}>{markup}\n</span>')
    return (
        f'<pre class="lt-code lt-marked"{attrs}><code{lang_class}>{"".join(spans)}</code></pre>\n'
    )


# Highlighting is most of a deck's render time, and the same code comes back on every
# rebuild `serve` makes after a save: both are kept per (code, language) for the process.
@lru_cache(maxsize=2048)
def _highlighted(code: str, lang: str) -> str:
    lexer = _lexer(lang)
    return escapeHtml(code) if lexer is None else format_tokens(lexer.get_tokens(code), _FORMATTER)


@lru_cache(maxsize=2048)
def _line_markup(code: str, lang: str) -> tuple[str, ...]:
    """Each source line's highlighted markup; a token spanning lines (a docstring) is cut at
    each newline so that every line is its own element."""
    text = code[:-1] if code.endswith("\n") else code
    lexer = _lexer(lang)
    if lexer is None:
        return tuple(escapeHtml(line) for line in text.split("\n"))
    lines: list[list[tuple]] = [[]]
    for ttype, value in lexer.get_tokens(text):
        parts = value.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append((ttype, part))
    # Pygments ends its token stream with a newline of its own; that last line is not code.
    if len(lines) > len(text.split("\n")):
        lines = lines[: len(text.split("\n"))]
    # The formatter ends what it formats with a newline; the span adds its own.
    return tuple(
        format_tokens(tokens, _FORMATTER).removesuffix("\n") if tokens else "" for tokens in lines
    )


def output_block(text: str, *, step: int = 0) -> str:
    """Captured program output: always text, escaped here; `step` makes it a fragment."""
    attrs = f' data-lt-step="{step}"' if step else ""
    return f'<pre class="lt-output"{attrs}><code>{to_html(text)}</code></pre>\n'
