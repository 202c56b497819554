"""Choosing a reader for a file by what it contains, not only by its name."""

from __future__ import annotations

from pathlib import Path

from .document import Document, SourceError
from .text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def sniff(data: bytes, name: str) -> str:
    """The media type of a file's bytes."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "text/html"
    if Path(name).suffix.lower() in (".md", ".markdown"):
        return "text/markdown"
    return "text/plain"


def read_document(path: Path, max_bytes: int | None = None) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read ({exc.strerror})") from None
    if max_bytes is not None and size > max_bytes:
        raise SourceError(str(path), f"is {size:,} bytes, over the limit of {max_bytes:,}")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(str(path), "is empty")
    media_type = sniff(data, path.name)
    if media_type in ("text/plain", "text/markdown"):
        return read_text(data, path.name, media_type)
    raise SourceError(str(path), f"is {media_type}, which this version cannot read yet")
