"""A notebook's two set-up cells: what to install on Colab and the device (read it), then
the runtime that runs each snippet file as the slides did (`notebook_kernel`, run it).
"""

from __future__ import annotations

import inspect
import json
import pprint
import sys
from collections.abc import Iterable
from typing import Any

from nbformat.v4 import new_code_cell

from lecture_tool.writing import notebook_kernel
from lecture_tool.writing.notebook_files import NotebookFiles

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
SETUP_TAG = "setup"


def install_cell(deck: str, imports: Iterable[str]):
    """Installs on Colab what the snippets import beyond its defaults; picks the device."""
    extra = sorted(
        _DISTRIBUTIONS.get(name, name)
        for name in set(imports) - COLAB_DEFAULTS - set(sys.stdlib_module_names)
    )
    install = (
        f"    %pip install -q {' '.join(extra)}"
        if extra
        else "    pass  # Colab already has everything these snippets import"
    )
    source = "\n".join(
        [
            f"# Setup for {deck}: on Colab, install what the snippets need",
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
    return new_code_cell(source, metadata={"tags": [SETUP_TAG]})


def runtime_cell(snippets: dict[str, dict[str, Any]], files: NotebookFiles):
    """The runtime (`notebook_kernel`'s source) and what it needs to know of this deck.

    Folded away where the front end can (Colab's form view, Jupyter's hidden source)."""
    kernel = inspect.getsource(notebook_kernel)
    body = kernel[kernel.index("class LectureNotebook") :].rstrip()
    source = "\n".join(
        [
            "#@title Run this cell: each snippet file's cells in their own namespace, as on the slides",
            "# Written by lecture-tool. The first line of each code cell below names its snippet",
            "# file; this cell gives each file its own names (so one file's `x` never breaks",
            "# another's), writes the files snippets read beside themselves, prints the slides'",
            "# notice instead of running a cell whose snippet needs a GPU where there is none, and",
            "# holds back cells that need an exercise until it is written.",
            "",
            body,
            "",
            "",
            f"SNIPPETS = {_literal(snippets)}",
            f"FILES = {_literal(files.embedded)}",
            f"DOWNLOADS = {_literal(files.downloads)}",
            "LectureNotebook.start(get_ipython(), SNIPPETS, FILES, DOWNLOADS, {'device': device})",
            "del LectureNotebook, SNIPPETS, FILES, DOWNLOADS",
        ]
    )
    metadata = {"tags": [SETUP_TAG], "cellView": "form", "jupyter": {"source_hidden": True}}
    return new_code_cell(source, metadata=metadata)


def _literal(value: Any) -> str:
    """A Python literal of plain data (JSON-able: dicts, lists, strings, numbers, None)."""
    json.dumps(value)  # only plain data reaches the notebook
    return pprint.pformat(value, width=96, sort_dicts=True)
