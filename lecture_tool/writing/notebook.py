"""A deck as a Jupyter notebook (`build --to notebook`): the slides' text as Markdown cells,
the snippet cells they reference as code cells with their captured outputs, ready for Colab.

Built from the deck's own tokens and references (nothing is parsed again): a slide's
top-level blocks are copied from the source lines, except presenter notes and directives
(left out), code references (which become code cells) and figures (which appear as the
output of the cell that drew them). So the notebook runs top to bottom, a snippet's
earlier cells (its `params`, its imports) come before the first cell a slide shows.

Each code cell's first line names its snippet (`notebook_code.marked`); the set-up cells
(`notebook_setup`) install the runtime (`notebook_kernel`) that runs each snippet's cells in
its own namespace, with the files it reads beside itself (`notebook_files`), as the slides did.
"""

from __future__ import annotations

import base64
import importlib.util
import re
from pathlib import Path

import nbformat
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
)

from lecture_tool.decks.allowlist import point_image_src
from lecture_tool.decks.deck import Deck, Slide
from lecture_tool.decks.references import HTML_IMAGES_KEY, META_KEY, Reference
from lecture_tool.decks.runs import RUN_HEADER, pycon_statements
from lecture_tool.running.imports import imported_modules
from lecture_tool.running.results import CellResult
from lecture_tool.running.snippet import EXERCISE_SUFFIX, Cell, Snippet
from lecture_tool.writing.notebook_code import (
    as_exercise,
    hidden_exercise,
    marked,
    solution_gates,
    with_smoke,
)
from lecture_tool.writing.notebook_files import collect_files, files_beside, notebook_location
from lecture_tool.writing.notebook_kernel import LectureNotebook
from lecture_tool.writing.notebook_setup import install_cell, runtime_cell
from lecture_tool.writing.outputs import DeckOutputs, Hidden, Skipped, output_text

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_COMMENT = re.compile(r"\s*<!--.*?-->", re.DOTALL)  # directives, notes, `<!-- fit -->`


def deck_notebook(
    deck: Deck,
    outputs: DeckOutputs,
    *,
    root: Path | None = None,
    notebook_url: str | None = None,
    smoke: bool = False,
) -> nbformat.NotebookNode:
    """The notebook of a deck (student or instructor, as `outputs` answers).

    `root` is the project's folder (files snippets read beside themselves go to their path
    in it), `notebook_url` where the notebooks are published (files too large to embed are
    downloaded from that repository), `smoke` whether the results came from a smoke run
    (each `params` cell then carries the smoke values)."""
    root = root or outputs.table.snippets_dir.parent
    builder = _Builder(deck, outputs, root=root, smoke=smoke)
    for slide in deck.slides:
        builder.add_slide(slide)
    files = collect_files(
        builder.needs,
        root=builder.root,
        deck_path=deck.path,
        notebook_url=notebook_url,
        shown=outputs.table.shown,
    )
    notebook = new_notebook(
        cells=[
            install_cell(deck.path.stem, builder.imports),
            runtime_cell(builder.snippets, files),
            *builder.cells,
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "colab": {"provenance": []},
            "accelerator": "GPU",
        },
    )
    nbformat.validate(notebook)
    return notebook


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


class _Builder:
    def __init__(self, deck: Deck, outputs: DeckOutputs, *, root: Path, smoke: bool):
        self.deck = deck
        self.outputs = outputs
        self.root = root.resolve()
        self.smoke = smoke
        self.lines = re.split(r"\r\n?|\n", deck.path.read_text(encoding="utf-8"))
        self.cells: list = []
        self._markdown: list[str] = []
        self._emitted: dict[Path, int] = {}
        """Per snippet file, how many of its cells are already in the notebook."""
        self.imports: set[str] = set()
        self.snippets: dict[str, dict] = {}
        """What the runtime knows of each snippet, by the name its cells' first line gives."""
        self.needs: list[tuple[Snippet, int]] = []
        """Each snippet with the deck line that first shows it (for the files it reads)."""
        self._gates: dict[Path, dict[str, str]] = {}

    # -- slides ------------------------------------------------------------------------

    def add_slide(self, slide: Slide) -> None:
        tokens = slide.tokens
        for index, token in enumerate(tokens):
            if token.level != 0 or token.nesting == -1 or token.map is None:
                continue
            reference: Reference | None = token.meta.get(META_KEY)
            if token.type == "fence" and reference is not None:
                self._flush()
                self._reference(reference)
            elif token.type == "html_block" and token.content.lstrip().startswith("<!--"):
                continue  # directives and presenter notes
            else:
                inline = tokens[index + 1] if token.type == "paragraph_open" else None
                self._block(token, inline)
        self._flush()

    def _block(self, token, inline) -> None:
        first, end = token.map
        text = "\n".join(self.lines[first:end]).rstrip()
        children = (inline.children or ()) if inline is not None else ()
        figures = [
            reference
            for child in children
            if (reference := child.meta.get(META_KEY)) is not None and reference.kind == "figure"
        ]
        text = _COMMENT.sub("", _IMAGE.sub(lambda match: self._image(match), text)).strip()
        for holder in (token, *children):  # raw <img> tags of local files, inlined too
            for reference in holder.meta.get(HTML_IMAGES_KEY, {}).values():
                text = _inline_html_image(text, reference)
        if text:
            self._markdown.append(text)
        if figures:
            self._flush()
            for reference in figures:
                self._reference(reference)

    def _image(self, match: re.Match) -> str:
        alt, src = match[1], match[2]
        if src.startswith("figure:"):
            return ""  # shown as its cell's output
        words = [w for w in alt.split() if not _is_image_keyword(w)]
        if src.startswith(("http://", "https://", "data:")):
            return f"![{' '.join(words)}]({src})"
        path = (self.deck.path.parent / src).resolve()
        if not path.is_file():
            return f"*(missing image: {src})*"
        from lecture_tool.writing.render import data_uri

        return f"![{' '.join(words)}]({data_uri(path)})"

    def _flush(self) -> None:
        if self._markdown:
            self.cells.append(new_markdown_cell("\n\n".join(self._markdown)))
            self._markdown = []

    # -- code ---------------------------------------------------------------------------

    def _reference(self, reference: Reference) -> None:
        if reference.kind == "run":
            self._run_block(reference)
            return
        snippet = self.outputs.table.snippets.get(reference.file)
        if snippet is None:
            return  # a broken reference: the build reports it
        runnable = [cell for cell in snippet.cells if not cell.is_exercise]
        if snippet.path not in self._emitted:
            self._first_seen(snippet, reference.line)
        names = [cell.name for cell in runnable]
        cell_name = reference.cell
        if cell_name is not None and cell_name not in names:
            # A slide showing an exercise (`NAME-exercise`, never run): the notebook's cell is
            # its solution's slot, which a student notebook fills with the exercise.
            cell_name = cell_name.removesuffix(EXERCISE_SUFFIX)
        upto = len(runnable) if cell_name is None else names.index(cell_name) + 1
        done = self._emitted.get(snippet.path, 0)
        for cell in runnable[done:upto]:
            self.cells.append(self._code_cell(snippet, cell, reference))
        self._emitted[snippet.path] = max(done, upto)

    def _first_seen(self, snippet: Snippet, line: int) -> None:
        """What the set-up cells need to know of a snippet the notebook starts showing."""
        local = {path.stem for path in snippet.path.parent.glob("*.py")}
        self.imports |= imported_modules(snippet) - local
        self.needs.append((snippet, line))
        location = notebook_location(snippet.path, self.root)
        modules = [path for path in files_beside(snippet) if path.suffix == ".py"]
        gates = solution_gates(snippet) if self.outputs.student else {}
        self._gates[snippet.path] = gates
        info = {"path": location, "requires": list(snippet.header.requires), "gates": gates}
        info["dirs"] = [location.rsplit("/", 1)[0]] if modules else []
        info["seed"] = snippet.header.seed
        self.snippets[self._source(snippet)] = {
            key: value for key, value in info.items() if value or (key == "seed" and value is None)
        }

    def _source(self, snippet: Snippet) -> str:
        """The name a cell's first line gives its snippet (as a lecturer writes it)."""
        return self.outputs.table.shown(snippet.path)

    def _code_cell(self, snippet: Snippet, cell: Cell, reference: Reference):
        source = self._source(snippet)
        shown = self.outputs.shown_cell(snippet, cell)
        if shown is not cell:  # a student's exercise: nbgrader's form, it may raise
            code = (
                hidden_exercise(shown.message)
                if isinstance(shown, Hidden)
                else as_exercise(shown.source)
            )
            metadata = {"tags": ["raises-exception"], "nbgrader": _nbgrader(source, cell.name)}
            return new_code_cell(
                marked(code, source, cell.name, kind="exercise"), metadata=metadata
            )
        code = self._with_smoke(snippet, cell)
        result = self.outputs.result_of(snippet.path, cell.name, reference)
        notebook_cell = new_code_cell(marked(code, source, cell.name), metadata=_metadata(cell))
        exercise = self._gates.get(snippet.path, {}).get(cell.name)
        if exercise is not None:  # what a fresh run of the student notebook prints
            notice = LectureNotebook.gate_notice(exercise, source)
            notebook_cell.outputs = [_stream("stdout", notice + "\n")]
        elif isinstance(result, Skipped):
            notice = _skip_notice(snippet, source, result.message)
            notebook_cell.outputs = [_stream("stdout", notice + "\n")]
        elif isinstance(result, CellResult):
            notebook_cell.outputs = _outputs(result)
        return notebook_cell

    def _with_smoke(self, snippet: Snippet, cell: Cell) -> str:
        """A cell's code; in a smoke build, the smoke values follow the `params` cell (or
        come first, without one), where the runner applies them."""
        overrides = snippet.header.smoke if self.smoke else ()
        if not overrides:
            return cell.source
        if cell.name == "params":
            return with_smoke(cell.source, overrides)
        if cell is snippet.cells[0] and all(c.name != "params" for c in snippet.cells):
            return f"{with_smoke('', overrides)}\n\n{cell.source}"
        return cell.source

    def _run_block(self, reference: Reference) -> None:
        runs = self.outputs.runs
        source = self.deck.path.name
        self.snippets.setdefault(source, {} if RUN_HEADER.seed == 0 else {"seed": RUN_HEADER.seed})
        name = reference.run_cell
        if reference.lang == "python":
            code = new_code_cell(marked(reference.code.rstrip("\n"), source, name))
            result = runs.cell(name) if runs else None
            code.outputs = _outputs(result) if result else []
            self.cells.append(code)
            return
        for number, (_, statement) in enumerate(pycon_statements(reference.code), start=1):
            code = new_code_cell(marked(statement, source, f"{name}-{number}"))
            result = runs.cell(f"{name}-{number}") if runs else None
            if result is not None:
                code.outputs = (
                    [_stream("stdout", output_text(result))] if output_text(result) else []
                )
            self.cells.append(code)


def _outputs(result: CellResult) -> list:
    outputs = []
    if result.stdout:
        outputs.append(_stream("stdout", result.stdout))
    if result.stderr:
        outputs.append(_stream("stderr", result.stderr))
    for figure in result.figures:
        png = base64.b64encode(figure.png.read_bytes()).decode("ascii")
        outputs.append(new_output("display_data", data={"image/png": png}))
    if result.error is not None:
        lines = result.error.traceback.rstrip("\n").splitlines()
        outputs.append(
            new_output(
                "error",
                ename=result.error.type,
                evalue=result.error.message,
                traceback=lines or [f"{result.error.type}: {result.error.message}"],
            )
        )
    return outputs


def _stream(name: str, text: str):
    return new_output("stream", name=name, text=text)


def _skip_notice(snippet: Snippet, source: str, reason: str) -> str:
    """What the kernel prints instead of a cell of a snippet this machine skipped."""
    for need in snippet.header.requires:
        if need == "cuda":
            unmet = "requires CUDA" in reason
        else:
            unmet = importlib.util.find_spec(need) is None
        if unmet:
            return LectureNotebook.skip_notice(source, need)
    return reason


def _nbgrader(source: str, name: str) -> dict:
    """nbgrader's metadata of an autograded answer cell (the student writes it); its id is
    unique in the notebook and made of the letters nbgrader allows."""
    grade_id = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{source.removesuffix('.py')}-{name}")
    return {
        "grade": False,
        "grade_id": grade_id,
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }


def _metadata(cell: Cell) -> dict:
    # nbclient (and Jupyter's "run all") go on past a cell tagged raises-exception.
    return {"tags": ["raises-exception"]} if cell.raises else {}


def _inline_html_image(text: str, reference: Reference) -> str:
    """`text` with `<img src>` of `reference`'s file as a data: URI (Colab has no files)."""
    if not reference.file.is_file():
        return text  # the build reports it
    from lecture_tool.writing.render import data_uri

    return point_image_src(text, reference.src, data_uri(reference.file))


def _is_image_keyword(word: str) -> bool:
    from lecture_tool.decks.images import parse_image_alt

    spec = parse_image_alt(word)
    return not spec.alt


__all__ = ["deck_notebook", "notebook_text"]
