"""What the render rules of one slide share while markdown-it renders it (`env["lt"]`): the
deck's answers, and what the rules collect (problems, backgrounds, formulas, layout facts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from lecture_tool.decks.deck import Slide
from lecture_tool.errors import LectureError
from lecture_tool.writing.author_css import AuthorCss
from lecture_tool.writing.outputs import DeckOutputs, Hidden, Skipped
from lecture_tool.writing.rendered import Background, Formula


def skipped_notice(notice: Skipped | Hidden, step: int = 0) -> str:
    """A snippet that did not run here, or (student build) a solution that is hidden;
    `backticks` in the message are code, as in Markdown. In place of an output revealed on
    `step`, it is revealed on that step: the step is not left to show nothing."""
    kind = "lt-hidden" if isinstance(notice, Hidden) else "lt-skipped"
    parts = [escapeHtml(part) for part in notice.message.split("`")]
    parts[1::2] = [f"<code>{part}</code>" for part in parts[1::2]]
    stepped = f' data-lt-step="{step}"' if step else ""
    return f'<div class="{kind}" role="note"{stepped}>{"".join(parts)}</div>\n'


@dataclass
class SlideEnv:
    """What the render rules of one slide share: the answers, and what they collect."""

    outputs: DeckOutputs
    slide: Slide
    keep_going: bool
    problems: list[LectureError]
    css: AuthorCss
    backgrounds: list[Background] = field(default_factory=list)
    split: str | None = None
    split_size: str = "50%"
    pre_lines: list[int] = field(default_factory=list)
    """The deck line of each `<pre>` the slide's blocks render, in order (overflow report)."""
    formulas: list[Formula] = field(default_factory=list)
    """Each formula the slide shows (the glyph check names them)."""
    standin: bool = False
    """An output or figure on the slide came from a snippet that read stand-in data."""

    def line_of(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else self.slide.line

    def problem(self, error: LectureError, boxed: bool = True) -> str:
        """Raise, or with keep_going record it and return a visible error box."""
        if not self.keep_going:
            raise error
        self.problems.append(error)
        if not boxed:
            return ""
        return (
            '<div class="lt-error" role="alert"><strong>Build error</strong>'
            f"<pre>{escapeHtml(str(error))}</pre></div>\n"
        )


def slide_env(env: dict) -> SlideEnv:
    return env["lt"]
