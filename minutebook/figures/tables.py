"""Finding the tables of figures in a document's text.

Converters flatten a pack's tables into lines of tab-separated fields (or leave
HTML ``<td>`` fragments, or markdown pipes). A table is a run of such lines:
its first lines without figures are the header (a header printed over two lines
is merged column by column), the rest are rows. Blank lines and page stamps
inside a table do not end it; a header printed again after a page break is not a
row; two runs under the same header, a few short lines apart, are one table.
A row whose cells are all empty names a group ("Children in Need") and prefixes
the labels under it. A run whose cells are all words (an action plan) or whose
numbers are page numbers (a contents list) is not a table of figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.sources.document import Document

from .numbers import WORDED, Cell, clean, read_cell

HTML_CELL = re.compile(r"<t[dh]\b", re.I)
HTML_ROW = re.compile(r"<tr\b[^>]*>", re.I)
CELL_TAG = re.compile(r"<t[dh][^>]*>(.*?)(?=<t[dh]|</tr|$)", re.I | re.S)
RULE = re.compile(r"^[\s|:\-–—=]+$")  # markdown separators: "-----\t-----", "|---|---|"
YEAR = re.compile(r"^(?:19|20)\d\d(?:\s?[-/–]\s?(?:19|20)?\d\d)?$")
HEADING = re.compile(r"^\s*(?:#+\s|\*\*|__)")
CATEGORIES = {"yes", "no", "worse", "similar", "better", "higher", "lower", "met", "not met"}
TOTAL = re.compile(r"^(?:grand\s+|sub[\s-]?)?totals?\b|\btotal\s*:?$|\bsub[\s-]?total\b", re.I)
ID_HEADER = re.compile(r"\b(?:id|ref|no\.?)$", re.I)
# Two counts in one cell, "225 (115)": figures, though neither is the cell's one value.
PAIR = re.compile(r"^\d[\d,]*\s*\(\d[\d,]*\)$")
NEARBY = 12  # lines above a table searched for its caption


@dataclass
class Row:
    line: int
    label: str
    cells: list[Cell]
    # The group heading row it stands under ("Children in Need"), already prefixed to its label.
    group: str = ""

    @property
    def is_total(self) -> bool:
        return bool(TOTAL.search(self.label))

    def as_json(self) -> dict:
        return {"line": self.line, "label": self.label, "cells": [c.as_json() for c in self.cells]}


@dataclass
class Table:
    lines: tuple[int, int]
    headers: list[str]
    rows: list[Row]
    title: str | None = None
    title_line: int | None = None
    unit: str | None = None
    header_lines: list[int] = field(default_factory=list)
    offset: int = 1  # the field of the printed line that holds cell 0 (after the label)

    def column(self, index: int) -> list[tuple[Row, Cell]]:
        return [(row, row.cells[index]) for row in self.rows if index < len(row.cells)]

    def header(self, index: int) -> str:
        """The name of the column of cell ``index`` (headers[0] names the labels)."""
        return self.headers[index + self.offset] if index + self.offset < len(self.headers) else ""

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

    def as_json(self) -> dict:
        return {
            "lines": list(self.lines),
            "title": self.title,
            "unit": self.unit,
            "headers": self.headers,
            "rows": [row.as_json() for row in self.rows],
        }


def rows_of(text: str) -> list[list[str]] | None:
    """The rows of a table line (an HTML fragment may hold several), or None for prose."""
    if "\t" in text:
        return [[clean(part) for part in text.split("\t")]]
    if "<" in text and HTML_CELL.search(text):
        chunks = HTML_ROW.split(text)
        rows = [[clean(part) for part in CELL_TAG.findall(chunk)] for chunk in chunks]
        return [row for row in rows if row] or None
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        return [[clean(part) for part in stripped.strip("|").split("|")]]
    return None


def fields_of(text: str) -> list[str] | None:
    """The fields of a one-row table line, or None for a line of prose."""
    rows = rows_of(text)
    return rows[0] if rows else None


def is_year(text: str) -> bool:
    return bool(YEAR.match(text.replace("*", "").strip()))


def is_header(fields: list[str]) -> bool:
    """A line naming columns: words (or years) after the first field, no figures."""
    cells = [f for f in fields[1:] if f]
    if not cells:
        return False
    if all(f.lower() in CATEGORIES for f in cells):
        return False
    if all(is_year(f) for f in cells):
        return not fields[0] or not read_cell(fields[0]).is_number
    return not any(read_cell(f).is_number or PAIR.match(f) for f in cells)


@dataclass
class Run:
    """Table lines as found, before they are read into rows."""

    header: list[tuple[int, list[str]]] = field(default_factory=list)
    body: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return (self.header or self.body)[0][0]

    @property
    def last(self) -> int:
        return (self.body or self.header)[-1][0]

    def signature(self) -> tuple:
        return tuple(tuple(f for f in fields) for _, fields in self.header)


def runs_of(document: Document) -> list[Run]:
    runs: list[Run] = []
    current: Run | None = None
    blank = False
    wrapped = ""  # the start of a row label wrapped onto a line of its own
    lines = document.lines
    for index, line in enumerate(lines):
        rows = rows_of(line.text)
        after_blank, blank = blank, rows is None and line.text.strip() == ""
        if rows is None:
            if blank:
                continue
            if current is not None and not after_blank and is_wrapped(line.text, lines, index):
                wrapped = f"{wrapped} {line.text.strip()}".strip()
                continue
            current = None
            runs.append(None)  # a prose line: kept as a separator
            continue
        for fields in rows:
            if RULE.match(" ".join(fields)) or not any(fields):
                continue
            if wrapped:
                fields = [f"{wrapped} {fields[0]}".strip(), *fields[1:]]
                wrapped = ""
            if current is None:
                current = Run()
                runs.append(current)
            if current.body:
                first = current.header[0][1] if current.header else None
                if first and fields == first:
                    continue  # the header printed again after a page break
                if is_header(fields) and (after_blank or (first and fields[0] and fields[1:] == first[1:])):
                    # The same columns under a new name: the next table of a dashboard.
                    current = Run()
                    runs.append(current)
                    current.header.append((line.number, fields))
                    continue
                current.body.append((line.number, fields))
            elif is_header(fields):
                current.header.append((line.number, fields))
            else:
                current.body.append((line.number, fields))
    return merge(runs, document)


def is_wrapped(text: str, lines: list, index: int) -> bool:
    """A short line of words between two rows of a table, with no blank line either side:
    the start of a row label that the converter wrapped onto a line of its own."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None or following.text.strip() == "" or rows_of(following.text) is None:
        return False
    if HEADING.match(text) or len(text.split()) > 12 or re.search(r"[.:;]\s*$", text.strip()):
        return False
    return not any(read_cell(word).is_number for word in text.split())


def merge(runs: list, document: Document) -> list[Run]:
    """Join runs that are one table: a gap of a few short lines ("Yes", "Complete:") between
    them, as templates print; a section of a wide sheet under its own short heading; or the same caption
    printed again above the same columns."""
    text = {line.number: line.text.strip() for line in document.lines}
    merged: list[Run] = []
    for run in runs:
        if run is None:
            continue
        if merged:
            previous = merged[-1]
            gap = [text.get(n, "") for n in range(previous.last + 1, run.first)]
            gap = [g for g in gap if g and not RULE.match(g.replace("\t", " "))]
            # Template validation marks between the parts of one sheet: "Complete:", "Yes".
            marks = bool(gap) and all(g.lower().rstrip(":") in CATEGORIES | {"complete"} for g in gap)
            short = (not run.header and len(gap) == 1 and len(gap[0].split()) == 1) or marks
            # A section of a wide sheet under a short heading of its own ("Schemes added since plan"): no header
            # of its own, and as many columns as the rows above.
            section = (
                not run.header
                and len(gap) == 1
                and len(gap[0].split()) <= 6
                and not re.search(r"[.:;]$", gap[0])
                and bool(previous.body)
                and len(run.body[0][1]) == len(previous.body[-1][1]) >= 4
            )
            title = [text.get(n, "") for n in range(previous.first - NEARBY, previous.first)]
            # The same caption over the same columns continues the table, unless the new part is laid out
            # otherwise: its rows grouped under headings ("Children in Need" / "Aged 0-4") where the first
            # part's are not is a breakdown of its own.
            repeated = (
                run.header
                and run.signature() == previous.signature()
                and len(gap) == 1
                and gap[0] in title
                and grouped(run.body) == grouped(previous.body)
            )
            if previous.body and (short or section or repeated):
                previous.body.extend(run.header[1:] if repeated else run.header)
                previous.body.extend(run.body)
                continue
        merged.append(run)
    return merged


def grouped(body: list[tuple[int, list[str]]]) -> bool:
    """Whether any row is a group heading: a label over empty cells."""
    return any(fields[0] and not any(fields[1:]) for _, fields in body)


def is_contents(rows: list[Row], title: str | None = None) -> bool:
    """A contents list: one small whole number per row, rising: page numbers; or titles and
    page numbers side by side under a "Contents" caption."""
    if title and re.match(r"^(?:table of )?contents$", title.strip(), re.I):
        return True
    values = []
    for row in rows:
        numbers = [c.value for c in row.cells if c.is_number]
        if len(numbers) != 1 or not isinstance(numbers[0], int):
            return False
        values.append(numbers[0])
    return (
        len(values) >= 3
        and all(a <= b for a, b in zip(values, values[1:], strict=False))
        and values[-1] < 1000
    )


def merged_headers(header: list[tuple[int, list[str]]]) -> list[str]:
    """One name per column: the lowest line that names it (a group name above is dropped)."""
    width = max((len(fields) for _, fields in header), default=0)
    names = [""] * width
    for _, fields in header:
        for i, name in enumerate(fields):
            if name:
                names[i] = name
    return names


def reads_as_words(text: str) -> bool:
    """Words, or a number leading words ("2 week wait referrals"): read as a figure with its unit in a column of
    figures ("16.9 years"), but as a label in a column of labels."""
    return not read_cell(text).is_number or bool(WORDED.match(clean(text)))


def read_rows(run: Run) -> tuple[list[Row], list[str], int]:
    """The rows, the column names (the first names the labels) and the field of cell 0."""
    body = run.body
    headers = merged_headers(run.header)
    with_numbers = [f for _, f in body if any(read_cell(x).is_number for x in f[1:])]
    skip = 1
    # An identifier column ("Scheme ID"): its numbers are cells, not labels.
    id_column = bool(headers and ID_HEADER.search(headers[0])) and all(
        read_cell(f[0]).is_number or not f[0] for f in with_numbers
    )
    # Two label columns ("Cancer" / "Treatments"): the first is blank on continuation rows. A second label may
    # start with a number ("2 week wait referrals") where the rest of its column is words.
    if (
        not id_column
        and with_numbers
        and all(len(f) > 2 and f[1] and reads_as_words(f[1]) for f in with_numbers)
        and sum(not read_cell(f[1]).is_number for f in with_numbers) * 2 > len(with_numbers)
        and any(not f[0] for f in with_numbers)
    ):
        skip = 2
    # Columns headed by years from the first ("2014/15", "2015/16", ...) over a row of figures only: a series
    # with no label column, its first figure a cell like the rest (its rows are named by the table's caption).
    unlabelled = (
        not id_column
        and skip == 1
        and bool(headers)
        and is_year(headers[0])
        and bool(with_numbers)
        and all(f[0] and read_cell(f[0]).is_number and not WORDED.match(f[0]) for f in with_numbers)
    )
    rows: list[Row] = []
    group = ""
    above = ""
    for number, fields in body:
        if unlabelled:
            label = ""
            cells = fields
        elif id_column:
            label = " ".join(f for f in fields[:3] if f)
            cells = fields
        else:
            if skip == 2:
                above = fields[0] or above
                label = f"{above}: {fields[1]}" if above and fields[1] else fields[1] or above
            else:
                label = fields[0]
            cells = fields[skip:]
        parsed = [read_cell(c) for c in cells]
        if not any(c.raw for c in parsed):
            group = label  # a group heading row: "Children in Need"
            continue
        if group and skip == 1 and not TOTAL.search(label):
            rows.append(Row(number, f"{group} {label}".strip(), parsed, group))
            continue
        rows.append(Row(number, label, parsed))
    if unlabelled:
        return rows, ["", *headers], 1
    return rows, headers, 0 if id_column else skip


def caption(document: Document, first: int, index: dict[int, int]) -> tuple[str | None, int | None]:
    position = index.get(first)
    if position is None:
        return None, None
    for line in reversed(document.lines[max(0, position - NEARBY) : position]):
        text = line.text.strip()
        if not text:
            continue
        if fields_of(line.text) is not None:
            break  # another table: nothing above it captions this one
        if text.startswith("[") or re.match(r"^(?:recent trend|source|complete)\b", text, re.I):
            continue
        title = clean(re.sub(r"^#+\s*|^\d+(?:\.\d+)*\.?\s+", "", text)).strip("*:_ ")
        if title:
            return title, line.number
    return None, None


def unit_for(title: str | None, rows: list[Row]) -> str | None:
    units = {c.unit for row in rows for c in row.cells if c.is_number}
    if len(units) == 1 and None not in units:
        return units.pop()
    if title:
        if match := re.search(r"(?:rate\s+)?per\s+(?:100,000|1,000|10,000|100)", title, re.I):
            return match.group(0)
        if title.startswith("%") or re.match(r"(?:percentage|proportion)\b", title, re.I):
            return "%"
    return None


def find_tables(document: Document) -> list[Table]:
    index = {line.number: i for i, line in enumerate(document.lines)}
    tables: list[Table] = []
    for run in runs_of(document):
        rows, headers, offset = read_rows(run)
        numbers = sum(1 for row in rows for c in row.cells if c.is_number or PAIR.match(c.raw))
        words = sum(1 for row in rows for c in row.cells if c.raw.lower() in CATEGORIES)
        if not rows:
            continue
        categorical = (
            words >= 4
            and len(rows) >= 2
            and all(c.raw.lower() in CATEGORIES for row in rows for c in row.cells if c.raw)
        )
        if numbers < 2 and not (numbers == 1 and run.header) and not categorical:
            continue
        first = run.first
        title, title_line = caption(document, first, index)
        if is_contents(rows, title):
            continue
        if title is None and headers and headers[0]:
            title, title_line = headers[0], first  # a dashboard table named in its own corner
        for row in rows:
            row.label = row.label or title or ""
        tables.append(
            Table(
                lines=(first, rows[-1].line),
                headers=headers,
                rows=rows,
                title=title,
                title_line=title_line,
                unit=unit_for(title, rows),
                header_lines=[n for n, _ in run.header],
                offset=offset,
            )
        )
    return tables
