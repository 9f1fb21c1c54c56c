"""Finding what a deck references: snippet code, outputs, figures and `{run}` blocks (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lecture_tool.deck import Deck
from lecture_tool.errors import ReferenceError_

FIGURE_SCHEME = "figure:"
_ATTRS_BLOCK = re.compile(r"^(?P<lang>[^\s{]*)\s*(?:\{(?P<attrs>.*)\})?\s*$")
_ATTR = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)(?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+)))?"""
)
_FIGURE = re.compile(r"^figure:(?P<file>[^#]+)#(?P<cell>[a-z0-9_-]+)(?:/(?P<n>\d+))?$")
_LINES = re.compile(r"^(?P<start>\d+)(?:-(?P<end>\d*))?$")
_KNOWN_ATTRS = {"file", "cell", "lines", "run"}


@dataclass(frozen=True)
class Reference:
    """One place a slide uses a snippet."""

    kind: str
    """`code`, `output`, `figure`, `run` (an inline `{run}` block) or `image` (a local file)."""
    line: int
    """1-based line in the deck file."""
    file: Path | None = None
    """The snippet file, resolved (None for `run`)."""
    cell: str | None = None
    lines: tuple[int, int | None] | None = None
    """`lines="3-9"` as (3, 9); (3, None) for `3-`."""
    figure: int = 1
    """1-based index among the figures the cell drew."""
    code: str = ""
    """The code of a `{run}` block (for pycon: the transcript as written)."""
    lang: str = ""
    """`python` or `pycon` for run blocks."""
    src: str = ""
    """An image reference as written (`figure:…` or a path)."""

    @property
    def snippet_file(self) -> Path | None:
        """The snippet file this reference needs, if any."""
        return self.file if self.kind in ("code", "output", "figure") else None


def parse_fence_info(info: str) -> tuple[str, dict[str, str | bool]]:
    """`python {file="a.py" cell="x"}` → ("python", {"file": "a.py", "cell": "x"})."""
    match = _ATTRS_BLOCK.match(info.strip())
    if match is None:
        return info.strip().split(" ", 1)[0], {}
    attrs: dict[str, str | bool] = {}
    for attr in _ATTR.finditer(match["attrs"] or ""):
        value = attr["dq"] if attr["dq"] is not None else attr["sq"]
        if value is None:
            value = attr["bare"] if attr["bare"] is not None else True
        attrs[attr["key"]] = value
    return match["lang"], attrs


def resolve_file(name: str, deck_path: Path, snippets_dir: Path) -> Path:
    """`file` is relative to snippets/, or to the deck when it starts with `./` or `../`."""
    if name.startswith(("./", "../")):
        return (deck_path.parent / name).resolve()
    return (snippets_dir / name).resolve()


def markdown_parser() -> MarkdownIt:
    """The markdown-it setup shared by reference finding and rendering."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True, "breaks": False})
    md.enable("table").enable("strikethrough")
    md.use(dollarmath_plugin, double_inline=True)
    return md


def find_references(
    deck: Deck, snippets_dir: Path, md: MarkdownIt | None = None
) -> list[Reference]:
    """Every reference in the deck, in order, with its deck line; bad syntax is an error."""
    md = md or markdown_parser()
    references = []
    for slide in deck.slides:
        for token in md.parse(slide.markdown):
            line = slide.line + (token.map[0] if token.map else 0)
            if token.type == "fence":
                reference = fence_reference(token, line, deck.path, snippets_dir)
                if reference is not None:
                    references.append(reference)
            elif token.type == "inline":
                for child in token.children or ():
                    if child.type == "image":
                        src = str(child.attrGet("src"))
                        references += _image_references(src, line, deck.path, snippets_dir)
    return references


def is_external(src: str) -> bool:
    """An image source that is not a local file: left as written, never copied or checked."""
    return src.startswith(("http://", "https://", "data:"))


def _image_references(src: str, line: int, deck_path: Path, snippets_dir: Path) -> list[Reference]:
    if src.startswith(FIGURE_SCHEME):
        return [figure_reference(src, line, deck_path, snippets_dir)]
    if is_external(src):
        return []
    return [Reference(kind="image", line=line, file=(deck_path.parent / src).resolve(), src=src)]


def fence_reference(
    token: Token, line: int, deck_path: Path, snippets_dir: Path
) -> Reference | None:
    """The reference a fenced block makes, or None for a plain code block."""
    lang, attrs = parse_fence_info(token.info)
    if not attrs:
        return None
    unknown = sorted(set(attrs) - _KNOWN_ATTRS)
    if unknown:
        raise ReferenceError_(
            f"unknown attribute {unknown[0]!r} on a ```{lang} block",
            deck_path,
            line,
            hint="use file=, cell=, lines= or run",
        )
    if attrs.get("run") is True:
        if lang not in ("python", "pycon"):
            raise ReferenceError_(
                f"{{run}} works on python and pycon blocks, not {lang!r}", deck_path, line
            )
        return Reference(kind="run", line=line, code=token.content, lang=lang)
    if "file" not in attrs or not isinstance(attrs["file"], str):
        raise ReferenceError_(
            f'```{lang} block with attributes needs file="…"',
            deck_path,
            line,
            hint='write ```python {file="deck/snippet.py" cell="name"}',
        )
    if lang not in ("python", "output"):
        raise ReferenceError_(
            f"a ```{lang} block cannot reference a snippet",
            deck_path,
            line,
            hint="use ```python for code and ```output for printed output",
        )
    cell = attrs.get("cell")
    if lang == "output" and not isinstance(cell, str):
        raise ReferenceError_('```output needs cell="…"', deck_path, line)
    return Reference(
        kind="code" if lang == "python" else "output",
        line=line,
        file=resolve_file(attrs["file"], deck_path, snippets_dir),
        cell=cell if isinstance(cell, str) else None,
        lines=_parse_lines(attrs.get("lines"), deck_path, line),
    )


def figure_reference(src: str, line: int, deck_path: Path, snippets_dir: Path) -> Reference:
    match = _FIGURE.match(src)
    if match is None:
        raise ReferenceError_(
            f"bad figure reference {src!r}",
            deck_path,
            line,
            hint="write figure:FILE#CELL or figure:FILE#CELL/N",
        )
    index = int(match["n"] or 1)
    if index < 1:
        raise ReferenceError_(f"figure numbers start at 1, not {index}", deck_path, line)
    return Reference(
        kind="figure",
        src=src,
        line=line,
        file=resolve_file(match["file"], deck_path, snippets_dir),
        cell=match["cell"],
        figure=index,
    )


def _parse_lines(value, deck_path: Path, line: int) -> tuple[int, int | None] | None:
    if value is None:
        return None
    match = _LINES.match(str(value))
    if match is None or int(match["start"]) < 1:
        raise ReferenceError_(
            f"bad lines={value!r}", deck_path, line, hint='write lines="3-9", "3" or "3-"'
        )
    start = int(match["start"])
    if match["end"] is None:
        return start, start
    end = int(match["end"]) if match["end"] else None
    if end is not None and end < start:
        raise ReferenceError_(f"bad lines={value!r}: end before start", deck_path, line)
    return start, end


def pycon_statements(transcript: str) -> list[tuple[int, str]]:
    """(0-based line offset, source) of each `>>>` statement; other lines are old output."""
    statements: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(transcript.splitlines()):
        if line.startswith(">>>"):
            statements.append((offset, [line[4:] if line.startswith(">>> ") else line[3:]]))
        elif line.startswith("...") and statements:
            statements[-1][1].append(line[4:] if line.startswith("... ") else line[3:])
    return [
        (offset, "\n".join(lines).rstrip())
        for offset, lines in statements
        if "".join(lines).strip()
    ]
