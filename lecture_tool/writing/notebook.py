"""A deck as a Jupyter notebook (`build --to notebook`): the slides' text as Markdown cells,
the snippet cells they reference as code cells with their captured outputs, ready for Colab.

Built from the deck's own tokens and references (nothing is parsed again): a slide's
top-level blocks are copied from the source lines, except presenter notes and directives
(left out), code references (which become code cells) and figures (which appear as the
output of the cell that drew them). So the notebook runs top to bottom, a snippet's
earlier cells (its `params`, its imports) come before the first cell a slide shows.
"""

from __future__ import annotations

import base64
import re
import sys
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
from lecture_tool.decks.runs import pycon_statements
from lecture_tool.running.imports import imported_modules
from lecture_tool.running.results import CellResult
from lecture_tool.running.snippet import Cell, Snippet
from lecture_tool.writing.outputs import DeckOutputs, Hidden, Skipped, output_text

# What Colab has already; anything else a snippet imports is installed by the first cell.
COLAB_DEFAULTS = frozenset(
    {
        "torch",
        "torchvision",
        "torchaudio",
        "numpy",
        "matplotlib",
        "sklearn",
        "pandas",
        "scipy",
        "PIL",
        "yaml",
        "requests",
        "tqdm",
        "IPython",
        "google",
    }
)
# Import names whose PyPI distribution is called something else.
_DISTRIBUTIONS = {
    "sklearn": "scikit-learn",
    "PIL": "pillow",
    "yaml": "pyyaml",
    "cv2": "opencv-python",
}
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_COMMENT = re.compile(r"\s*<!--.*?-->", re.DOTALL)  # directives, notes, `<!-- fit -->`


def deck_notebook(deck: Deck, outputs: DeckOutputs) -> nbformat.NotebookNode:
    """The notebook of a deck (student or instructor, as `outputs` answers)."""
    builder = _Builder(deck, outputs)
    for slide in deck.slides:
        builder.add_slide(slide)
    notebook = new_notebook(
        cells=[builder.setup_cell(), *builder.cells],
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
    def __init__(self, deck: Deck, outputs: DeckOutputs):
        self.deck = deck
        self.outputs = outputs
        self.lines = re.split(r"\r\n?|\n", deck.path.read_text(encoding="utf-8"))
        self.cells: list = []
        self._markdown: list[str] = []
        self._emitted: dict[Path, int] = {}
        """Per snippet file, how many of its cells are already in the notebook."""
        self.imports: set[str] = set()

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
        local = {path.stem for path in snippet.path.parent.glob("*.py")}
        self.imports |= imported_modules(snippet) - local
        runnable = [cell for cell in snippet.cells if not cell.is_exercise]
        names = [cell.name for cell in runnable]
        upto = len(runnable) if reference.cell is None else names.index(reference.cell) + 1
        done = self._emitted.get(snippet.path, 0)
        for cell in runnable[done:upto]:
            self.cells.append(self._code_cell(snippet, cell, reference))
        self._emitted[snippet.path] = max(done, upto)

    def _code_cell(self, snippet: Snippet, cell: Cell, reference: Reference):
        shown = self.outputs.shown_cell(snippet, cell)
        if isinstance(shown, Hidden):
            return new_code_cell(f"# {shown.message}")
        result = self.outputs.result_of(snippet.path, cell.name, reference)
        code = new_code_cell(shown.source, metadata=_metadata(cell))
        if isinstance(result, CellResult) and shown is cell:
            code.outputs = _outputs(result)
        return code

    def _run_block(self, reference: Reference) -> None:
        runs = self.outputs.runs
        if reference.lang == "python":
            code = new_code_cell(reference.code.rstrip("\n"))
            result = runs.cell(reference.run_cell) if runs else None
            code.outputs = _outputs(result) if result else []
            self.cells.append(code)
            return
        for number, (_, source) in enumerate(pycon_statements(reference.code), start=1):
            code = new_code_cell(source)
            result = runs.cell(f"{reference.run_cell}-{number}") if runs else None
            if result is not None:
                code.outputs = (
                    [_stream("stdout", output_text(result))] if output_text(result) else []
                )
            self.cells.append(code)

    def setup_cell(self):
        extra = sorted(
            _DISTRIBUTIONS.get(name, name)
            for name in self.imports - COLAB_DEFAULTS - set(sys.stdlib_module_names)
        )
        install = (
            f"    %pip install -q {' '.join(extra)}"
            if extra
            else "    pass  # Colab already has everything these snippets import"
        )
        source = "\n".join(
            [
                f"# Setup for {self.deck.path.stem}: on Colab, install what the snippets need",
                "# beyond Colab's defaults; on your own Jupyter, nothing is installed.",
                "import sys",
                "",
                'if "google.colab" in sys.modules:',
                install,
                "",
                "import torch",
                "",
                'device = "cuda" if torch.cuda.is_available() else "cpu"',
                'print("device:", device)',
            ]
        )
        return new_code_cell(source, metadata={"tags": ["setup"]})


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


__all__ = ["deck_notebook", "notebook_text", "Skipped"]
