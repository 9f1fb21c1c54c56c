"""Rendering slides against hand-made snippet results (no execution)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from lecture_tool.decks.deck import parse_deck
from lecture_tool.decks.references import parse_fence_info
from lecture_tool.decks.runs import pycon_statements
from lecture_tool.errors import BrokenReference, SnippetFailed
from lecture_tool.running.results import CellResult, ErrorInfo, Figure, SnippetResult
from lecture_tool.running.snippet import parse_snippet
from lecture_tool.writing.outputs import DeckOutputs, SnippetTable
from lecture_tool.writing.render import render_deck
from lecture_tool.writing.themes import Theme

THEME = Theme(name="default", css="")


@pytest.fixture
def outputs(tmp_path: Path) -> SnippetTable:
    snippets = tmp_path / "snippets"
    (snippets / "d").mkdir(parents=True)
    path = snippets / "d" / "s.py"
    path.write_text("# %% a\nx = 1\ny = 2\nprint(x + y)\n# %% fig\nplot()\n")
    png, svg = tmp_path / "f.png", tmp_path / "f.svg"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    svg.write_text("<svg xmlns='x'/>")
    result = SnippetResult(
        snippet=path,
        status="passed",
        cells=(
            CellResult("a", "passed", stdout="3 <b>\n"),
            CellResult("fig", "passed", figures=(Figure(png=png, svg=svg),)),
        ),
    )
    return SnippetTable(
        snippets_dir=snippets,
        snippets={path: parse_snippet(path.read_text(), path)},
        results={path: result},
    )


def _render(text: str, table: SnippetTable, **options):
    deck = parse_deck(text, table.snippets_dir.parent / "slides" / "deck.md")
    return render_deck(deck, THEME, DeckOutputs(deck.path, table), **options)


def test_code_and_output_references(outputs):
    deck, problems = _render(
        '```python {file="d/s.py" cell="a" lines="2-3"}\n```\n\n'
        '```output {file="d/s.py" cell="a"}\n```\n',
        outputs,
    )
    html = deck.slides[0].html
    assert problems == []
    assert '<pre class="lt-code" data-lt-cell="d/s.py#a"><code class="language-python">' in html
    code = re.sub(r"<[^>]+>", "", html.split('<pre class="lt-output"')[0])
    assert code == "y = 2\nprint(x + y)\n\n"  # the block, then the newline after </pre>
    # The handles by which serve's live code finds a cell's blocks (commands/live.py).
    assert '<pre class="lt-output" data-lt-out="d/s.py#a"><code>3 &lt;b&gt;\n</code></pre>' in html


def test_background_split_and_inline_image_keywords(outputs):
    deck, _ = _render(
        "![bg right:40% contain](figure:d/s.py#fig)\n\n# Title\n\n"
        "![w:300 h:20%](figure:d/s.py#fig/1)\n",
        outputs,
    )
    slide = deck.slides[0]
    assert len(slide.backgrounds) == 1
    assert slide.backgrounds[0].src.startswith("data:image/svg+xml;base64,")
    assert slide.backgrounds[0].size == "contain"
    assert (slide.split, slide.split_size) == ("right", "40%")
    assert "<p></p>" not in slide.html
    assert 'style="width:300px;height:20%"' in slide.html


def test_directives_notes_and_fitted_heading(outputs):
    deck, _ = _render(
        "---\nmarp: true\npaginate: true\nheader: '**Course**'\nbackgroundColor: '#fff'\n---\n\n"
        "# <!-- fit --> Big\n\n<!-- _class: lead -->\n<!-- say hello -->\n\n---\n\n## Two\n",
        outputs,
    )
    first, second = deck.slides
    assert first.html.startswith('<h1 id="big" data-fit')
    assert (first.css_class, second.css_class) == ("lead", "")
    assert first.notes == ("say hello",) and "say hello" not in first.html
    assert first.header_html == "<strong>Course</strong>"
    assert first.paginate and second.paginate
    assert first.style == (("background-color", "#fff"), ("background-image", "none"))


def test_math_inline_and_display(outputs):
    deck, _ = _render("Inline $x^2$ and\n\n$$\\frac{a}{b}$$\n", outputs)
    html = deck.slides[0].html
    inline, display = html.split('<math display="block"')
    assert inline.startswith("<p>Inline <math") and "<msup>" in inline
    assert "<mfrac>" in display


def test_failed_snippet_raises_snippet_failed_or_boxes_with_keep_going(outputs):
    path = next(iter(outputs.results))
    error = ErrorInfo("ValueError", "nope", 3, "Traceback…\nValueError: nope\n")
    failed = SnippetResult(
        snippet=path,
        status="failed",
        reason="cell 'a' failed",
        cells=(CellResult("a", "failed", error=error), CellResult("fig", "not-run")),
    )
    broken = SnippetTable(outputs.snippets_dir, outputs.snippets, results={path: failed})
    text = '# T\n\n```output {file="d/s.py" cell="a"}\n```\n'
    with pytest.raises(
        SnippetFailed,
        match=r"deck.md:3: snippet d/s.py failed in cell 'a': "
        r"ValueError: nope \(line 3\)",
    ):
        _render(text, broken)
    deck, problems = _render(text, broken, keep_going=True)
    assert len(problems) == 1 and deck.slides[0].html.count('class="lt-error"') == 1


@pytest.mark.parametrize(
    "reason",
    [
        "requires CUDA, but the device is cpu",
        "--device cuda was asked for, but CUDA is not available",
    ],
)
def test_a_cuda_snippet_skipped_here_says_where_its_numbers_come_from(outputs, reason):
    path = next(iter(outputs.results))
    skipped = SnippetTable(
        outputs.snippets_dir,
        outputs.snippets,
        results={path: SnippetResult(snippet=path, status="skipped", reason=reason)},
    )
    deck, problems = _render('```output {file="d/s.py" cell="a"}\n```\n', skipped)
    assert problems == []
    assert deck.slides[0].html == (
        '<div class="lt-skipped" role="note">Measured on a GPU — build with '
        "<code>--device cuda</code> to see these numbers</div>\n"
    )
    # A student's deck says what to do, not how decks are built.
    page = parse_deck(
        '```output {file="d/s.py" cell="a"}\n```\n',
        outputs.snippets_dir.parent / "slides" / "deck.md",
    )
    student, _ = render_deck(page, THEME, DeckOutputs(page.path, skipped, student=True))
    assert student.slides[0].html == (
        '<div class="lt-skipped" role="note">Runs on a GPU — run this cell on a machine with '
        "one to see its output</div>\n"
    )


def test_a_snippet_skipped_for_a_missing_package_names_it(outputs):
    path = next(iter(outputs.results))
    reason = "requires the module 'sklearn', which is not installed"
    skipped = SnippetTable(
        outputs.snippets_dir,
        outputs.snippets,
        results={path: SnippetResult(snippet=path, status="skipped", reason=reason)},
    )
    deck, _ = _render('```output {file="d/s.py" cell="a"}\n```\n', skipped)
    assert deck.slides[0].html == (
        '<div class="lt-skipped" role="note">Needs the <code>sklearn</code> package — '
        "install it to see this output</div>\n"
    )


def test_slides_showing_a_standin_snippets_output_or_figure_are_marked(outputs):
    path = next(iter(outputs.results))
    standin = SnippetTable(
        outputs.snippets_dir,
        outputs.snippets,
        results={path: replace(outputs.results[path], standin=True)},
    )
    text = (
        '```python {file="d/s.py" cell="a"}\n```\n\n---\n\n'
        '```output {file="d/s.py" cell="a"}\n```\n\n---\n\n'
        "![bg right](figure:d/s.py#fig)\n"
    )
    deck, _ = _render(text, standin)
    assert [slide.standin for slide in deck.slides] == [False, True, True]
    real, _ = _render(text, outputs)
    assert [slide.standin for slide in real.slides] == [False, False, False]


def test_run_blocks_need_results(outputs):
    with pytest.raises(BrokenReference, match=r"deck.md:1: \{run\} block was not run"):
        _render("```python {run}\nprint(1)\n```\n", outputs)


def test_fence_info_attributes():
    assert parse_fence_info("python {file=\"a b.py\" cell=x lines='2-3'}") == (
        "python",
        {"file": "a b.py", "cell": "x", "lines": "2-3"},
    )
    assert parse_fence_info("pycon {run}") == ("pycon", {"run": True})
    assert parse_fence_info("python") == ("python", {})


def test_pycon_statements_skip_old_output():
    transcript = ">>> x = 1\n>>> for i in range(2):\n...     print(i)\n0\n1\n>>> x\n1\n"
    assert pycon_statements(transcript) == [
        (0, "x = 1"),
        (1, "for i in range(2):\n    print(i)"),
        (5, "x"),
    ]


def _logo(outputs: SnippetTable) -> Path:
    images = outputs.snippets_dir.parent / "slides" / "img"
    images.mkdir(parents=True, exist_ok=True)
    (images / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    return images / "logo.png"


def test_header_and_footer_render_markdown_with_images_inherited_and_spot(outputs):
    _logo(outputs)
    deck, problems = _render(
        "---\nmarp: true\nfooter: '![h:24](img/logo.png) **Course** :rocket:'\n---\n\n# One\n\n"
        "---\n\n<!-- _footer: 'Only *here*' -->\n# Two\n\n---\n\n# Three\n",
        outputs,
    )
    logo = "data:image/png;base64,iVBORw0KGgpsb2dv"
    inherited = f'<img src="{logo}" alt="" style="height:24px"> <strong>Course</strong> 🚀'
    assert problems == []
    assert [s.footer_html for s in deck.slides] == [inherited, "Only <em>here</em>", inherited]


def test_header_image_is_a_reference_on_the_first_slide_showing_it(outputs):
    logo = _logo(outputs)
    deck = parse_deck(
        "---\nheader: '![w:30](img/logo.png)'\n---\n\n# One\n\n---\n\n# Two\n",
        outputs.snippets_dir.parent / "slides" / "deck.md",
    )
    first, second = deck.slides
    assert [(r.kind, r.line, r.file, r.span) for r in first.references] == [
        ("image", 2, logo, (1, 2))
    ]
    assert second.references == ()
    assert second.header_tokens is first.header_tokens


def test_missing_header_image_names_the_directive_line(outputs):
    with pytest.raises(BrokenReference, match=r"deck\.md:4: image not found: img/none\.png"):
        _render("---\nmarp: true\n\nheader: '![](img/none.png) Unit'\n---\n\n# One\n", outputs)
    deck, problems = _render(
        "---\nheader: '![](img/none.png) Unit'\n---\n\n# One\n", outputs, keep_going=True
    )
    assert [str(p).split("slides/")[1] for p in problems] == [
        "deck.md:2: image not found: img/none.png"
    ]
    assert deck.slides[0].header_html.startswith('<img src="data:image/svg+xml;base64,')


SCOPED = """\
# One

---

<style scoped>
h1 { color: rgb(255, 0, 0); }
section { background-color: rgb(0, 0, 255); }
</style>

# Two

---

<style>
h1 { letter-spacing: 3px; }
</style>

# Three
"""


def test_a_scoped_style_is_scoped_to_its_slide_and_a_plain_one_is_not(outputs):
    deck, problems = _render(SCOPED, outputs)
    assert problems == []
    one, two, three = (slide.html for slide in deck.slides)
    assert "<style" not in one
    assert '<style>@scope (section[data-slide="2"]) {\nh1 { color: rgb(255, 0, 0); }' in two
    assert "<style>\nh1 { letter-spacing: 3px; }\n</style>" in three


@pytest.mark.browser
def test_a_scoped_style_applies_to_its_own_slide_only(outputs, page, tmp_path):
    from lecture_tool.writing.html import render_html

    deck, _ = _render(SCOPED, outputs)
    path = tmp_path / "deck.html"
    path.write_text(render_html(deck))
    page.goto(path.as_uri())
    looks = page.evaluate(
        "() => [...document.querySelectorAll('#lt-deck > section')].map(s => {"
        " const h1 = getComputedStyle(s.querySelector('h1'));"
        " return [h1.color, getComputedStyle(s).backgroundColor, h1.letterSpacing]; })"
    )
    red, blue = "rgb(255, 0, 0)", "rgb(0, 0, 255)"
    assert [look[2] for look in looks] == ["3px"] * 3  # a plain <style> is the deck's
    assert [look[0] == red for look in looks] == [False, True, False]
    assert [look[1] == blue for look in looks] == [False, True, False]


RAW_IMAGES = (
    '# Raw\n\n<div>\n<img src="img/dot.png" width="40">\n</div>\n\n'
    'Inline <img src=\'img/dot.png\' alt="x"> and <img src="https://example.com/a.png">\n'
)


def test_a_raw_html_image_is_a_reference_inlined_like_a_markdown_one(outputs, tmp_path):
    import base64

    (tmp_path / "slides" / "img").mkdir(parents=True)
    png = b"\x89PNG\r\n\x1a\n"
    (tmp_path / "slides" / "img" / "dot.png").write_bytes(png)
    parsed = parse_deck(RAW_IMAGES, tmp_path / "slides" / "deck.md")
    assert [(r.kind, r.line, r.src) for r in parsed.references] == [
        ("image", 4, "img/dot.png"),
        ("image", 7, "img/dot.png"),
    ]
    deck, problems = _render(RAW_IMAGES, outputs)
    html = deck.slides[0].html
    assert problems == []
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    assert html.count(f'<img src="{uri}"') == 2
    assert f'<img src="{uri}" width="40">' in html
    assert '<img src="https://example.com/a.png">' in html


def test_a_missing_raw_html_image_names_its_line(outputs):
    with pytest.raises(BrokenReference, match=r"deck\.md:4: image not found: img/dot\.png"):
        _render(RAW_IMAGES, outputs)
    deck, problems = _render(RAW_IMAGES, outputs, keep_going=True)
    assert [str(p).split("slides/")[1] for p in problems] == [
        "deck.md:4: image not found: img/dot.png",
        "deck.md:7: image not found: img/dot.png",
    ]
    assert deck.slides[0].html.count('<img src="data:image/svg+xml;base64,') == 2
