"""Text capture helpers: terminal-like `\\r` handling and truncation."""

from lecture_tool.running.capture import collapse_carriage_returns, truncate_output


def test_carriage_return_overwrites_from_line_start():
    assert collapse_carriage_returns("10%\r20%\r100%\ndone\n") == "100%\ndone\n"
    assert collapse_carriage_returns("abcdef\rXY") == "XYcdef"
    assert collapse_carriage_returns("windows\r\nline") == "windows\nline"


def test_text_without_carriage_returns_is_unchanged():
    assert collapse_carriage_returns("a\nb\n") == "a\nb\n"


def test_truncation_keeps_short_text_and_notes_what_it_cut():
    assert truncate_output("a\nb\n", max_lines=5) == "a\nb\n"
    assert (
        truncate_output("1\n2\n3\n4\n", max_lines=2) == "1\n2\n… [output truncated: 2 more lines]\n"
    )
    assert truncate_output("x" * 50 + "\nshort\n", max_chars=20) == (
        "… [output truncated: 2 more lines]\n"
    )
