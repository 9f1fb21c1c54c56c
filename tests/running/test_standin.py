"""Issue 25: a snippet that read the offline stand-in datasets (a FIXTURE.txt beside them) is
marked in its result, through the cache too, and its slides carry a badge."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from lecture_tool.config import Project
from lecture_tool.running.cache import ResultCache, decode_result, encode_result
from lecture_tool.running.execute import Engine, Request
from lecture_tool.running.results import SnippetResult
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.html import render_html
from lecture_tool.writing.rendered import RenderedDeck, RenderedSlide
from tests.fixtures.datasets import write_idx_dataset


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("standin")
    (root / "snippets").mkdir()
    project = Project(root, root / "slides", root / "snippets", root / "data", root / "build")
    raw = write_idx_dataset(project.data, "MNIST", n_train=20, n_test=10)
    (raw / "FIXTURE.txt").write_text("synthetic\n")
    (project.data / "notes").mkdir()
    (project.data / "notes" / "real.txt").write_text("real data\n")
    with Engine(project, jobs=1) as engine:
        yield project, engine


def _run(engine, name: str, code: str) -> SnippetResult:
    project, engine = engine
    path = project.snippets / f"{name}.py"
    path.write_text(code)
    return engine.run(Request(parse_snippet(code, path), device="cpu"))


def test_reading_the_standin_mnist_through_torchvision_marks_the_result(engine):
    result = _run(
        engine,
        "mnist",
        "# %% load\nimport torchvision\nprint(len(torchvision.datasets.MNIST('data', train=False)))\n",
    )
    assert (result.status, result.cells[0].stdout, result.standin) == ("passed", "10\n", True)


def test_other_files_and_no_files_leave_it_unmarked(engine):
    reads = _run(engine, "notes", "# %% a\nprint(open('data/notes/real.txt').read(), end='')\n")
    assert (reads.cells[0].stdout, reads.standin) == ("real data\n", False)
    # Knowing the folder exists is not reading it.
    looks = _run(engine, "looks", "# %% a\nimport os\nprint(os.listdir('data/MNIST/raw')[:0])\n")
    assert (looks.status, looks.standin) == ("passed", False)


def test_the_mark_survives_the_cache_and_old_entries_read_as_real(tmp_path):
    result = SnippetResult(snippet=tmp_path / "s.py", status="passed", standin=True)
    cache = ResultCache(tmp_path / "cache")
    cache.store("k", result)
    assert cache.load("k").standin is True
    document = json.loads((tmp_path / "cache" / "k.json").read_text())
    del document["standin"]  # an entry written before the field existed
    assert decode_result(document).standin is False
    assert encode_result(result)["standin"] is True
    assert "standin" not in result.to_json()  # `run --json` keeps its contract fields


def test_the_badge_is_drawn_on_marked_slides_only():
    slides = (RenderedSlide(1, "<p>real</p>"), RenderedSlide(2, "<p>loss</p>", standin=True))
    html = render_html(RenderedDeck(title="t", theme="default", theme_css="", slides=slides))
    assert html.count('<div class="lt-standin" role="note">synthetic stand-in data</div>') == 1
    second = html.index('data-slide="2"')
    assert html.index('class="lt-standin"') > second


@pytest.mark.browser
def test_the_badge_is_drawn_in_the_slides_top_right_corner(page, make_deck, tmp_path):
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    deck = make_deck(2)
    slides = (deck.slides[0], replace(deck.slides[1], standin=True))
    path = tmp_path / "deck.html"
    path.write_text(render_html(replace(deck, slides=slides)))
    page.goto(path.as_uri() + "#2")
    badge = page.locator('section[data-slide="2"] .lt-standin')
    assert badge.inner_text() == "synthetic stand-in data"
    box = badge.bounding_box()
    slide = page.locator('section[data-slide="2"]').bounding_box()
    assert box["x"] > slide["x"] + slide["width"] / 2 and box["y"] < slide["y"] + 60
    assert box["x"] + box["width"] <= slide["x"] + slide["width"]
    # Drawn, not only present: the badge's own colour where it stands.
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(page.screenshot())).convert("RGB")
    assert image.getpixel((int(box["x"]) + 3, int(box["y"] + box["height"] / 2))) == (
        255,
        244,
        204,
    )
    page.goto(path.as_uri() + "#1")
    assert page.locator('section[data-slide="1"] .lt-standin').count() == 0
