"""`$$ … $$` display math as a block, read the way marp-core reads it.

marp-core's block rule (read in marp-core `src/math/math.ts`; written here anew) differs from
mdit-py-plugins' `dollarmath` block in what real decks depend on:

- it may interrupt a paragraph, a list or a blockquote: `Some text` / `$$x^2$$` / `---` is a
  paragraph, a formula and a ruler (with dollarmath, the formula stayed in the paragraph
  and `---` underlined it into a setext heading, merging two slides);
- it starts at any line beginning with `$$` and ends at the first line (that one included)
  whose trimmed text ends with `$$`, or at a line indented less than the block, or at the
  end of the document; blank lines inside do not end it;
- there are no `(label)` suffixes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

MARKER = "$$"


def math_block_plugin(md: MarkdownIt) -> None:
    """Replace dollarmath's `math_block` rule (installed before this) with Marp's."""
    md.block.ruler.at(
        "math_block", _math_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def _math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # an indented code block's line, as for every block rule
    pos = state.bMarks[start] + state.tShift[start]
    line_end = state.eMarks[start]
    if not state.src.startswith(MARKER, pos) or pos + 2 > line_end:
        return False
    if silent:
        return True
    first = state.src[pos + 2 : line_end]
    closed = first.strip().endswith(MARKER)
    if closed:
        first = first.strip()[:-2]
    last = ""
    line = start
    while not closed:
        line += 1
        if line >= end:
            break
        begin = state.bMarks[line] + state.tShift[line]
        stop = state.eMarks[line]
        if begin < stop and state.tShift[line] < state.blkIndent:
            break
        if state.src[begin:stop].strip().endswith(MARKER):
            closed = True
            last = state.src[begin : state.src.rindex(MARKER, 0, stop)]
    state.line = line + 1
    content = f"{first}\n" if first.strip() else ""
    content += state.getLines(start + 1, line, state.tShift[start], True)
    if last.strip():
        content += last
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = content
    token.markup = MARKER
    token.map = [start, state.line]
    return True
