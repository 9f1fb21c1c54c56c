"""PDF metadata added after Chromium prints: an incremental update any reader follows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lecture_tool.errors import PdfError
from lecture_tool.writing.pdf_metadata import PdfMetadata, add_pdf_metadata, deck_metadata


def _tiny_pdf(path: Path) -> None:
    """A one-page PDF with a classic xref table and an information dictionary (as Skia's)."""
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 96 54]>>",
        b"<</Creator (Chromium) /Title (Old title)>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size 5 /Root 1 0 R /Info 4 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(out)


def _info(path: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler's pdfinfo")
def test_metadata_is_added_and_the_old_entries_are_kept(tmp_path):
    pdf = tmp_path / "deck.pdf"
    _tiny_pdf(pdf)
    before = pdf.read_bytes()
    add_pdf_metadata(pdf, deck_metadata("Tensors", "A. Lecturer", "Día 1 — 张量", "ml, torch"))
    after = pdf.read_bytes()
    assert after.startswith(before)  # an incremental update: Chromium's bytes are untouched
    info = {key: value.strip() for key, value in _info(pdf).items()}
    assert info["Title"] == "Tensors"
    assert info["Author"] == "A. Lecturer"
    assert info["Subject"] == "Día 1 — 张量"
    assert info["Keywords"] == "ml; torch"
    assert info["Creator"] == "Chromium"
    assert info["Pages"] == "1"


def test_nothing_to_add_leaves_the_file_alone(tmp_path):
    pdf = tmp_path / "deck.pdf"
    _tiny_pdf(pdf)
    before = pdf.read_bytes()
    add_pdf_metadata(pdf, PdfMetadata())
    assert pdf.read_bytes() == before


def test_a_pdf_without_a_trailer_is_refused_by_name(tmp_path):
    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(PdfError, match="no classic trailer"):
        add_pdf_metadata(pdf, PdfMetadata(title="x"))
    assert pdf.read_bytes() == b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
