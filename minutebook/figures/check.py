"""The one pass over a document: find its tables, then run every check on them and its text."""

from __future__ import annotations

from minutebook.sources.document import Document

from . import arithmetic, bcf, breakdowns, claims, indicators, population
from .record import FiguresRecord
from .tables import find_tables


def check_figures(document: Document) -> FiguresRecord:
    record = FiguresRecord(source=document.name, tables=find_tables(document))
    for table in record.tables:
        flags, checked = arithmetic.check_table(table)
        record.flags.extend(flags)
        record.checked += checked
    flags, checked = breakdowns.check_breakdowns(record.tables)
    record.flags.extend(flags)
    record.checked += checked
    flags, checked = indicators.check_indicators(document, record.tables)
    record.flags.extend(flags)
    record.checked += checked
    flags, checked = population.check_population(document, record.tables)
    record.flags.extend(flags)
    record.checked += checked
    flags, checked = bcf.check_templates(document, record.tables)
    record.flags.extend(flags)
    record.checked += checked
    in_tables = {row.line for table in record.tables for row in table.rows}
    flags, checked = claims.check_prose(document, in_tables)
    record.flags.extend(flags)
    record.checked += checked
    flags, checked = claims.multiples_of_rows(document, record.tables)
    record.flags.extend(flags)
    record.checked += checked
    return record
