"""Slides to markup: markdown-it render rules for snippet references, images, math and fitting.

Pure: takes a parsed deck, its theme and the snippet results, returns a `RenderedDeck`.
A reference that cannot be resolved raises `ReferenceError_` naming `deck.md:line`, or
with `keep_going` becomes a visible error box on the slide (and is returned as a problem).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonConsoleLexer, PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from lecture_tool.deck import Deck, Slide
from lecture_tool.errors import LectureError, ReferenceError_, SnippetFailed
from lecture_tool.images import ImageSpec, parse_image_alt
from lecture_tool.mathml import latex_to_mathml
from lecture_tool.references import (
    FIGURE_SCHEME,
    fence_reference,
    figure_reference,
    markdown_parser,
    pycon_statements,
)
from lecture_tool.rendered import Background, RenderedDeck, RenderedSlide
from lecture_tool.results import CellResult, Figure, SnippetResult
from lecture_tool.snippet import Snippet
from lecture_tool.themes import THEME_PYGMENTS_STYLE, Theme

_STYLE_DIRECTIVES = {
    "backgroundColor": "background-color",
    "backgroundImage": "background-image",
    "backgroundPosition": "background-position",
    "backgroundRepeat": "background-repeat",
    "backgroundSize": "background-size",
    "color": "color",
}


@dataclass(frozen=True)
class SnippetOutputs:
    """What the deck's references resolve against."""

    snippets: Mapping[Path, Snippet] = field(default_factory=dict)
    """Every referenced snippet file that exists, parsed."""
    broken: Mapping[Path, LectureError] = field(default_factory=dict)
    """Referenced snippet files that exist but could not be parsed (with --keep-going)."""
    results: Mapping[Path, SnippetResult] = field(default_factory=dict)
    """Results of running them."""
    runs: SnippetResult | None = None
    """The deck's `{run}` blocks, cells named `run-K` (pycon statements `run-K-J`)."""
    snippets_dir: Path = Path("snippets")


def render_deck(
    deck: Deck, theme: Theme, outputs: SnippetOutputs, *, keep_going: bool = False
) -> tuple[RenderedDeck, list[LectureError]]:
    """The deck as markup, plus the problems shown as error boxes (only with keep_going)."""
    md = _markdown()
    problems: list[LectureError] = []
    run_counter = iter(range(1, 1_000_000))
    slides = []
    for slide in deck.slides:
        env = _SlideEnv(deck.path, outputs, slide, keep_going, problems, run_counter)
        tokens = md.parse(slide.markdown, {})
        _mark_fitted_headings(tokens)
        _hide_background_paragraphs(tokens)
        html = md.renderer.render(tokens, md.options, {"lt": env})
        slides.append(_rendered_slide(md, slide, html, env))
    width, height = deck.size
    return RenderedDeck(
        title=str(deck.globals.get("title") or _first_heading(deck) or deck.path.stem),
        theme=theme.name,
        theme_css=theme.css,
        width=width,
        height=height,
        extra_css=str(deck.globals.get("style") or ""),
        highlight_css=highlight_css(theme.name),
        slides=tuple(slides),
    ), problems


@lru_cache(maxsize=8)
def highlight_css(theme: str) -> str:
    style = THEME_PYGMENTS_STYLE.get(theme, "default")
    return HtmlFormatter(style=style).get_style_defs(".highlight")


# -- per-slide state ---------------------------------------------------------------------


class SnippetSkipped(LectureError):
    """A referenced snippet was skipped here (e.g. it needs CUDA): a notice, not a failure.

    A lecturer building on a laptop still gets the deck; the slide says what did not run.
    """


def skipped_notice(skipped: SnippetSkipped) -> str:
    return f'<div class="lt-skipped" role="note">{escapeHtml(skipped.message)}</div>\n'


@dataclass
class Resolver:
    """Looks references of one deck up in the snippet outputs (raising on what is missing)."""

    deck_path: Path
    outputs: SnippetOutputs


@dataclass
class _SlideEnv(Resolver):
    slide: Slide
    keep_going: bool
    problems: list[LectureError]
    run_counter: object
    backgrounds: list[Background] = field(default_factory=list)
    split: str | None = None
    split_size: str = "50%"

    def line_of(self, token: Token) -> int:
        return self.slide.line + (token.map[0] if token.map else 0)

    def problem(self, error: LectureError) -> str:
        """Raise, or with keep_going record it and return a visible error box."""
        if not self.keep_going:
            raise error
        self.problems.append(error)
        return (
            '<div class="lt-error" role="alert"><strong>Build error</strong>'
            f"<pre>{escapeHtml(str(error))}</pre></div>\n"
        )


def _markdown() -> MarkdownIt:
    md = markdown_parser()
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("html_block", _render_html)
    md.add_render_rule("html_inline", _render_html)
    md.add_render_rule("math_inline", _render_math(display=False))
    md.add_render_rule("math_inline_double", _render_math(display=True))
    md.add_render_rule("math_block", _render_math(display=True))
    return md


def _env(env: dict) -> _SlideEnv:
    return env["lt"]


# -- code, outputs and {run} blocks --------------------------------------------------------


def _render_fence(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    token, state = tokens[idx], _env(env)
    line = state.line_of(token)
    try:
        reference = fence_reference(token, line, state.deck_path, state.outputs.snippets_dir)
        if reference is None:
            lang = token.info.strip().split(" ", 1)[0]
            return code_block(token.content, lang)
        if reference.kind == "run":
            return _render_run(reference, state)
        if reference.kind == "code":
            return code_block(snippet_code(state, reference), "python")
        cell = cell_result(state, reference.file, reference.cell, line)
        return output_block(output_text(cell))
    except SnippetSkipped as skipped:
        return skipped_notice(skipped)
    except LectureError as error:
        return state.problem(error)


def _render_run(reference, state: _SlideEnv) -> str:
    lang, code, output = run_block(state, reference, next(state.run_counter))
    return code_block(code, lang) + (output_block(output) if output else "")


def run_block(resolver: Resolver, reference, index: int) -> tuple[str, str, str]:
    """(lang, code, output) a deck's `index`-th `{run}` block shows.

    A pycon block becomes one regenerated transcript (output inline, none after it).
    """
    runs = resolver.outputs.runs
    if reference.lang == "python":
        cell = runs.cell(f"run-{index}") if runs else None
        _check_ran(cell, resolver, reference.line, "{run} block")
        return "python", reference.code, output_text(cell)
    transcript = []
    for number, (_, source) in enumerate(pycon_statements(reference.code), start=1):
        cell = runs.cell(f"run-{index}-{number}") if runs else None
        _check_ran(cell, resolver, reference.line, "pycon {run} statement")
        lines = source.splitlines()
        transcript += [f">>> {lines[0]}", *(f"... {line}" for line in lines[1:])]
        if len(lines) > 1:
            transcript.append("... ")
        transcript.append(output_text(cell).rstrip("\n"))
    return "pycon", "\n".join(part for part in transcript if part) + "\n", ""


def _check_ran(cell: CellResult | None, state: Resolver, line: int, what: str) -> None:
    if cell is None:
        raise ReferenceError_(f"{what} was not run", state.deck_path, line)
    if cell.status == "failed":
        raise SnippetFailed(
            f"{what} failed: {_error_summary(cell)}",
            state.deck_path,
            line,
            hint="fix the code in the block",
        )
    if cell.status == "not-run":
        raise ReferenceError_(
            f"{what} did not run because an earlier {{run}} block failed", state.deck_path, line
        )


def _snippet(state: Resolver, path: Path, line: int) -> Snippet:
    snippet = state.outputs.snippets.get(path)
    if path in state.outputs.broken:
        raise state.outputs.broken[path]
    if snippet is None:
        raise ReferenceError_(
            f"snippet file not found: {_shown(path, state)}",
            state.deck_path,
            line,
            hint=f"paths are relative to {state.outputs.snippets_dir.name}/ "
            "(or to the deck with ./ or ../)",
        )
    return snippet


def snippet_code(state: Resolver, reference) -> str:
    """The code a `python {file=…}` block shows; `lines=` counts within the cell (or body)."""
    line = reference.line
    snippet = _snippet(state, reference.file, line)
    if reference.cell is None:
        code = snippet.body
    else:
        code = _find_cell(snippet, reference.cell, state, line).source + "\n"
    if reference.lines is None:
        return code
    lines = code.splitlines()
    start, end = reference.lines
    end = len(lines) if end is None else end
    if end > len(lines):
        raise ReferenceError_(
            f"lines={start}-{end} is past the end of {_where(reference, state)} "
            f"({len(lines)} lines)",
            state.deck_path,
            line,
        )
    return "\n".join(lines[start - 1 : end]) + "\n"


def check_reference(resolver: Resolver, reference) -> None:
    """Raise for what is wrong with a reference before anything runs: file, cell, lines."""
    if reference.kind == "code":
        snippet_code(resolver, reference)
    elif reference.file is not None:
        snippet = _snippet(resolver, reference.file, reference.line)
        _find_cell(snippet, reference.cell, resolver, reference.line)


def _find_cell(snippet: Snippet, name: str, state: Resolver, line: int):
    try:
        return snippet.cell(name)
    except KeyError:
        names = ", ".join(cell.name for cell in snippet.cells)
        raise ReferenceError_(
            f"no cell {name!r} in {_shown(snippet.path, state)}",
            state.deck_path,
            line,
            hint=f"its cells are: {names}",
        ) from None


def cell_result(state: Resolver, path: Path, name: str, line: int) -> CellResult:
    snippet = _snippet(state, path, line)
    _find_cell(snippet, name, state, line)
    result = state.outputs.results.get(path)
    shown = _shown(path, state)
    if result is None:
        raise ReferenceError_(f"{shown} was not run", state.deck_path, line)
    if result.status == "skipped":
        raise SnippetSkipped(f"{shown} was not run here: {result.reason}", state.deck_path, line)
    cell = result.cell(name)
    if result.status == "failed":
        failed = result.failed_cell
        detail = _error_summary(failed) if failed else result.reason
        where = f" in cell {failed.name!r}" if failed else ""
        raise SnippetFailed(
            f"snippet {shown} failed{where}: {detail}",
            state.deck_path,
            line,
            hint=f"run `lecture-tool run {shown}` to see the whole traceback",
        )
    assert cell is not None
    return cell


def _error_summary(cell: CellResult) -> str:
    if cell.error is None:
        return "failed"
    where = f" (line {cell.error.line})" if cell.error.line else ""
    return f"{cell.error.type}: {cell.error.message}{where}"


def output_text(cell: CellResult | None) -> str:
    """What an `output` block shows: stdout, then stderr, then an expected error's last line."""
    if cell is None:
        return ""
    text = cell.stdout + cell.stderr
    if cell.error is not None and cell.status == "passed":  # a [raises=…] cell
        last = cell.error.traceback.strip().splitlines()[-1:] or [
            f"{cell.error.type}: {cell.error.message}"
        ]
        text += last[0] + "\n"
    return text


def code_block(code: str, lang: str) -> str:
    """Pygments-highlighted code in the markup the themes style."""
    lexer = _lexer(lang)
    if lexer is None:
        body = escapeHtml(code)
    else:
        body = highlight(code, lexer, HtmlFormatter(nowrap=True))
    lang_class = f' class="language-{escapeHtml(lang)}"' if lang else ""
    return f'<pre class="highlight"><code{lang_class}>{body}</code></pre>\n'


def output_block(text: str) -> str:
    """Captured program output: always text, escaped here."""
    return f'<pre class="output"><code>{escapeHtml(text)}</code></pre>\n'


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


# -- images and backgrounds ----------------------------------------------------------------


def _render_image(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    token, state = tokens[idx], _env(env)
    line = state.line_of(token)  # _hide_background_paragraphs gave images their line
    spec = parse_image_alt(renderer.renderInlineAsText(token.children or [], options, env))
    try:
        src = _image_source(str(token.attrGet("src")), state, line)
    except SnippetSkipped as skipped:
        return skipped_notice(skipped)
    except LectureError as error:
        return state.problem(error)
    if spec.background:
        state.backgrounds.append(
            Background(src=src, size=spec.size or "cover", filter=" ".join(spec.filters))
        )
        if spec.split:
            state.split, state.split_size = spec.split, spec.split_size or "50%"
        return ""
    return _inline_image(src, spec)


def _inline_image(src: str, spec: ImageSpec) -> str:
    styles = []
    if spec.width:
        styles.append(f"width:{spec.width}")
    if spec.height:
        styles.append(f"height:{spec.height}")
    if spec.filters:
        styles.append(f"filter:{' '.join(spec.filters)}")
    style = f' style="{escapeHtml(";".join(styles))}"' if styles else ""
    css_class = ' class="center"' if spec.center else ""
    return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(spec.alt)}"{css_class}{style}>'


def _image_source(src: str, state: _SlideEnv, line: int) -> str:
    """A `data:` URI for a figure or local image; remote URLs are left as they are."""
    if src.startswith(FIGURE_SCHEME):
        reference = figure_reference(src, line, state.deck_path, state.outputs.snippets_dir)
        return data_uri(figure_of(state, reference).svg)
    if src.startswith(("http://", "https://", "data:")):
        return src
    path = (state.deck_path.parent / src).resolve()
    if not path.is_file():
        raise ReferenceError_(f"image not found: {src}", state.deck_path, line)
    return data_uri(path)


def figure_of(state: Resolver, reference) -> Figure:
    """The figure a `figure:FILE#CELL/N` reference names."""
    cell = cell_result(state, reference.file, reference.cell, reference.line)
    if reference.figure > len(cell.figures):
        raise ReferenceError_(
            f"cell {reference.cell!r} of {_shown(reference.file, state)} drew "
            f"{len(cell.figures)} figure(s); there is no figure {reference.figure}",
            state.deck_path,
            reference.line,
        )
    return cell.figures[reference.figure - 1]


def data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _hide_background_paragraphs(tokens: list[Token]) -> None:
    """A paragraph holding only `![bg]` images renders as nothing, not as an empty <p>."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "image":
                child.map = token.map  # images carry no line; give them their paragraph's
        meaningful = [
            child
            for child in token.children
            if not (
                child.type in ("softbreak", "hardbreak")
                or (child.type == "text" and not child.content.strip())
            )
        ]
        only_bg = meaningful and all(
            child.type == "image"
            and "bg" in "".join(c.content for c in child.children or ()).split()
            for child in meaningful
        )
        if only_bg and index > 0 and tokens[index - 1].type == "paragraph_open":
            tokens[index - 1].hidden = True
            tokens[index + 1].hidden = True


# -- math, comments, fitted headings ------------------------------------------------------


def _render_math(display: bool):
    def render(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
        token, state = tokens[idx], _env(env)
        try:
            markup = latex_to_mathml(token.content.strip(), display=display)
        except ValueError as error:
            line = state.line_of(token)
            return state.problem(
                ReferenceError_(
                    f"cannot render math ${token.content.strip()}$: {error}", state.deck_path, line
                )
            )
        return markup + ("\n" if token.type == "math_block" else "")

    return render


def _render_html(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    content = tokens[idx].content
    if content.lstrip().startswith("<!--"):
        return ""  # directives and presenter notes, already read by the deck parser
    return content


def _mark_fitted_headings(tokens: list[Token]) -> None:
    """`# <!-- fit --> Title` (Marp's fitting header) → `<h1 data-fit>`."""
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        for child in inline.children or ():
            if child.type == "html_inline" and child.content.replace(" ", "") == "<!--fit-->":
                token.attrSet("data-fit", "")
                child.content = ""


def _first_heading(deck: Deck) -> str | None:
    md = markdown_parser()
    for slide in deck.slides:
        tokens = md.parse(slide.markdown)
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                return "".join(
                    c.content for c in tokens[index + 1].children or () if c.type == "text"
                ).strip()
    return None


# -- slide assembly -----------------------------------------------------------------------


def _rendered_slide(md: MarkdownIt, slide: Slide, html: str, env: _SlideEnv) -> RenderedSlide:
    directives = slide.directives

    def inline(key: str) -> str | None:
        value = directives.get(key)
        return None if value is None else md.renderInline(str(value))

    style = tuple(
        (css, str(directives[key])) for key, css in _STYLE_DIRECTIVES.items() if key in directives
    )
    return RenderedSlide(
        number=slide.number,
        html=html,
        css_class=str(directives.get("class") or ""),
        paginate=bool(directives.get("paginate", False)),
        header_html=inline("header"),
        footer_html=inline("footer"),
        notes=tuple(slide.notes),
        backgrounds=tuple(env.backgrounds),
        split=env.split,
        split_size=env.split_size,
        style=style,
    )


def _shown(path: Path, state: Resolver) -> str:
    snippets = state.outputs.snippets_dir
    return str(path.relative_to(snippets)) if path.is_relative_to(snippets) else str(path)


def _where(reference, state: Resolver) -> str:
    shown = _shown(reference.file, state)
    return f"cell {reference.cell!r} of {shown}" if reference.cell else shown
