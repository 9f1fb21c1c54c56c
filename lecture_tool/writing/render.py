"""Slides to markup: markdown-it render rules for snippet references, images, math and fitting.

Pure: takes a parsed deck, its theme and the snippet results, returns a `RenderedDeck`.
A reference that cannot be resolved (see `resolve`) raises, or with `keep_going` becomes
a visible error box on the slide (and is returned as a problem).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from lecture_tool.decks.allowlist import filter_html
from lecture_tool.decks.deck import Deck, Slide
from lecture_tool.decks.images import ImageSpec, parse_image_alt, placeholder_uri
from lecture_tool.decks.markdown import markdown_parser
from lecture_tool.decks.references import HTML_IMAGES_KEY, META_KEY, Reference
from lecture_tool.errors import LectureError, MathError
from lecture_tool.writing.author_css import AuthorCss
from lecture_tool.writing.css_urls import data_uri
from lecture_tool.writing.listing import code_block, highlight_css, output_block
from lecture_tool.writing.nobreak import keep_punctuation_together
from lecture_tool.writing.outputs import DeckOutputs, Hidden, Skipped
from lecture_tool.writing.rendered import Background, Formula, RenderedDeck, RenderedSlide
from lecture_tool.writing.scoped_style import author_style
from lecture_tool.writing.slide_env import SlideEnv, skipped_notice, slide_env
from lecture_tool.writing.slide_memo import SlideMemo
from lecture_tool.writing.terminal import to_plain
from lecture_tool.writing.themes import Theme


def render_deck(
    deck: Deck,
    theme: Theme,
    outputs: DeckOutputs,
    *,
    keep_going: bool = False,
    default_lang: str = "",
    memo: SlideMemo | None = None,
) -> tuple[RenderedDeck, list[LectureError]]:
    """The deck as markup, plus the problems shown as error boxes (only with keep_going);
    slides `memo` knows as they are come from it."""
    md = _markdown()
    problems: list[LectureError] = []

    def report(error: LectureError) -> None:
        if not keep_going:
            raise error
        problems.append(error)

    css = AuthorCss(deck.path, outputs, report)
    theme_css = css.stylesheet(theme.css, 1, also=theme.folder)
    slides = []
    for slide in deck.slides:
        key = memo.key(slide) if memo else None  # None: rendered, and not kept
        if key is not None and (kept := memo.get(key)) is not None:
            slides.append(kept)
            continue
        shown = len(problems)
        env = SlideEnv(outputs, slide, keep_going, problems, css)
        tokens = list(slide.tokens)
        _mark_fitted_headings(tokens)
        _hide_background_paragraphs(tokens)
        keep_punctuation_together(tokens)
        fragments = _mark_fragments(tokens)
        html = md.renderer.render(tokens, md.options, {"lt": env})
        slides.append(_rendered_slide(md, slide, html, env, fragments))
        if key is not None and len(problems) == shown:  # an error box: drawn, reported again
            memo.put(key, slides[-1])
    width, height = deck.size
    return RenderedDeck(
        title=deck.settings.title or _first_heading(deck) or deck.path.stem,
        theme=theme.name,
        theme_css=theme_css,
        width=width,
        height=height,
        extra_css=css.stylesheet(deck.settings.style or "", 1),
        highlight_css=highlight_css(theme.name),
        slides=tuple(slides),
        pages=deck.pages,
        lang=deck.settings.lang or default_lang,
    ), problems


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


# -- code, outputs and {run} blocks --------------------------------------------------------


def _render_fence(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    markup = _fence_markup(tokens, idx, env)
    state = slide_env(env)
    state.pre_lines.extend([state.line_of(tokens[idx])] * markup.count("<pre"))
    return _cell_handle(markup, tokens[idx].meta.get(META_KEY), state)


def _cell_handle(markup: str, reference: Reference | None, state: SlideEnv) -> str:
    """Name the cell a block shows on its first element: `data-lt-cell="FILE#CELL"` on the
    cell's code, `data-lt-out` on its output, figure or error box — the handles by
    which `serve`'s live code finds the blocks of a cell it reran (FILE as in snippets/)."""
    if reference is None or reference.cell is None or reference.file is None:
        return markup
    if reference.kind not in ("code", "output", "figure"):
        return markup
    if not re.match(r'\s*<(pre|img)\b|\s*<div class="lt-error"', markup):
        return markup  # a notice (skipped here, hidden from students) stays as it is
    snippets = state.outputs.table.snippets_dir
    if not reference.file.is_relative_to(snippets):
        return markup
    key = f"{reference.file.relative_to(snippets).as_posix()}#{reference.cell}"
    name = "data-lt-cell" if reference.kind == "code" else "data-lt-out"
    return re.sub(
        r"^(\s*<[a-z]+\b[^>]*?)(\s*/?>)", rf'\1 {name}="{escapeHtml(key)}"\2', markup, count=1
    )


def _fence_markup(tokens: list[Token], idx: int, env: dict) -> str:
    token, state = tokens[idx], slide_env(env)
    reference: Reference | None = token.meta.get(META_KEY)
    if reference is None:
        return code_block(token.content, token.info.strip().split(" ", 1)[0])
    outputs = state.outputs
    try:
        if reference.kind == "broken":
            raise reference.error
        if reference.kind != "code":
            state.standin |= outputs.standin(reference)
        if reference.kind == "run":
            block = outputs.run_block(reference)
            outputs.check_marks(reference, block.code)
            # A pycon transcript holds captured output: colour codes and controls go too.
            code = to_plain(block.code) if block.lang == "pycon" else block.code
            return _marked_code(code, block.lang, reference) + (
                output_block(block.output) if block.output else ""
            )
        if reference.kind == "code":
            code = outputs.code(reference)
            if isinstance(code, Hidden):
                return skipped_notice(code)
            outputs.check_marks(reference, code)
            return _marked_code(code, "python", reference)
        text = outputs.output(reference)
    except LectureError as error:
        return state.problem(error)
    if isinstance(text, (Skipped, Hidden)):
        return skipped_notice(text, step=reference.step)
    return output_block(
        text,
        step=reference.step,
        answer=outputs.is_answer(reference),
        raised=outputs.raised(reference),
    )


def _marked_code(code: str, lang: str, reference: Reference) -> str:
    return code_block(code, lang, highlight=reference.highlight, steps=reference.steps)


def _mark_fragments(tokens: list[Token]) -> int:
    """Marpit's fragmented lists: `*` bullets and `1)` items each carry
    `data-marpit-fragment="K"` (K counts within the slide); returns how many there are."""
    count = 0
    for token in tokens:
        if token.type == "list_item_open" and token.markup in ("*", ")"):
            count += 1
            token.attrSet("data-marpit-fragment", str(count))
    return count


# -- images and backgrounds ----------------------------------------------------------------


def _render_image(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    token, state = tokens[idx], slide_env(env)
    spec = parse_image_alt(renderer.renderInlineAsText(token.children or [], options, env))
    text = ""
    try:
        src = _image_source(token, state)
        if isinstance(src, str):
            text = _figure_text(token, state)
    except LectureError as error:
        state.problem(error, boxed=False)  # raises without keep_going
        # The image is still emitted (as a hatched box naming it), so a split layout, the
        # background count and the slide's look survive a missing file.
        src = placeholder_uri(f"missing: {token.attrGet('src')}")
    if isinstance(src, (Skipped, Hidden)):
        if not spec.background:
            return skipped_notice(src)
        src = placeholder_uri(src.message)
    if spec.background:
        state.backgrounds.append(
            Background(src=src, size=spec.size or "cover", filter=" ".join(spec.filters), text=text)
        )
        if spec.split:
            state.split, state.split_size = spec.split, spec.split_size or "50%"
        return ""
    return _cell_handle(_inline_image(src, spec, text), token.meta.get(META_KEY), state)


def _figure_text(token: Token, state: SlideEnv) -> str:
    """A snippet figure's `data-lt-figure-text`: its smallest text (pt) and its size (in),
    from which the layout check works out how big that text is as projected."""
    reference: Reference | None = token.meta.get(META_KEY)
    if reference is None or reference.kind in ("broken", "image"):
        return ""
    figure = state.outputs.figure(reference)
    if isinstance(figure, (Skipped, Hidden)) or not figure.text_pt or not all(figure.size_in):
        return ""
    width, height = figure.size_in
    return f"{figure.text_pt:g} {width:g} {height:g}"


def _inline_image(src: str, spec: ImageSpec, text: str = "") -> str:
    styles = []
    if spec.width:
        styles.append(f"width:{spec.width}")
    if spec.height:
        styles.append(f"height:{spec.height}")
    if spec.filters:
        styles.append(f"filter:{' '.join(spec.filters)}")
    style = f' style="{escapeHtml(";".join(styles))}"' if styles else ""
    css_class = ' class="lt-center"' if spec.center else ""
    data = f' data-lt-figure-text="{text}"' if text else ""
    return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(spec.alt)}"{css_class}{style}{data}>'


def _image_source(token: Token, state: SlideEnv) -> str | Skipped | Hidden:
    """A `data:` URI for a figure or local image; remote URLs are left as they are."""
    reference: Reference | None = token.meta.get(META_KEY)
    if reference is None:
        return str(token.attrGet("src"))  # external: http(s) or data:
    if reference.kind in ("broken", "image"):
        state.outputs.check(reference)
        return data_uri(reference.file)
    figure = state.outputs.figure(reference)
    if isinstance(figure, (Skipped, Hidden)):
        return figure
    state.standin |= state.outputs.standin(reference)
    return data_uri(figure.svg)


def _html_image_source(token: Token, src: str, state: SlideEnv) -> str:
    """What a raw `<img src>` becomes: a local file's data: URI (as for `![](…)`)."""
    reference: Reference | None = token.meta.get(HTML_IMAGES_KEY, {}).get(src)
    if reference is None:
        return src  # remote, or already data:
    try:
        state.outputs.check(reference)
    except LectureError as error:
        state.problem(error, boxed=False)  # raises without keep_going
        return placeholder_uri(f"missing: {src}")
    return data_uri(reference.file)


def _hide_background_paragraphs(tokens: list[Token]) -> None:
    """A paragraph holding only `![bg]` images renders as nothing, not as an empty <p>."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
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
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    # Not a line break (`breaks`) between background images: nothing at all.
                    child.type, child.content = "text", ""


# -- math, comments, fitted headings ------------------------------------------------------


def _render_math(display: bool):
    def render(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
        token, state = tokens[idx], slide_env(env)
        try:
            # latex2mathml costs ~50 ms to import: only decks with math pay it.
            from lecture_tool.writing.mathml import UnsupportedCommand, latex_to_mathml

            markup = latex_to_mathml(token.content.strip(), display=display)
        except UnsupportedCommand as error:
            # `deck.md:LINE: unsupported TeX \command`: never a silently wrong formula.
            return state.problem(
                MathError(
                    str(error),
                    state.outputs.deck_path,
                    state.line_of(token),
                    hint=f"in ${token.content.strip()}$; docs/math.md lists what renders",
                )
            )
        except ValueError as error:
            return state.problem(
                MathError(
                    f"cannot render math ${token.content.strip()}$: {error}",
                    state.outputs.deck_path,
                    state.line_of(token),
                )
            )
        state.formulas.append(Formula(state.line_of(token), token.content.strip(), markup))
        return markup + ("\n" if token.type == "math_block" else "")

    return render


def _render_html(renderer, tokens: list[Token], idx: int, options, env: dict) -> str:
    token = tokens[idx]
    if token.content.lstrip().startswith("<!--"):
        return ""  # directives and presenter notes, already read by the deck parser
    state = slide_env(env)
    if token.type == "html_block" and token.content.lstrip()[:6].lower() == "<style":
        line = state.line_of(token)
        return author_style(
            token.content, state.slide.number, lambda css: state.css.stylesheet(css, line)
        )
    return filter_html(token.content, lambda src: _html_image_source(token, src, state))


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
    for slide in deck.slides:
        tokens = slide.tokens
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                return "".join(
                    c.content for c in tokens[index + 1].children or () if c.type == "text"
                ).strip()
    return None


# -- slide assembly -----------------------------------------------------------------------


def _rendered_slide(
    md: MarkdownIt, slide: Slide, html: str, env: SlideEnv, fragments: int = 0
) -> RenderedSlide:
    settings = slide.settings

    def inline(value: str | None, tokens: tuple[Token, ...]) -> str | None:
        # Header and footer are Markdown, images included, rendered by the same rules.
        if value is None:
            return None
        return md.renderer.render(list(tokens), md.options, {"lt": env}) if tokens else value

    return RenderedSlide(
        number=slide.number,
        html=html,
        css_class=settings.css_class or "",
        paginate=settings.paginate in (True, "hold"),
        paginate_value=str(settings.paginate or False).lower(),
        page=slide.page,
        header_html=inline(settings.header, slide.header_tokens),
        footer_html=inline(settings.footer, slide.footer_tokens),
        notes=tuple(slide.notes),
        backgrounds=tuple(env.backgrounds),
        split=env.split,
        split_size=env.split_size,
        style=tuple((prop, env.css.urls(value, slide.line)) for prop, value in settings.style),
        fragments=fragments,
        line=slide.line,
        pre_lines=tuple(env.pre_lines),
        formulas=tuple(env.formulas),
        standin=env.standin,
    )
