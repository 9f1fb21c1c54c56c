"""A printed deck's PDF metadata, as marp-cli writes it: title, author, subject (the deck's
`description`) and keywords in the PDF's document information.

Chromium writes the title (from `<title>`), the language (`<html lang>`), the tags and the
outline, but not the other fields; they are added here by an incremental update — a new
information dictionary appended after the PDF as Chromium wrote it, with its own
cross-reference section and trailer (PDF 1.7, 7.5.6) — so no byte Chromium wrote changes
and no PDF library is needed.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lecture_tool.errors import PdfError

PRODUCER = "lecture_tool"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_REF = rb"(\d+)\s+(\d+)\s+R"


@dataclass(frozen=True)
class PdfMetadata:
    """What marp-cli puts in a PDF's document information (None: not set)."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()

    def fields(self) -> dict[str, str]:
        """PDF information keys → values, the set ones only."""
        found = {"Title": self.title, "Author": self.author, "Subject": self.subject}
        found["Keywords"] = "; ".join(self.keywords) or None  # marp-cli's separator
        return {key: value for key, value in found.items() if value}


def deck_metadata(title: str, author: str | None, description: str | None, keywords) -> PdfMetadata:
    """The metadata of a deck from its directives (`keywords` as a list or `a, b` text)."""
    if isinstance(keywords, str):
        keywords = [word.strip() for word in keywords.split(",")]
    return PdfMetadata(title, author, description, tuple(k for k in keywords or () if k))


def add_pdf_metadata(pdf_path: Path, metadata: PdfMetadata) -> None:
    """Give the PDF at `pdf_path` `metadata` (replacing the file whole, or not at all)."""
    fields = metadata.fields()
    if not fields:
        return
    data = pdf_path.read_bytes()
    updated = data + _information_update(data, fields, pdf_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{pdf_path.stem}-", suffix=".pdf.tmp", dir=pdf_path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(updated)
        os.chmod(tmp, pdf_path.stat().st_mode & 0o777)
        os.replace(tmp, pdf_path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _information_update(data: bytes, fields: dict[str, str], path: Path) -> bytes:
    """The bytes to append: a new information dictionary, keeping the old one's other
    entries (Creator, dates), its xref section and a trailer pointing back (`/Prev`)."""
    end = _STARTXREF.search(data[-1024:])
    trailers = _TRAILER.findall(data)
    if end is None or not trailers:
        raise PdfError(
            "cannot add metadata: the PDF has no classic trailer",
            path,
            hint="print with Chromium (its PDFs have one)",
        )
    trailer = trailers[-1]
    size = int(re.search(rb"/Size\s+(\d+)", trailer)[1])
    root = re.search(rb"/Root\s+" + _REF, trailer)
    entries = dict(_old_information(data, trailer))
    entries.update({key: _pdf_text(value) for key, value in fields.items()})
    entries["Producer"] = _pdf_text(PRODUCER)
    body = b"".join(b"/" + key.encode() + b" " + value + b"\n" for key, value in entries.items())
    offset = len(data) + 1
    update = b"\n%d 0 obj\n<<\n%s>>\nendobj\n" % (size, body)
    xref = len(data) + len(update)
    update += b"xref\n%d 1\n%010d 00000 n \n" % (size, offset)
    update += b"trailer\n<</Size %d /Root %s %s R /Info %d 0 R /Prev %d>>\n" % (
        size + 1, root[1], root[2], size, int(end[1])
    )  # fmt: skip
    return update + b"startxref\n%d\n%%%%EOF\n" % xref


def _old_information(data: bytes, trailer: bytes) -> list[tuple[str, bytes]]:
    """The entries of the information dictionary the trailer names (literal or hex strings)."""
    info = re.search(rb"/Info\s+" + _REF, trailer)
    if info is None:
        return []
    found = re.search(
        rb"(?<!\d)%s\s+%s\s+obj\s*<<(.*?)>>\s*endobj" % (info[1], info[2]), data, re.S
    )
    if found is None:
        return []
    pairs = re.findall(rb"/(\w+)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", found[1], re.S)
    return [(key.decode(), value) for key, value in pairs]


def _pdf_text(text: str) -> bytes:
    """A PDF text string any script can be written in: UTF-16BE with its mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
