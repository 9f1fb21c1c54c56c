"""Running snippets: snippet files → `SnippetResult`s, on a warm fork pool, Dask, or the cache.

Owns the snippet format, what a snippet imports, the engine and its pool protocol, the
worker that runs cells and captures their text and figures, the result cache, frozen
results, the runner that puts cache and engine behind one call, and what the machine offers
(torch version, CUDA). Nothing here parses slides or writes a deck.

May import: the shared ground (`config`, `errors`, `files`, `text`, `reaper`). Never `decks`,
`writing`, `commands` or the build flow.
"""
