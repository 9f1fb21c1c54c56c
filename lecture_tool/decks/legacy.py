"""Pre-2019 Marp's slide size (`$width`/`$height` in pixels), mapped to today's `size`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lecture_tool.decks.settings import SIZES
from lecture_tool.errors import DeckError


def legacy_box_size(box: dict[str, Any], path: Path) -> str:
    """Old `$width`/`$height` in pixels, mapped to the size they equal today."""
    dims = {"$width": 1280, "$height": 720}
    for key, d in box.items():
        m = re.fullmatch(r"\s*(\d+)\s*(?:px)?\s*", str(d.value))
        if not m:
            raise DeckError(
                f"legacy `{key}: {d.value}` cannot be mapped to a slide size",
                path,
                d.line,
                hint="replace it with `size: 16:9` or `size: 4:3`",
            )
        dims[key] = int(m.group(1))
    for name, (w, h) in SIZES.items():
        if (dims["$width"], dims["$height"]) == (w, h):
            return name
    last = max(box.values(), key=lambda d: d.line)
    raise DeckError(
        f"legacy slide size {dims['$width']}x{dims['$height']} has no equivalent",
        path,
        last.line,
        hint="replace `$width`/`$height` with `size: 16:9` (1280x720) or `size: 4:3` (960x720)",
    )
