"""What `imports` reads from a snippet's syntax tree: imported top-level names, and the
dotted modules it reaches (which decide what the pool imports before forking its worker)."""

from pathlib import Path

from lecture_tool.running.imports import imported_modules, used_modules
from lecture_tool.running.snippet import parse_snippet


def snippet(text: str):
    return parse_snippet(text, Path("snippets/deck/x.py"))


def test_imported_modules_are_top_level_names_of_absolute_imports():
    text = "import torch.nn as nn\nfrom sklearn.datasets import load_iris\nfrom . import helper\n"
    assert imported_modules(snippet(text)) == {"torch", "sklearn"}


def test_an_attribute_chain_on_an_imported_name_is_a_use_of_that_module():
    used = used_modules(snippet("import torch\nopt = torch.optim.SGD(params, lr=0.1)\n"))
    assert {"torch", "torch.optim", "torch.optim.SGD"} <= used


def test_aliases_and_from_imports_resolve_to_the_module_they_bind():
    assert "torch.optim" in used_modules(snippet("import torch.optim as o\no.Adam(p)\n"))
    assert "torch.optim" in used_modules(snippet("from torch import optim\noptim.SGD(p)\n"))
    assert "torch.optim" in used_modules(snippet("from torch.optim import AdamW\nAdamW(p)\n"))
    # `import torch.nn` binds `torch`: `torch.optim` after it is torch's optim.
    assert "torch.optim" in used_modules(snippet("import torch.nn\ntorch.optim.SGD(p)\n"))


def test_names_the_code_did_not_import_are_not_modules():
    used = used_modules(snippet("torch.optim.SGD(p)\nmodel.optim.step()\nf().optim\n"))
    assert not any(name.endswith("optim") for name in used)


def test_a_snippet_that_does_not_parse_uses_nothing():
    broken = snippet("import torch\ndef (:\n")
    assert used_modules(broken) == frozenset()
    assert imported_modules(broken) == set()
