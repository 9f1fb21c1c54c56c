"""Expanded Marp Markdown: the deck with code, outputs and figures inlined, for any Marp tool."""

from __future__ import annotations

import shutil
from pathlib import Path

from lecture_tool.deck import Deck
from lecture_tool.errors import ReferenceError_
from lecture_tool.references import (
    FIGURE_SCHEME,
    fence_reference,
    figure_reference,
    is_external,
    markdown_parser,
)
from lecture_tool.resolve import (
    Resolver,
    SnippetOutputs,
    SnippetSkipped,
    cell_result,
    figure_of,
    output_text,
    run_block,
    snippet_code,
)


def write_marp(deck: Deck, outputs: SnippetOutputs, out_dir: Path) -> Path:
    """Write `out_dir/<deck>.md` and its figures under `out_dir/<deck>/`; return the .md path."""
    from lecture_tool.pipeline import write_atomically

    figure_dir = out_dir / deck.path.stem
    shutil.rmtree(figure_dir, ignore_errors=True)
    text = expand_deck(deck, outputs, figure_dir)
    target = out_dir / f"{deck.path.stem}.md"
    write_atomically(target, text)
    return target


def expand_deck(deck: Deck, outputs: SnippetOutputs, figure_dir: Path) -> str:
    """The deck's source with each reference replaced by what it shows.

    Work is done on whole source lines located by markdown-it token maps, so everything
    that is not a reference (directives, notes, prose) stays byte for byte as written.
    """
    resolver = Resolver(deck.path, outputs)
    lines = deck.path.read_text(encoding="utf-8").splitlines()
    md = markdown_parser()
    fences: dict[int, tuple[int, str]] = {}  # first line (0-based) → (end line, replacement)
    runs = 0
    for slide in deck.slides:
        for token in md.parse(slide.markdown):
            if token.map is None:
                continue
            start = slide.line - 1 + token.map[0]
            if token.type == "fence":
                reference = fence_reference(token, start + 1, deck.path, outputs.snippets_dir)
                if reference is None:
                    continue
                if reference.kind == "run":
                    runs += 1
                    replacement = _run_markdown(resolver, reference, runs)
                elif reference.kind == "code":
                    replacement = _fence("python", snippet_code(resolver, reference))
                else:
                    try:
                        cell = cell_result(resolver, reference.file, reference.cell, reference.line)
                        replacement = _fence("text", output_text(cell))
                    except SnippetSkipped as skipped:
                        replacement = f"> {skipped.message}"
                fences[start] = (slide.line - 1 + token.map[1], replacement)
            elif token.type == "inline":
                for child in token.children or ():
                    src = str(child.attrGet("src") or "")
                    if child.type != "image" or is_external(src):
                        continue
                    try:
                        copy = _copy_image(src, start + 1, resolver, figure_dir)
                    except SnippetSkipped:
                        continue  # the image stays a dangling reference; Marp shows its alt
                    relative = f"{figure_dir.name}/{copy.relative_to(figure_dir)}"
                    for number in range(start, slide.line - 1 + token.map[1]):
                        lines[number] = lines[number].replace(f"({src})", f"({relative})")
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


def _run_markdown(resolver: Resolver, reference, index: int) -> str:
    lang, code, output = run_block(resolver, reference, index)
    text = _fence(lang, code)
    return text + ("\n\n" + _fence("text", output) if output else "")


def _fence(lang: str, body: str) -> str:
    # A fence longer than any backtick run in the body keeps the body intact.
    ticks = "```"
    while ticks in body:
        ticks += "`"
    return f"{ticks}{lang}\n{body.rstrip(chr(10))}\n{ticks}"


def _copy_image(src: str, line: int, resolver: Resolver, figure_dir: Path) -> Path:
    """Copy a figure (as PNG) or a local image beside the expanded deck; return the copy."""
    outputs = resolver.outputs
    if src.startswith(FIGURE_SCHEME):
        reference = figure_reference(src, line, resolver.deck_path, outputs.snippets_dir)
        source = figure_of(resolver, reference).png
        relative = reference.file.relative_to(outputs.snippets_dir).with_suffix("")
        copy = (
            figure_dir
            / f"{str(relative).replace('/', '-')}-{reference.cell}-{reference.figure}.png"
        )
    else:
        source = (resolver.deck_path.parent / src).resolve()
        if not source.is_file():
            raise ReferenceError_(f"image not found: {src}", resolver.deck_path, line)
        copy = figure_dir / "images" / source.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)
    return copy
