"""What a deck references: snippet code, outputs, figures, `{run}` blocks and local images.

Found once, while the deck is parsed (`deck.parse_deck` calls `ReferenceFinder.find` on each
slide's tokens): every reference is attached to its token as `token.meta["reference"]` and
listed on its slide, so planning, rendering, Marp export and `check` never read deck text
again. Pure: nothing here touches the file system except resolving paths.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from lecture_tool.decks.allowlist import image_sources
from lecture_tool.errors import BrokenReference, LectureError

FIGURE_SCHEME = "figure:"
META_KEY = "reference"
"""Where a token carries its `Reference` (`token.meta[META_KEY]`)."""
HTML_IMAGES_KEY = "lt-html-images"
"""Where a raw HTML token carries the references of its `<img>` tags, by `src`."""
_ATTRS_BLOCK = re.compile(r"^(?P<lang>[^\s{]*)\s*(?:\{(?P<attrs>.*)\})?\s*$")
_ATTR = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)(?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+)))?"""
)
_FIGURE = re.compile(r"^figure:(?P<file>[^#]+)#(?P<cell>[a-z0-9_-]+)(?:/(?P<n>\d+))?$")
_LINES = re.compile(r"^(?P<start>\d+)(?:-(?P<end>\d*))?$")
_KNOWN_ATTRS = {"file", "cell", "lines", "run", "highlight", "steps", "step"}
_LINE_SET = re.compile(r"^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$")
ALL_LINES: tuple[int, ...] = ()
"""A step that highlights every line (`all`), as `Reference.steps` holds it."""


@dataclass(frozen=True)
class Reference:
    """One place a slide uses a snippet, a `{run}` block or a local image."""

    kind: str
    """`code`, `output`, `figure`, `run`, `image` (a local file) or `broken` (bad syntax)."""
    line: int
    """1-based line in the deck file."""
    index: int = 0
    """Position among the deck's references, in reading order (stable for one text)."""
    span: tuple[int, int] = (0, 0)
    """0-based [first, end) file lines of the block or paragraph holding it."""
    file: Path | None = None
    """The snippet or image file, resolved (None for `run` and `broken`)."""
    cell: str | None = None
    lines: tuple[int, int | None] | None = None
    """`lines="3-9"` as (3, 9); (3, None) for `3-`."""
    figure: int = 1
    """1-based index among the figures the cell drew."""
    run: int = 0
    """1-based number among the deck's `{run}` blocks (0 for other kinds)."""
    code: str = ""
    """The code of a `{run}` block (for pycon: the transcript as written)."""
    lang: str = ""
    """`python` or `pycon` for run blocks."""
    src: str = ""
    """An image reference as written (`figure:…` or a path)."""
    error: LectureError | None = None
    """Why a `broken` reference cannot be used."""
    highlight: tuple[int, ...] = ()
    """`highlight="2-3,7"` as (2, 3, 7): 1-based lines of the shown code (code and run blocks)."""
    steps: tuple[tuple[int, ...], ...] = ()
    """`steps="1-2|4|all"` as ((1, 2), (4,), ALL_LINES): the lines each step highlights."""
    step: int = 0
    """`step=N` on an `output` block: it appears with step N of the stepped code before it."""

    @property
    def shown_lines(self) -> tuple[int, ...]:
        """The lines highlighted where nothing steps (PDF, handout, Marp): the last step's."""
        return self.steps[-1] if self.steps else self.highlight

    @property
    def named_lines(self) -> tuple[int, ...]:
        """Every line number `highlight=` or `steps=` names (checked against the code)."""
        return tuple(sorted({n for lines in (self.highlight, *self.steps) for n in lines}))

    @property
    def snippet_file(self) -> Path | None:
        """The snippet file this reference needs, if any."""
        return self.file if self.kind in ("code", "output", "figure") else None

    @property
    def run_cell(self) -> str:
        """The cell name a python `{run}` block runs as (pycon statements add `-J`)."""
        return f"run-{self.run}"


class ReferenceFinder:
    """Finds the references in one deck's slides, numbering them across the whole deck."""

    def __init__(self, deck_path: Path, snippets_dir: Path):
        self.deck_path = deck_path
        self.snippets_dir = snippets_dir
        self._count = 0
        self._runs = 0
        self._resolved: dict[str, Path] = {}
        """Each file name's path, resolved once per deck: a deck names a dozen snippets in a
        hundred blocks, and resolving asks the file system about every folder on the way."""

    def resolve(self, name: str) -> Path:
        """The file `name` (a reference's `file`) names, as `resolve_file` finds it."""
        found = self._resolved.get(name)
        if found is None:
            found = self._resolved[name] = resolve_file(name, self.deck_path, self.snippets_dir)
        return found

    def find(self, tokens: Sequence[Token]) -> tuple[Reference, ...]:
        """The references in a slide's tokens (whose maps are file lines), in order."""
        found = []
        for token in tokens:
            if token.map is None:
                continue
            if token.type == "fence":
                reference = self._fence(token)
                if reference is not None:
                    token.meta[META_KEY] = reference
                    found.append(reference)
            elif token.type == "html_block":
                found += self._html_images(token, token.map[0] + 1, token.map)
            elif token.type == "inline":
                line = token.map[0] + 1
                for child in token.children or ():
                    if child.type == "image":
                        reference = self._image(str(child.attrGet("src")), line, token.map)
                        if reference is not None:
                            child.meta[META_KEY] = reference
                            found.append(reference)
                    elif child.type == "html_inline":
                        found += self._html_images(child, line, token.map)
                    elif child.type in ("softbreak", "hardbreak"):
                        line += 1
        return tuple(self._check_output_steps(found))

    def _check_output_steps(self, found: list[Reference]) -> list[Reference]:
        """An `output` block's `step=N` needs a stepped code block with N steps before it."""
        stepped: Reference | None = None
        checked = []
        for reference in found:
            if reference.kind in ("code", "run") and reference.steps:
                stepped = reference
            elif reference.kind == "output" and reference.step:
                problem = None
                if stepped is None:
                    problem = (
                        f"output step={reference.step} has no code block with steps= before it"
                    )
                elif reference.step > len(stepped.steps):
                    problem = (
                        f"output step={reference.step}, but the code block above it "
                        f"(line {stepped.line}) has {len(stepped.steps)} step(s)"
                    )
                if problem is not None:
                    error = BrokenReference(
                        problem,
                        self.deck_path,
                        reference.line,
                        hint='give the ```python block above steps="…" with that many steps',
                    )
                    reference = Reference(
                        kind="broken",
                        line=reference.line,
                        index=reference.index,
                        span=reference.span,
                        error=error,
                    )
            checked.append(reference)
        return checked

    def _next(self, **fields) -> Reference:
        self._count += 1
        return Reference(index=self._count, **fields)

    def _fence(self, token: Token) -> Reference | None:
        line, span = token.map[0] + 1, (token.map[0], token.map[1])
        try:
            return self._next(**_fence_fields(token, line, self), span=span)
        except LectureError as error:
            return self._next(kind="broken", line=line, span=span, error=error)
        except _PlainBlock:
            return None

    def _image(self, src: str, line: int, span: list[int]) -> Reference | None:
        if is_external(src):
            return None
        if not src.startswith(FIGURE_SCHEME):
            file = (self.deck_path.parent / src).resolve()
            return self._next(kind="image", line=line, span=tuple(span), file=file, src=src)
        try:
            fields = _figure_fields(src, line, self)
        except LectureError as error:
            return self._next(kind="broken", line=line, span=tuple(span), src=src, error=error)
        return self._next(kind="figure", line=line, span=tuple(span), src=src, **fields)

    def _html_images(self, token: Token, line: int, span: list[int]) -> list[Reference]:
        """The local files raw `<img>` tags show: references, kept by their `src` in
        `token.meta[HTML_IMAGES_KEY]` for the renderer to inline."""
        images: dict[str, Reference] = {}
        for offset, src in image_sources(token.content):
            at = line + token.content.count("\n", 0, offset)
            if src not in images and (reference := self._image(src, at, span)) is not None:
                images[src] = reference
        if images:
            token.meta[HTML_IMAGES_KEY] = images
        return list(images.values())

    def count_run(self) -> int:
        self._runs += 1
        return self._runs


class _PlainBlock(Exception):
    """A fenced block without attributes: ordinary code, not a reference."""


def is_external(src: str) -> bool:
    """An image source that is not a local file: left as written, never copied or checked."""
    return src.startswith(("http://", "https://", "data:"))


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


def _fence_fields(token: Token, line: int, finder: ReferenceFinder) -> dict:
    deck_path = finder.deck_path
    lang, attrs = parse_fence_info(token.info)
    if not attrs:
        raise _PlainBlock
    unknown = sorted(set(attrs) - _KNOWN_ATTRS)
    if unknown:
        raise BrokenReference(
            f"unknown attribute {unknown[0]!r} on a ```{lang} block",
            deck_path,
            line,
            hint="use file=, cell=, lines=, run, highlight=, steps= or step=",
        )
    marks = _parse_marks(attrs, lang, deck_path, line)
    if attrs.get("run") is True:
        if lang not in ("python", "pycon"):
            raise BrokenReference(
                f"{{run}} works on python and pycon blocks, not {lang!r}", deck_path, line
            )
        run = finder.count_run()
        return dict(kind="run", line=line, code=token.content, lang=lang, run=run, **marks)
    if "file" not in attrs or not isinstance(attrs["file"], str):
        raise BrokenReference(
            f'```{lang} block with attributes needs file="…"',
            deck_path,
            line,
            hint='write ```python {file="deck/snippet.py" cell="name"}',
        )
    if lang not in ("python", "output"):
        raise BrokenReference(
            f"a ```{lang} block cannot reference a snippet",
            deck_path,
            line,
            hint="use ```python for code and ```output for printed output",
        )
    cell = attrs.get("cell")
    if lang == "output" and not isinstance(cell, str):
        raise BrokenReference('```output needs cell="…"', deck_path, line)
    return dict(
        kind="code" if lang == "python" else "output",
        line=line,
        file=finder.resolve(attrs["file"]),
        cell=cell if isinstance(cell, str) else None,
        lines=_parse_lines(attrs.get("lines"), deck_path, line),
        **marks,
    )


def _parse_marks(attrs: dict, lang: str, deck_path: Path, line: int) -> dict:
    """`highlight=`, `steps=` (code and `{run}` blocks) and `step=` (output blocks)."""
    marks: dict = {}
    code = lang in ("python", "pycon")
    for key in ("highlight", "steps"):
        if key in attrs and not code:
            raise BrokenReference(
                f"{key}= works on ```python blocks, not ```{lang}",
                deck_path,
                line,
                hint='put it on the code block; an output block takes step="N"',
            )
    if "highlight" in attrs and "steps" in attrs:
        raise BrokenReference(
            "a block takes highlight= or steps=, not both",
            deck_path,
            line,
            hint='steps="…" already says which lines each step highlights',
        )
    if "highlight" in attrs:
        marks["highlight"] = _parse_line_set(attrs["highlight"], "highlight", deck_path, line)
    if "steps" in attrs:
        value = attrs["steps"]
        parts = str(value).split("|") if isinstance(value, str) else [""]
        marks["steps"] = tuple(
            ALL_LINES if part.strip() == "all" else _parse_line_set(part, "steps", deck_path, line)
            for part in parts
        )
    if "step" in attrs:
        value = attrs["step"]
        if lang != "output":
            raise BrokenReference(
                f"step= works on ```output blocks, not ```{lang}",
                deck_path,
                line,
                hint='a code block takes steps="1-2|4|all"',
            )
        if not (isinstance(value, str) and value.isdigit() and int(value) >= 1):
            raise BrokenReference(
                f"bad step={value!r}", deck_path, line, hint='write step="2" (steps count from 1)'
            )
        marks["step"] = int(value)
    return marks


def _parse_line_set(value, key: str, deck_path: Path, line: int) -> tuple[int, ...]:
    """`2-3,7` → (2, 3, 7)."""
    text = str(value).replace(" ", "") if isinstance(value, str) else ""
    if not _LINE_SET.match(text):
        example = '"1-2|4|all"' if key == "steps" else '"2-3,7"'
        raise BrokenReference(
            f"bad {key}={value!r}", deck_path, line, hint=f"write {key}={example}"
        )
    numbers: set[int] = set()
    for part in text.split(","):
        start, _, end = part.partition("-")
        first, last = int(start), int(end or start)
        if first < 1 or last < first:
            raise BrokenReference(
                f"bad {key}={value!r}: {part} is not a range of lines",
                deck_path,
                line,
                hint="lines count from 1, ranges go up: 2-5",
            )
        numbers.update(range(first, last + 1))
    return tuple(sorted(numbers))


def _figure_fields(src: str, line: int, finder: ReferenceFinder) -> dict:
    match = _FIGURE.match(src)
    if match is None:
        raise BrokenReference(
            f"bad figure reference {src!r}",
            finder.deck_path,
            line,
            hint="write figure:FILE#CELL or figure:FILE#CELL/N",
        )
    index = int(match["n"] or 1)
    if index < 1:
        raise BrokenReference(f"figure numbers start at 1, not {index}", finder.deck_path, line)
    return dict(
        file=finder.resolve(match["file"]),
        cell=match["cell"],
        figure=index,
    )


def _parse_lines(value, deck_path: Path, line: int) -> tuple[int, int | None] | None:
    if value is None:
        return None
    match = _LINES.match(str(value))
    if match is None or int(match["start"]) < 1:
        raise BrokenReference(
            f"bad lines={value!r}", deck_path, line, hint='write lines="3-9", "3" or "3-"'
        )
    start = int(match["start"])
    if match["end"] is None:
        return start, start
    end = int(match["end"]) if match["end"] else None
    if end is not None and end < start:
        raise BrokenReference(f"bad lines={value!r}: end before start", deck_path, line)
    return start, end
