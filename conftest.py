"""Session start: MNIST and FashionMNIST in the project's data dir, as offline fixtures if absent.

Snippets load them with the real `torchvision.datasets.MNIST("data", download=True)`; the
IDX files written here make that call find the data and download nothing.
"""

from __future__ import annotations

from pathlib import Path

from lecture_tool.config import load_project
from tests.fixtures.datasets import ensure_datasets


def pytest_sessionstart(session) -> None:
    ensure_datasets(load_project(Path(__file__).parent).data)
