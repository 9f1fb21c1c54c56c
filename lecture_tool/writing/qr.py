"""QR codes of a deck's student links, drawn at build time as inline SVG (no script, no
network: the presenter's `q` works from a file:// deck in a room without Wi-Fi)."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import NamedTuple

from lecture_tool.writing.rendered import RenderedDeck


class StudentLink(NamedTuple):
    label: str
    url: str
    svg: str
    """`<svg>` markup of the URL's QR code."""


def student_links(deck: RenderedDeck) -> tuple[StudentLink, ...]:
    """The deck's published page and its notebook, where the project configures them."""
    links = []
    if deck.published_url:
        links.append(StudentLink("These slides", deck.published_url, qr_svg(deck.published_url)))
    if deck.colab_url:
        links.append(StudentLink("The notebook", deck.colab_url, qr_svg(deck.colab_url)))
    return tuple(links)


@lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """`url` as a QR code in SVG (error correction M: still reads from the back row when a
    projector blurs it a little)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, scale=1, border=4, omitsize=True,
              dark="#000", light="#fff", svgclass="lt-qr-code", lineclass=None)  # fmt: skip
    return out.getvalue().decode("ascii").strip()
