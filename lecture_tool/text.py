"""Reading the user's files as text: UTF-8, a byte-order mark accepted, bad bytes a clean error."""

from __future__ import annotations

import codecs
from pathlib import Path

from lecture_tool.errors import EncodingError, LectureError

HINT = "save the file as UTF-8 (most editors: 'Save with Encoding' → UTF-8)"


def decode_text(data: bytes, path: Path | str, error: type[LectureError] = EncodingError) -> str:
    """`data` decoded as UTF-8 (a leading BOM dropped); `error` naming the byte if it is not.

    Editors on Windows save UTF-8 with a BOM; left in, it would hide a deck's front matter.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        skipped = len(codecs.BOM_UTF8)
    else:
        skipped = 0
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {offset}",
            path,
            line,
            hint=HINT,
        ) from None


def read_source(path: Path, error: type[LectureError] = EncodingError) -> str:
    """The text of a deck or snippet file (OSError is left to the caller)."""
    return decode_text(Path(path).read_bytes(), path, error)


def check_argument(value: str, what: str) -> str:
    """A command-line argument that Python decoded with surrogate escapes is not UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        from lecture_tool.errors import UsageError

        raw = value.encode("utf-8", "surrogateescape")
        shown = raw.decode("utf-8", "backslashreplace")
        offset = len(value[: exc.start].encode("utf-8", "surrogateescape"))
        raise UsageError(
            f"{what} '{shown}' is not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset})",
            hint="rename the file, or pass the argument as UTF-8",
        ) from None
    return value
