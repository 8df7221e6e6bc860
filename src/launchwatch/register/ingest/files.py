"""Reading a report file: its encoding and its size, with one clear error for anything else.

A report file is text in **UTF-8** (with or without a byte-order mark) or in **UTF-16 or
UTF-32 with a byte-order mark** (what Windows editors save as "Unicode").  Anything else —
another encoding (Shift JIS, EUC-KR, Latin-1 with bytes above 0x7F), UTF-16 without a
byte-order mark, a binary file — is refused with an :class:`~launchwatch.errors.InputError`
naming the first offending byte and its offset, never guessed: a guessed encoding turns
Korean or Japanese text into other characters that the reader would then read.

A file longer than :data:`MAX_REPORT_BYTES` is refused before it is read in full.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO

from ...errors import InputError
from .draft import MAX_REPORT_CHARS

__all__ = ["MAX_REPORT_BYTES", "decode_report", "read_report"]

#: Longest report file read [bytes]: four bytes per character of :data:`MAX_REPORT_CHARS`
#: (UTF-8's widest) plus a byte-order mark; the text is then held to ``MAX_REPORT_CHARS``.
MAX_REPORT_BYTES = 4 * MAX_REPORT_CHARS + 4

# UTF-32 first: its little-endian mark begins with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)


def decode_report(data: bytes, name: str = "report") -> str:
    """The text of a report file's bytes (see the module's text); ``name`` is the field the
    error names (the file's path).  The byte-order mark is not part of the text, so spans
    index the text as a reader sees it."""
    if not isinstance(data, bytes | bytearray):
        raise InputError(name, type(data).__name__, "a report file's content must be bytes")
    data = bytes(data)
    if len(data) > MAX_REPORT_BYTES:
        raise InputError(
            name, f"{len(data):,} bytes", f"a report file may be at most {MAX_REPORT_BYTES:,} bytes: split it"
        )
    label = "UTF-8"
    codec = "utf-8"
    body = data
    for bom, c, what in _BOMS:
        if data.startswith(bom):
            codec, label, body = c, what, data[len(bom) :]
            break
    try:
        text = body.decode(codec, errors="strict")
    except UnicodeDecodeError as exc:
        off = exc.start + (len(data) - len(body))
        bad = body[exc.start : exc.start + 1]
        raise InputError(
            name,
            f"byte 0x{bad.hex()} at offset {off:,}",
            f"not {label} text: save the report as UTF-8 (or UTF-16 with a byte-order mark)",
        ) from None
    if "\x00" in text:
        off = text.index("\x00")
        raise InputError(
            name,
            f"a NUL character at character {off:,}",
            "not a text file (UTF-16 without a byte-order mark, or binary): save it as UTF-8",
        )
    return text


def read_report(path: str | Path, stdin: BinaryIO | None = None) -> str:
    """The text of a report file (``"-"``: standard input, read as bytes), decoded by
    :func:`decode_report`.  Raises :class:`~launchwatch.errors.InputError` for a file that
    cannot be read, is too long or is not UTF-8/UTF-16/UTF-32 text."""
    name = str(path)
    if name == "-":
        src = stdin if stdin is not None else sys.stdin.buffer
        data = src.read(MAX_REPORT_BYTES + 1)
        return decode_report(data, "report (stdin)")
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_REPORT_BYTES + 1)
    except IsADirectoryError:
        raise InputError("report", name, "is a folder, not a report file") from None
    except FileNotFoundError:
        raise InputError("report", name, "no such file") from None
    except OSError as exc:
        raise InputError(
            "report", name, f"cannot be read ({exc.strerror or exc.__class__.__name__})"
        ) from None
    return decode_report(data, name)
