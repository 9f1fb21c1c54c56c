"""Theme and author CSS as Marpit rewrites it, and `url()`s inlined from beside the deck."""

from __future__ import annotations

from pathlib import Path

from lecture_tool.writing.css_urls import inline_css_urls
from lecture_tool.writing.marpit_css import as_marpit

ROOT = r":where(section):not([\20 root])"
REM = "calc(var(--marpit-root-font-size, 1rem) * {})"


def test_a_rule_without_selector_styles_the_slide():
    assert as_marpit("{ background: yellow; }") == "section { background: yellow; }"


def test_root_is_the_slide_with_more_weight_than_section():
    assert as_marpit(":root { color: red }") == f"{ROOT} {{ color: red }}"
    assert as_marpit("a, :root h1 { x: y }") == f"a, {ROOT} h1 {{ x: y }}"


def test_rem_reads_the_slides_root_font_size():
    css = as_marpit("section { font-size: 30px; padding: 2rem }")
    assert css == (
        f"section {{ font-size: 30px; padding: {REM.format(2)} }}\n"
        "section { --marpit-root-font-size: 30px; }"
    )
    # Not inside strings, url(), attr() or var().
    assert as_marpit('p { content: "1rem"; margin: .5rem }') == (
        f'p {{ content: "1rem"; margin: {REM.format(".5")} }}'
    )


def test_section_after_keeps_only_a_content_that_shows_the_page_number():
    assert as_marpit("section::after { content: 'x'; color: red }") == (
        "section::after {  color: red }"
    )
    kept = "section.a::after { content: attr(data-marpit-pagination) ' / 9' }"
    assert as_marpit(kept) == kept
    assert as_marpit("h1::after { content: 'x' }") == "h1::after { content: 'x' }"


def test_rules_inside_media_are_rewritten_and_keyframes_are_not():
    assert as_marpit("@media print { { color: red } }") == "@media print { section { color: red } }"
    keyframes = "@keyframes k { from { top: 1rem } to { top: 0 } }"
    assert as_marpit(keyframes) == keyframes


def _png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    return path


def test_local_urls_are_resolved_beside_the_deck_then_the_theme_folder(tmp_path):
    deck_dir, theme_dir = tmp_path / "slides", tmp_path / "slides" / "themes"
    _png(deck_dir / "bg" / "a.png")
    _png(theme_dir / "b.png")
    seen = []

    def resolve(file: Path, written: str) -> str | None:
        seen.append((file, written))
        return f"data:{file.name}" if file.is_file() else None

    css = (
        "a { background: url('bg/a.png') } b { background: url(b.png) } "
        'c { background: url("https://x.org/c.png"), url(data:image/png;base64,AA==) } '
        "d { background: url(missing.png) }"
    )
    out = inline_css_urls(css, deck_dir, resolve, also=theme_dir)
    assert out == (
        'a { background: url("data:a.png") } b { background: url("data:b.png") } '
        'c { background: url("https://x.org/c.png"), url(data:image/png;base64,AA==) } '
        "d { background: url(missing.png) }"
    )
    assert seen[-1] == ((deck_dir / "missing.png").resolve(), "missing.png")
