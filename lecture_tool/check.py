"""`lecture-tool check`: every reference resolves, legacy syntax, snippets no deck uses — no execution."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.deck import load_deck
from lecture_tool.errors import LectureError
from lecture_tool.references import find_references
from lecture_tool.resolve import Resolver, SnippetOutputs, check_reference
from lecture_tool.snippet import Snippet, load_snippet


@dataclass
class CheckReport:
    errors: list[LectureError] = field(default_factory=list)
    """Everything that would fail a build, all of it (not just the first)."""
    legacy: list[str] = field(default_factory=list)
    """`deck.md:line: …` for each pre-2019 Marp construct, with what to write instead."""
    unreferenced: list[Path] = field(default_factory=list)
    """Snippet files no deck references (still tested by pytest, but shown nowhere)."""

    def lines(self) -> list[str]:
        lines = [f"error: {error}" for error in self.errors]
        lines += [f"legacy: {entry}" for entry in self.legacy]
        lines += [f"unreferenced snippet: {path}" for path in self.unreferenced]
        lines.append(
            f"{len(self.errors)} error(s), {len(self.legacy)} legacy construct(s), "
            f"{len(self.unreferenced)} unreferenced snippet(s)"
        )
        return lines


def check_project(project: Project, decks: list[Path] | None = None) -> CheckReport:
    """Check `decks` (default: every deck in slides/) without running anything."""
    from lecture_tool.themes import available_themes

    report = CheckReport()
    themes = available_themes([project.themes])
    snippets: dict[Path, Snippet] = {}
    used: set[Path] = set()
    for path in decks or sorted(project.slides.glob("*.md")):
        try:
            deck = load_deck(path, themes=themes)
            references = find_references(deck, project.snippets)
        except LectureError as error:
            report.errors.append(error)
            continue
        report.legacy += [f"{path}:{line}: {what}" for line, what in deck.legacy]
        for reference in references:
            if reference.snippet_file is None:
                continue
            used.add(reference.snippet_file)
            if reference.snippet_file not in snippets and reference.snippet_file.is_file():
                try:
                    snippets[reference.snippet_file] = load_snippet(reference.snippet_file)
                except LectureError as error:
                    report.errors.append(error)
        resolver = Resolver(path, SnippetOutputs(snippets=snippets, snippets_dir=project.snippets))
        for reference in references:
            if (
                reference.snippet_file is not None
                and reference.snippet_file not in snippets
                and reference.snippet_file.is_file()
            ):
                continue  # its parse error is already reported
            try:
                check_reference(resolver, reference)
            except LectureError as error:
                report.errors.append(error)
    report.unreferenced = [
        path
        for path in sorted(project.snippets.rglob("*.py"))
        if not path.name.startswith("_") and path.resolve() not in used
    ]
    return report
