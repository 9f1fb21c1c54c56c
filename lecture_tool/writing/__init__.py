"""Writing outputs: a parsed deck plus its snippet results → HTML, PDF, Marp, notebook, handout.

Owns the markdown-it render rules (listings, images, math, author CSS), the typed
`RenderedDeck`, themes and the templates, fonts and the math font subset, Chromium (PDF,
layout measuring), the expanded Marp file, notebooks and handouts, and `outputs`: what each
reference shows once the results are in.

May import: the shared ground, the typed values `decks` makes (`Deck`, `Slide`, references)
and those `running` makes (`Snippet`, `SnippetResult`). Never `commands` or the build flow.
"""
