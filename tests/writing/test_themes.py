"""Themes: builtins, user `@theme` files, `@import` inlining, and the unknown-theme error."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture_tool.errors import DeckError
from lecture_tool.writing.themes import (
    BUILTIN_DIR,
    THEME_PYGMENTS_STYLE,
    Theme,
    available_themes,
    load_theme,
    theme_name,
)

REPO_THEMES = Path(__file__).resolve().parents[2] / "slides" / "themes"


@pytest.mark.parametrize("name", ["default", "gaia", "uncover"])
def test_builtin_themes_load_and_name_themselves(name):
    theme = load_theme(name, [])
    assert theme == Theme(name, (BUILTIN_DIR / f"{name}.css").read_text())
    assert theme.css.startswith(f"/* @theme {name} */")
    for selector in (
        "section.lead",
        "section.invert",
        "pre.lt-code",
        "pre.lt-output",
        "div.lt-error",
        "img.lt-center",
        "[data-fit]",
        'math[display="block"]',
        "blockquote",
        "table",
        "header",
        "footer",
    ):
        assert selector in theme.css, f"{name} does not style {selector}"


def test_user_theme_found_by_its_theme_comment_not_its_file_name(tmp_path):
    (tmp_path / "whatever.css").write_text("/*\n * @theme  lecture-blue\n * @author me\n */\nh1{}")
    (tmp_path / "not-a-theme.css").write_text("h1 { color: red }")
    themes = available_themes([tmp_path])
    assert themes["lecture-blue"] == tmp_path / "whatever.css"
    assert "not-a-theme" not in themes and "whatever" not in themes
    assert load_theme("lecture-blue", [tmp_path]).css.endswith("h1{}")


def test_import_of_builtin_is_inlined(tmp_path):
    (tmp_path / "mine.css").write_text('/* @theme mine */\n@import "gaia";\nh1 { color: red; }\n')
    css = load_theme("mine", [tmp_path]).css
    assert "@import" not in css
    assert css.index("/* @theme gaia */") < css.index("h1 { color: red; }")
    assert (BUILTIN_DIR / "gaia.css").read_text() in css


def test_imports_resolve_user_themes_recursively_and_quoted_either_way(tmp_path):
    (tmp_path / "base.css").write_text("/* @theme base */\n@import 'default';\n.base {}\n")
    (tmp_path / "top.css").write_text('/* @theme top */\n@import url("base");\n.top {}\n')
    css = load_theme("top", [tmp_path]).css
    assert "@import" not in css
    assert css.index("@theme default") < css.index(".base {}") < css.index(".top {}")


def test_user_theme_named_like_a_builtin_can_extend_it(tmp_path):
    (tmp_path / "default.css").write_text('/* @theme default */\n@import "default";\n.mine {}\n')
    css = load_theme("default", [tmp_path]).css
    assert css.count(".mine {}") == 1
    assert (BUILTIN_DIR / "default.css").read_text() in css


def test_import_cycle_is_an_error(tmp_path):
    (tmp_path / "a.css").write_text('/* @theme a */\n@import "b";\n')
    (tmp_path / "b.css").write_text('/* @theme b */\n@import "a";\n')
    with pytest.raises(DeckError, match="cycle: a.css → b.css → a.css"):
        load_theme("a", [tmp_path])


def test_import_of_unknown_theme_is_an_error(tmp_path):
    (tmp_path / "a.css").write_text('/* @theme a */\n@import "nope";\n')
    with pytest.raises(DeckError, match="@import of unknown theme 'nope'"):
        load_theme("a", [tmp_path])


def test_unknown_theme_lists_the_known_ones(tmp_path):
    (tmp_path / "x.css").write_text("/* @theme mine */")
    with pytest.raises(DeckError) as info:
        load_theme("gaya", [tmp_path])
    assert str(info.value).startswith(
        "unknown theme 'gaya' — known themes are default, gaia, mine, uncover;"
    )


def test_theme_name_reads_the_first_theme_comment():
    assert theme_name("/* a comment */ /* @theme x-1 */") == "x-1"
    assert theme_name("/*@theme tight*/") == "tight"
    assert theme_name("section { }") is None


def test_course_theme_builds_on_default():
    theme = load_theme("course", [REPO_THEMES])
    assert theme.css.startswith("/* @theme course */")
    assert (BUILTIN_DIR / "default.css").read_text() in theme.css
    assert "section.lead" in theme.css


def test_every_theme_has_a_pygments_style():
    from pygments.styles import get_style_by_name

    assert set(THEME_PYGMENTS_STYLE) == {"default", "gaia", "uncover", "course"}
    for style in THEME_PYGMENTS_STYLE.values():
        get_style_by_name(style)


@pytest.mark.parametrize("name", ["default", "gaia", "uncover"])
def test_generated_element_rules_sit_in_one_marked_block(name):
    css = (BUILTIN_DIR / f"{name}.css").read_text()
    start = "/* ==== lecture_tool's own elements"
    end = "/* ==== end of lecture_tool's own elements ==== */"
    assert css.count(start) == css.count(end) == 1
    block = css[css.index(start) : css.index(end)]
    outside = css.replace(block, "")
    for selector in ("pre.lt-output", "div.lt-error", "img.lt-center", "[data-fit]", "math["):
        assert selector in block and selector not in outside, selector


@pytest.mark.parametrize("name", ["default", "gaia", "uncover"])
def test_font_stacks_name_noto_for_other_scripts_and_emoji(name):
    css = (BUILTIN_DIR / f"{name}.css").read_text()
    for family in ('"Noto Sans"', '"Noto Sans CJK KR"', '"Noto Sans CJK JP"', '"Noto Sans CJK SC"'):
        assert family in css, family
    # Emoji after the Latin and CJK faces, before the generic family.
    assert css.index('"Noto Sans CJK SC"') < css.index('"Noto Color Emoji", sans-serif')


def _lang_of(tmp_path, front: str, pyproject: str) -> str:
    import re

    from lecture_tool.config import load_project
    from lecture_tool.pipeline import BuildOptions, build

    (tmp_path / "slides").mkdir()
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "slides" / "d.md").write_text(f"---\n{front}---\n\n# Hello\n")
    build(BuildOptions(targets=("html",)), project=load_project(tmp_path))
    page = (tmp_path / "build" / "html" / "d.html").read_text()
    return re.search(r'<html lang="([^"]*)"', page).group(1)


def test_html_lang_is_en_us_by_default(tmp_path):
    assert _lang_of(tmp_path, "marp: true\n", "[tool.lecture_tool]\n") == "en-US"


def test_html_lang_from_the_project(tmp_path):
    assert _lang_of(tmp_path, "marp: true\n", '[tool.lecture_tool]\nlang = "ko-KR"\n') == "ko-KR"


def test_html_lang_directive_wins_over_the_project(tmp_path):
    front = "marp: true\nlang: ja\n"
    assert _lang_of(tmp_path, front, '[tool.lecture_tool]\nlang = "ko-KR"\n') == "ja"
