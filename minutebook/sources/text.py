"""Plain text and markdown files (including text a PDF converter produced)."""

from __future__ import annotations

import codecs
import re

from .document import MAX_LINES, Document, SourceError, too_many_lines
from .pages import paginate

NEWLINE = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without a byte-order mark) or UTF-16 with one.

    Anything else is refused, naming the file and the first bad byte, rather
    than guessed at: a wrong guess would put wrong names into the minute book.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(name, f"not valid UTF-16 text (bad bytes at offset {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise SourceError(name, f"not UTF-8 text: undecodable byte 0x{bad} at offset {exc.start}") from None


def read_text(data: bytes, name: str, media_type: str = "text/plain") -> Document:
    text = decode(data, name)
    if "\x00" in text:
        raise SourceError(name, "contains NUL characters: a binary file, not text")
    # Counted before splitting: a file of millions of short lines would cost far more as lines than as bytes.
    breaks = max(text.count("\n"), text.count("\r")) + text.count("\f")
    if breaks > MAX_LINES:
        raise too_many_lines(name, f"over {breaks:,}")
    # Not str.splitlines(): it would also split at form feeds, which mark pages.
    lines = NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return Document(name=name, lines=paginate(lines), media_type=media_type)
