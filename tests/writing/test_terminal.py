"""Issue 14 item 6: captured ANSI colours become colours; control characters never reach a slide."""

from __future__ import annotations

from lecture_tool.writing.render import output_block
from lecture_tool.writing.terminal import to_html, to_plain, visible_controls

COLOURED = "\x1b[31mred\x1b[0m plain \x1b[1;32mbold\ngreen\x1b[0m <b>&\n\x1b[38;5;208mx\x1b[0m\n"


def test_sgr_colours_become_spans_of_escaped_text():
    assert to_html(COLOURED) == (
        '<span style="color:#800000">red</span> plain '
        '<span style="color:#008000;font-weight:bold">bold</span>\n'
        '<span style="color:#008000;font-weight:bold">green</span> &lt;b&gt;&amp;\n'
        '<span style="color:#ff8700">x</span>\n'
    )


def test_other_escape_sequences_are_dropped_and_controls_shown():
    text = "a\x00b\x1b[2Kc\x08d\x7f\te\n"
    # The decoder drops the erase-line sequence and the backspace; the rest becomes visible.
    assert to_plain(text) == "a␀bcd␡\te\n"
    assert to_html(text) == "a␀bcd␡\te\n"
    assert to_plain("a\x08b\x00") == "a␈b␀"
    assert visible_controls("\x00\x1b\r") == "␀␛␍"


def test_output_blocks_carry_no_raw_control_bytes():
    html = output_block("\x1b[1mhi\x1b[0m\x00<")
    assert html == (
        '<pre class="lt-output"><code><span style="font-weight:bold">hi</span>␀&lt;</code></pre>\n'
    )


def test_plain_output_is_left_as_it_was():
    assert to_html("tensor([1, 2])\n") == "tensor([1, 2])\n"
    assert to_plain("tensor([1, 2])\n") == "tensor([1, 2])\n"
