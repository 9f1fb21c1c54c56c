"""`lecture-tool check`: every reference resolves, legacy syntax, snippets no deck uses — no execution."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lecture_tool.config import Project, deck_paths
from lecture_tool.errors import LectureError
from lecture_tool.plan import plan_build


@dataclass
class CheckReport:
    errors: list[LectureError] = field(default_factory=list)
    """Everything that would fail a build, all of it (not just the first)."""
    warnings: list[LectureError] = field(default_factory=list)
    """What a build would ignore or replace as Marp does (fails only with --strict)."""
    legacy: list[str] = field(default_factory=list)
    """`deck.md:line: …` for each pre-2019 Marp construct, with what to write instead."""
    unreferenced: list[Path] = field(default_factory=list)
    """Snippet files no deck references (still tested by pytest, but shown nowhere)."""

    def lines(self) -> list[str]:
        lines = [f"error: {error}" for error in self.errors]
        lines += [f"warning: {warning}" for warning in self.warnings]
        lines += [f"legacy: {entry}" for entry in self.legacy]
        lines += [f"unreferenced snippet: {path}" for path in self.unreferenced]
        lines.append(
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), "
            f"{len(self.legacy)} legacy construct(s), "
            f"{len(self.unreferenced)} unreferenced snippet(s)"
        )
        return lines


def check_project(project: Project, decks: list[Path] | None = None) -> CheckReport:
    """Check `decks` (default: every deck in slides/) without running anything: the build's
    own planning, collecting every problem instead of stopping at the first."""
    plan = plan_build(deck_paths(decks or [], project), project, check=True, collect=True)
    report = CheckReport(errors=list(plan.problems), warnings=list(plan.warnings))
    used: set[Path] = set()
    for deck_plan in plan.decks:
        deck = deck_plan.deck
        report.legacy += [f"{deck.path}:{line}: {what}" for line, what in deck.legacy]
        used.update(r.snippet_file for r in deck.references if r.snippet_file is not None)
    # Snippets no deck uses is a question about the whole project: a check of some decks
    # would list every snippet the other decks use.
    report.unreferenced = [
        path
        for path in sorted(project.snippets.rglob("*.py"))
        if not decks and not path.name.startswith("_") and path.resolve() not in used
    ]
    return report
