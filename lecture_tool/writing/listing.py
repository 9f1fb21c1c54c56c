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

from lecture_tool.decks.references import ALL_LINES
from lecture_tool.writing import themes
from lecture_tool.writing.memo import DiskMemo
from lecture_tool.writing.terminal import to_html
from lecture_tool.writing.themes import (
    CODE_TOKEN_PREFIX,
    THEME_PYGMENTS_STYLE,
    THEME_PYGMENTS_VARIANTS,
)

# Pygments is imported only for code no earlier build highlighted (writing/memo.py).
_MEMO = DiskMemo("highlight", (__file__, themes.__file__), ("pygments",))


@lru_cache(maxsize=8)
@_MEMO
def highlight_css(theme: str) -> str:
    """The token colours of `theme`'s code blocks."""
    from pygments.formatters import HtmlFormatter

    style = THEME_PYGMENTS_STYLE.get(theme, "default")
    formatter = HtmlFormatter(style=style, classprefix=CODE_TOKEN_PREFIX)
    # Not `get_style_defs`: it also sets `pre { line-height: 125% }` on every <pre> of the
    # page, over the theme's own line height (Marp's code blocks are 1.15).
    rules = formatter.get_background_style_defs(".lt-code")
    return "\n".join([*rules, *formatter.get_token_style_defs(".lt-code")])


@lru_cache(maxsize=8)
@_MEMO
def variant_highlight_css(theme: str) -> str:
    """Token colours for slide classes that change the code background (`invert` …)."""
    from pygments.formatters import HtmlFormatter

    rules = []
    for selector, style in THEME_PYGMENTS_VARIANTS.get(theme, ()):
        formatter = HtmlFormatter(style=style, classprefix=CODE_TOKEN_PREFIX)
        rules.extend(formatter.get_token_style_defs(f"{selector} .lt-code"))
    return "\n".join(rules)


@lru_cache(maxsize=32)
def _lexer(lang: str):
    from pygments.lexers import PythonConsoleLexer, PythonLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

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


@lru_cache(maxsize=1)
def _formatter():
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True, classprefix=CODE_TOKEN_PREFIX)


def format_tokens(tokens, formatter) -> str:
    from pygments import format as format_with

    return format_with(tokens, formatter)


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
# rebuild `serve` makes after a save: both are kept per (code, language) for the process,
# and on disk for the next build.
@lru_cache(maxsize=2048)
@_MEMO
def _highlighted(code: str, lang: str) -> str:
    lexer = _lexer(lang)
    return (
        escapeHtml(code) if lexer is None else format_tokens(lexer.get_tokens(code), _formatter())
    )


@lru_cache(maxsize=2048)
def _line_markup(code: str, lang: str) -> tuple[str, ...]:
    """Each source line's highlighted markup; a token spanning lines (a docstring) is cut at
    each newline so that every line is its own element."""
    return tuple(_joined_line_markup(code, lang).split("\n"))


@_MEMO
def _joined_line_markup(code: str, lang: str) -> str:
    # One string for the memo: no line's markup holds a newline (tokens are cut at each).
    text = code[:-1] if code.endswith("\n") else code
    lexer = _lexer(lang)
    if lexer is None:
        return "\n".join(escapeHtml(line) for line in text.split("\n"))
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
    return "\n".join(
        format_tokens(tokens, _formatter()).removesuffix("\n") if tokens else "" for tokens in lines
    )


def output_block(text: str, *, step: int = 0, answer: bool = False, raised: bool = False) -> str:
    """Captured program output: always text, escaped here; `step` makes it a fragment;
    `answer` (a student build's revealed answer) keeps it off printed pages but step ones;
    `raised`: its last line is an expected error's message, marked so that it wraps rather
    than shrink the whole block to its width (viewer.css `.lt-raised`)."""
    attrs = f' data-lt-step="{step}"' if step else ""
    attrs += " data-lt-answer" if answer else ""
    body = to_html(text)
    if raised and text.strip():
        head, _, last = text.rstrip("\n").rpartition("\n")
        body = (to_html(head + "\n") if head else "") + (
            f'<span class="lt-raised">{to_html(last)}</span>\n'
        )
    return f'<pre class="lt-output"{attrs}><code>{body}</code></pre>\n'
