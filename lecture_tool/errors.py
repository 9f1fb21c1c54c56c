"""The one error hierarchy: every error names a path and line and says how to fix it."""

from __future__ import annotations

from pathlib import Path


class LectureError(Exception):
    """An error in the user's input or environment, reported as `path:line: what — how`.

    `exit_code` is what the CLI exits with: 1 for a snippet or deck that failed (a broken
    reference, a snippet that cannot be parsed or fails), 2 for usage errors (an unknown
    flag or value, no project, a deck path that does not exist, invalid configuration).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        how = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{how}"

    def __reduce__(self):  # keep path/line/hint when pickled across processes
        return (type(self), (self.message, self.path, self.line, self.hint))


class ConfigError(LectureError):
    """pyproject `[tool.lecture_tool]` is invalid."""


class SnippetFormatError(LectureError):
    """A snippet file's header or cell markers are invalid."""

    exit_code = 1


class DeckError(LectureError):
    """A deck cannot be read at all."""

    exit_code = 1


class DeckWarning(LectureError):
    """Not a failure: something in a deck was ignored or replaced, as Marp does (a directive
    Marp would ignore, an unknown theme …). The build goes on; `--strict` makes it exit 1."""


class LayoutWarning(DeckWarning):
    """A slide measured in Chromium that overflows, presses on its footer (`footer_gap`: px
    left above it) or shows a figure's text too small (`figure_text_pt`: its size as
    projected); both None for an overflow."""

    def __init__(
        self,
        *args,
        footer_gap: int | None = None,
        figure_text_pt: float | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.footer_gap = footer_gap
        self.figure_text_pt = figure_text_pt


class EncodingError(LectureError):
    """A deck or snippet file whose bytes are not UTF-8."""

    exit_code = 1


class UsageError(LectureError):
    """A command-line argument or API value that cannot be used (unknown device, no deck)."""


class BrokenReference(LectureError):
    """A slide references a snippet file, cell, line range, figure or image that does not
    exist, or writes a reference that cannot be read."""

    exit_code = 1


class OutsideProject(BrokenReference):
    """A reference to a file outside the project root and every `allow_outside` folder."""

    exit_code = 1


class MathError(LectureError):
    """A `$…$` formula that cannot be turned into MathML."""

    exit_code = 1


class SnippetFailed(LectureError):
    """A slide references a snippet (or `{run}` block) that failed when it ran."""

    exit_code = 1


class SnippetRunFailed(LectureError):
    """A snippet run (a pytest item, `lecture-tool run`) failed; `result` says how."""

    exit_code = 1

    def __init__(self, result, message: str | None = None):
        super().__init__(message or result.reason, result.snippet)
        self.result = result

    def __reduce__(self):
        return (type(self), (self.result, self.message))


class BuildFailed(LectureError):
    """One or more snippets or decks failed; the details were already reported."""

    exit_code = 1


class ExecutorError(LectureError):
    """The executor cannot be used (a Dask scheduler that cannot be reached)."""


class BrowserNotFound(LectureError):
    """No Chromium/Chrome to print PDFs with."""


class PdfError(LectureError):
    """Chromium could not print a deck to PDF."""

    exit_code = 1


class StaleFrozen(LectureError):
    """A frozen result (`snippets/_frozen/…json`) whose snippet changed since it was frozen
    (a warning, or with `build --frozen=strict` a failure)."""

    exit_code = 1

    def __init__(self, path, message: str | None = None, line=None, hint=None):
        super().__init__(
            message or "frozen result is stale: its snippet changed since it was frozen",
            path,
            line,
            hint or "run `lecture-tool freeze` for its deck again (where the snippet can run)",
        )


class ServeError(LectureError):
    """`lecture-tool serve` cannot start (the port is taken, the deck is not found)."""
