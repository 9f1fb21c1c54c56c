"""Pages of a PDF as small greyscale images, and how far two such pages are apart.

What the Marp corpus test compares once the structure agrees: a page rasterised small
(PAGE_WIDTH px wide, greyscale, by poppler's `pdftoppm`) keeps the layout (where the text
blocks are, how large, how many lines, the background) and loses what differs between two
correct renderings of the same page (font hinting, anti-aliasing, a glyph's exact shape).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

PAGE_WIDTH = 160
"""Pixels across a rasterised page: a line of body text is ~2 px high, a heading ~5 px."""


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def page_images(pdf: Path) -> list[np.ndarray]:
    """Each page of `pdf`, PAGE_WIDTH px wide, as greyscale values 0–1 (height by aspect)."""
    with tempfile.TemporaryDirectory(prefix="lt-pages-") as out:
        subprocess.run(
            [pdftoppm(), "-gray", "-png", "-scale-to-x", str(PAGE_WIDTH), "-scale-to-y", "-1",
             str(pdf), f"{out}/page"],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
        pages = sorted(Path(out).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [np.asarray(Image.open(p).convert("L"), dtype=np.float32) / 255 for p in pages]


TILES = 4
"""The page is cut into TILES × TILES tiles; a page's difference is its worst tile's."""
CELL = 4
"""Pixels are compared as the mean grey of CELL × CELL cells (a glyph's sub-pixel position
moves ink within a cell, a wrapped line or a missing box changes the cell)."""


def page_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Mean absolute grey difference of two pages (0 same … 1 opposite) in the tile where
    it is largest; 1.0 when their sizes differ (a 4:3 page against a 16:9 one is a
    different page whatever it shows).

    Per tile, not over the whole page: a wrapped code line or a missing box is a large
    difference in one place, which a whole-page mean would dilute below font hinting's
    small differences spread over every line."""
    if ours.shape != theirs.shape:
        return 1.0
    difference = np.abs(_cells(ours) - _cells(theirs))
    rows = np.array_split(difference, TILES, axis=0)
    return max(float(tile.mean()) for row in rows for tile in np.array_split(row, TILES, axis=1))


def _cells(page: np.ndarray) -> np.ndarray:
    height, width = (page.shape[0] // CELL) * CELL, (page.shape[1] // CELL) * CELL
    grid = page[:height, :width].reshape(height // CELL, CELL, width // CELL, CELL)
    return grid.mean(axis=(1, 3))


def mean_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Mean absolute grey difference over the whole page (1.0 when the sizes differ)."""
    return 1.0 if ours.shape != theirs.shape else float(np.mean(np.abs(ours - theirs)))


def side_by_side(ours: np.ndarray, theirs: np.ndarray, path: Path) -> None:
    """Ours | theirs | difference, as one PNG (for a human looking at a failure)."""
    height = max(ours.shape[0], theirs.shape[0])

    def pad(a: np.ndarray) -> np.ndarray:
        return np.pad(a, ((0, height - a.shape[0]), (0, 0)), constant_values=1)

    a, b = pad(ours), pad(theirs)
    diff = 1 - np.abs(a - b) if a.shape == b.shape else np.zeros_like(a)
    strip = np.concatenate([a, np.ones((height, 4)), b, np.ones((height, 4)), diff], axis=1)
    Image.fromarray((strip * 255).astype(np.uint8)).save(path)
