"""Choosing a reader for a file by what it contains, not only by its name."""

from __future__ import annotations

import re
from pathlib import Path

from .document import MAX_TEXT_BYTES, Document, SourceError
from .text import read_text

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
VISIBLE = re.compile(rb"\S")


def sniff(data: bytes, name: str) -> str:
    """The media type of a file's bytes."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if (b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536])
            else "application/zip"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/x-ole-storage"  # old binary Word and Excel files
    lowered = head.lower()
    if (
        lowered.startswith((b"<!doctype html", b"<html"))
        or b"<html" in lowered[:512]
        or b"<body" in lowered[:1024]
    ):
        return "text/html"
    if Path(name).suffix.lower() in (".md", ".markdown"):
        return "text/markdown"
    return "text/plain"


def read_bytes(data: bytes, name: str) -> Document:
    """A Document from a file's bytes, whatever kind of file it is; SourceError names the file otherwise.

    A damaged file can make a library fail in ways nobody listed (a zlib error deep in a zip, a number
    that is not a number in Word's XML), so every failure becomes a SourceError: one bad file is one
    error line in a batch, never a traceback that ends it.
    """
    try:
        return _read(data, name)
    except SourceError:
        raise
    except MemoryError:
        raise SourceError(name, "is too large to read in the memory available") from None
    except RecursionError:
        raise SourceError(name, "is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise SourceError(name, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})") from None


def _read(data: bytes, name: str) -> Document:
    if VISIBLE.search(data) is None:  # not data.strip(): that would copy a large file to find it empty
        raise SourceError(name, "is empty")
    media_type = sniff(data, name)
    if media_type.startswith("text/") and len(data) > MAX_TEXT_BYTES:
        raise SourceError(
            name,
            f"is {len(data):,} bytes of text, over the limit of {MAX_TEXT_BYTES:,} for text and web pages",
        )
    if media_type == "application/pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if media_type.endswith("wordprocessingml.document"):
        from .docx import read_docx

        return read_docx(data, name)
    if media_type == "text/html":
        from .html import read_html

        return read_html(data, name)
    if media_type in ("text/plain", "text/markdown"):
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SourceError(name, "is a binary file, not a document")
        return read_text(data, name, media_type)
    raise SourceError(name, f"is not a document minutebook can read ({media_type})")


def read_document(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read ({exc.strerror})") from None
    if max_bytes is not None and size > max_bytes:
        raise SourceError(str(path), f"is {size:,} bytes, over the limit of {max_bytes:,}")
    try:
        return read_bytes(path.read_bytes(), path.name)
    except SourceError as exc:
        raise SourceError(str(path), exc.problem) from None  # name the file as the user gave it
