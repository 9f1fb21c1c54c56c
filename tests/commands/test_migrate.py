"""`lecture-tool migrate`: a legacy deck rewritten in today's syntax parses to the same slides."""

from __future__ import annotations

import shutil
from pathlib import Path

from lecture_tool.commands.cli import main
from lecture_tool.commands.migrate import migrate_text
from lecture_tool.decks.deck import parse_deck

LEGACY = Path(__file__).parents[1] / "data" / "decks" / "legacy.md"


def test_migrated_legacy_deck_has_the_same_slides_and_no_legacy_syntax():
    legacy = parse_deck(LEGACY.read_text(), LEGACY)
    migrated_text = migrate_text(LEGACY.read_text(), LEGACY)
    migrated = parse_deck(migrated_text, LEGACY)
    assert len(legacy.legacy) == 8 and migrated.legacy == ()
    assert len(migrated.slides) == len(legacy.slides) == 3
    assert [s.settings for s in migrated.slides] == [s.settings for s in legacy.slides]
    assert [s.settings.css_class for s in migrated.slides] == [None, "invert", "gaia"]
    assert [s.settings.footer for s in migrated.slides] == [None, None, "Old footer"]
    assert [s.settings.paginate for s in migrated.slides] == [True, False, True]
    assert [s.notes for s in migrated.slides] == [(), (), ("Say this part slowly.",)]
    assert (migrated.settings.theme, migrated.settings.size) == ("gaia", "4:3")
    assert migrated_text.startswith(
        "---\nmarp: true\ntheme: gaia\nsize: 4:3\n---\n\n<!-- paginate: true -->\n"
    )
    assert "![](images/diagram.png)" in migrated_text
    assert (
        "<!-- _class: invert -->" in migrated_text
        and "<!-- _footer: Old footer -->" in migrated_text
    )


def test_directives_inside_code_and_modern_decks_are_left_alone():
    text = "---\nmarp: true\ntheme: default\n---\n\n# A\n\n```markdown\n<!-- $theme: gaia -->\n![center](x.png)\n```\n\n<!-- footer: Part 1: tensors -->\n"
    assert migrate_text(text, Path("modern.md")) == text


def test_cli_prints_by_default_and_in_place_keeps_a_backup(tmp_path, capsys):
    deck = tmp_path / "legacy.md"
    shutil.copyfile(LEGACY, deck)
    assert main(["migrate", str(deck)]) == 0
    printed = capsys.readouterr().out
    assert printed == migrate_text(LEGACY.read_text(), LEGACY)
    assert deck.read_text() == LEGACY.read_text()
    assert main(["migrate", str(deck), "--in-place"]) == 0
    assert capsys.readouterr().out == f"migrated {deck} (the original is {deck}.bak)\n"
    assert deck.read_text() == printed
    assert (tmp_path / "legacy.md.bak").read_text() == LEGACY.read_text()


def test_missing_deck_is_a_usage_error(tmp_path, capsys):
    assert main(["migrate", str(tmp_path / "nope.md")]) == 2
    assert (
        capsys.readouterr().err
        == f"error: deck not found: {tmp_path / 'nope.md'} — give a path to a .md file\n"
    )
