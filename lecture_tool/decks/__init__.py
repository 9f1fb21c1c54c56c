"""Reading decks: Marp Markdown → a `Deck` of slides, each with its settings and references.

Owns the markdown-it set-up Marp's way, front matter and directives (legacy Marp included),
image keywords, the raw-HTML allow-list, and what a deck references (snippet code, outputs,
figures, `{run}` blocks, local images). Nothing here runs code or writes outputs.

May import: the shared ground (`config`, `errors`, `files`, `text`) and the typed values of
`running.snippet` (a `{run}` block becomes snippet cells). Never `writing`, `commands` or
the build flow.
"""
