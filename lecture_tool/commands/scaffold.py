"""`lecture-tool new NAME`: a deck and its snippet folder from a template that builds at once."""

from __future__ import annotations

import re
from pathlib import Path

from lecture_tool.config import Project
from lecture_tool.errors import UsageError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

_DECK = """\
---
marp: true
theme: default
paginate: true
footer: "{title}"
---

<!-- _class: lead -->
<!-- _paginate: false -->

# {title}

<!-- Presenter notes go in HTML comments like this one. -->

---

## Code and its output

```python {{file="{name}/example.py" cell="create"}}
```

```output {{file="{name}/example.py" cell="create"}}
```

---

## A figure

![bg right:45% contain](figure:{name}/example.py#plot)

The figure beside this text is drawn by the `plot` cell of `snippets/{name}/example.py`.
"""

_SNIPPET = """\
# ---
# lecture:
#   smoke: {{STEPS: 3}}
# ---
# %% params
STEPS = 8

# %% create
import torch

x = torch.linspace(0, 1, STEPS)
print(x)

# %% plot
import matplotlib.pyplot as plt

plt.figure(figsize=(4, 3))
plt.plot(x.numpy(), (x**2).numpy(), marker="o")
plt.title("x squared")
plt.show()
"""


def create_deck(name: str, project: Project) -> list[Path]:
    """Write `slides/NAME.md` and `snippets/NAME/example.py`; refuses to overwrite either."""
    if not _NAME.match(name):
        raise UsageError(
            f"invalid deck name {name!r}",
            hint="use letters, digits, `-` and `_`, e.g. `05-convolutions`",
        )
    deck = project.slides / f"{name}.md"
    folder = project.snippets / name
    for existing in (deck, folder):
        if existing.exists():
            raise UsageError(
                f"{existing} already exists",
                hint="choose another name, or delete it first; `new` never overwrites",
            )
    title = name.split("-", 1)[-1] if re.match(r"^\d+-", name) else name
    title = title.replace("-", " ").replace("_", " ").capitalize()
    deck.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True)
    snippet = folder / "example.py"
    deck.write_text(_DECK.format(name=name, title=title), encoding="utf-8")
    snippet.write_text(_SNIPPET.format(), encoding="utf-8")
    return [deck, snippet]
