"""The Jinja environment of the tool's page templates (deck shells, handouts).

Imported only when a template is drawn: Jinja costs a fresh process ~20 ms to import, and a
build of an edited deck usually draws none (html.py keeps page shells in a memo).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from lecture_tool.files import user_cache_dir


@cache
def environment(templates: Path) -> jinja2.Environment:
    """The templates in `templates`, autoescaped, failing on any undefined name."""
    # Compiling the deck template costs a fresh process more than rendering 40 slides with
    # it: the compiled code is kept in the user's cache (Jinja checks each template's source
    # against it), so a build only parses templates after an upgrade.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=_QuietBytecodeCache(_template_cache()),
        autoescape=True,  # every string is text until a template marks it safe
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be written (read-only or full home) only costs speed."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> str:
    folder = user_cache_dir() / "templates" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: Jinja then only fails to store, and says nothing
        pass
    return str(folder)
