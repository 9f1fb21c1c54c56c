"""Expanded Marp Markdown: the deck with code, outputs and figures inlined, for any Marp tool."""

from __future__ import annotations

import shutil
from pathlib import Path

from lecture_tool.decks.allowlist import point_image_src
from lecture_tool.decks.deck import Deck
from lecture_tool.decks.references import Reference
from lecture_tool.errors import LectureError
from lecture_tool.files import write_atomically
from lecture_tool.text import read_source
from lecture_tool.writing.outputs import DeckOutputs, Hidden, Skipped
from lecture_tool.writing.terminal import to_plain


def write_marp(
    deck: Deck, outputs: DeckOutputs, out_dir: Path, *, keep_going: bool = False
) -> Path:
    """Write `out_dir/<deck>.md` and its figures under `out_dir/<deck>/`; return the .md path.

    With `keep_going`, a reference that cannot be shown becomes a quoted error in its place
    (the HTML build has already reported it)."""
    figure_dir = out_dir / deck.path.stem
    shutil.rmtree(figure_dir, ignore_errors=True)
    text = expand_deck(deck, outputs, figure_dir, keep_going=keep_going)
    target = out_dir / f"{deck.path.stem}.md"
    write_atomically(target, text)
    return target


def expand_deck(
    deck: Deck, outputs: DeckOutputs, figure_dir: Path, *, keep_going: bool = False
) -> str:
    """The deck's source with each reference replaced by what it shows.

    Work is done on whole source lines (each reference knows its block's line span), so
    everything that is not a reference (directives, notes, prose) stays byte for byte.
    """
    lines = read_source(deck.path).splitlines()
    fences: dict[int, tuple[int, str]] = {}  # first line (0-based) → (end line, replacement)
    for reference in deck.references:
        first, end = reference.span
        try:
            if reference.kind == "broken":
                raise reference.error
            if reference.kind in ("code", "output", "run"):
                fences[first] = (end, _fence_markdown(outputs, reference))
                continue
            copy = _copy_image(outputs, reference, figure_dir)
        except LectureError as error:
            if not keep_going:
                raise
            if reference.kind in ("code", "output", "run", "broken") and first not in fences:
                fences[first] = (end, f"> **Build error:** {error}")
            continue
        if reference.kind in ("figure", "image"):
            if copy is None:
                continue  # skipped here: a dangling reference; Marp shows its alt text
            relative = f"{figure_dir.name}/{copy.relative_to(figure_dir)}"
            for number in range(first, end):
                lines[number] = _point_at(lines[number], reference.src, relative)
    expanded, number = [], 0
    while number < len(lines):
        if number in fences:
            end, replacement = fences[number]
            expanded.append(replacement)
            number = end
        else:
            expanded.append(lines[number])
            number += 1
    return "\n".join(expanded) + "\n"


def _point_at(line: str, src: str, relative: str) -> str:
    """`line` with the image `src` (in `![](…)` or a raw `<img src>`) replaced by `relative`."""
    return point_image_src(line.replace(f"({src})", f"({relative})"), src, relative)


def _fence_markdown(outputs: DeckOutputs, reference: Reference) -> str:
    if reference.kind == "run":
        block = outputs.run_block(reference)
        code = to_plain(block.code) if block.lang == "pycon" else block.code
        text = _fence(block.lang, mark_lines(code, reference.shown_lines))
        return text + ("\n\n" + _fence("text", to_plain(block.output)) if block.output else "")
    if reference.kind == "code":
        code = outputs.code(reference)
        if isinstance(code, Hidden):
            return f"> {code.message}"
        return _fence("python", mark_lines(code, reference.shown_lines))
    output = outputs.output(reference)
    if isinstance(output, (Skipped, Hidden)):
        return f"> {output.message}"
    return _fence("text", to_plain(output))  # Marp shows text only: no colour codes


HIGHLIGHT_MARK = "  # ◀"
"""Ends each highlighted line in expanded Marp: a fence cannot highlight lines, and a comment
keeps the code runnable and copyable (Marp cannot step: the last step's lines are marked)."""


def mark_lines(code: str, lines: tuple[int, ...]) -> str:
    """`code` with HIGHLIGHT_MARK after each line in `lines` (none when every line is)."""
    rows = code.rstrip("\n").split("\n")
    if not lines or set(range(1, len(rows) + 1)) <= set(lines):
        return code
    marked = [row + HIGHLIGHT_MARK if n in lines else row for n, row in enumerate(rows, start=1)]
    return "\n".join(marked) + "\n"


def _fence(lang: str, body: str) -> str:
    # A fence longer than any backtick run in the body keeps the body intact.
    ticks = "```"
    while ticks in body:
        ticks += "`"
    return f"{ticks}{lang}\n{body.rstrip(chr(10))}\n{ticks}"


def _copy_image(outputs: DeckOutputs, reference: Reference, figure_dir: Path) -> Path | None:
    """Copy a figure (as PNG) or a local image beside the expanded deck; return the copy."""
    if reference.kind == "figure":
        figure = outputs.figure(reference)
        if isinstance(figure, (Skipped, Hidden)):
            return None
        source = figure.png
        relative = reference.file.relative_to(outputs.table.snippets_dir).with_suffix("")
        copy = (
            figure_dir
            / f"{str(relative).replace('/', '-')}-{reference.cell}-{reference.figure}.png"
        )
    else:
        outputs.check(reference)
        source = reference.file
        copy = figure_dir / "images" / source.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)
    return copy
