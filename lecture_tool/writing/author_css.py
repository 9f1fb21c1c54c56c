"""The CSS a deck brings — its theme, `style` directive, `<style>` blocks and directive values —
made what Marp makes of it: Marpit's rewrites (`marpit_css`) and local `url()`s inlined
(`css_urls`), each missing or forbidden file reported once, naming the deck."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lecture_tool.errors import BrokenReference, LectureError, OutsideProject
from lecture_tool.writing.css_urls import data_uri, inline_css_urls
from lecture_tool.writing.marpit_css import as_marpit
from lecture_tool.writing.outputs import DeckOutputs


class AuthorCss:
    """Resolves one deck's CSS; `report` receives each problem (it raises, or records it)."""

    def __init__(
        self, deck_path: Path, outputs: DeckOutputs, report: Callable[[LectureError], None]
    ):
        self.deck_path = deck_path
        self.outputs = outputs
        self.report = report
        self._reported: set[tuple[str, int]] = set()

    def stylesheet(self, css: str, line: int, also: Path | None = None) -> str:
        """A theme, `style` directive or `<style>` block (written at deck line `line`)."""
        return as_marpit(self.urls(css, line, also))

    def urls(self, css: str, line: int, also: Path | None = None) -> str:
        """`css` (also a single directive value) with its local `url()`s inlined. As in Marp,
        a relative URL is read beside the deck — in a theme file too (the theme is part of
        the deck's page); one not found there is looked for in `also` (a theme's folder)."""

        def resolve(path: Path, written: str) -> str | None:
            problem = self._problem(path, written, line)
            if problem is None:
                return data_uri(path)
            if (written, line) not in self._reported:
                self._reported.add((written, line))
                self.report(problem)
            return None

        return inline_css_urls(css, self.deck_path.parent, resolve, also)

    def _problem(self, path: Path, written: str, line: int) -> LectureError | None:
        if self.outputs.table.outside(path):
            return OutsideProject(
                f"url({written}) is outside the project ({path})",
                self.deck_path,
                line,
                hint='move it into the project, or allow its folder with allow_outside = ["…"] '
                "in [tool.lecture_tool]",
            )
        if not path.is_file():
            return BrokenReference(
                f"url({written}) not found: {path}",
                self.deck_path,
                line,
                hint="CSS urls are read beside the deck, as Marp reads them",
            )
        return None
