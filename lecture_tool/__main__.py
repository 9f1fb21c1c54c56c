"""`python -m lecture_tool` is the `lecture-tool` command."""

from lecture_tool.commands.cli import run

run()
