"""lecture_tool: Marp decks whose code comes from snippets that run, are captured and tested."""

__version__ = "0.1.0"
