"""A committee's work programme: items planned for each meeting, or not yet dated.

Printed as a list under meeting dates ("11th October 2017" then bullets),
as a table ("Date | Title | Detail | Lead | Context") whose header repeats
on every page, or both, one after the other: entries are merged so each
appears once. "Date to be determined" (TBC, to be confirmed, unscheduled)
gives entries with no date; "(rearranged from 13.12.17)" is kept as where
the item moved from.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .dates import find_date, find_dates
from .records import Span, WorkProgrammeEntry
from .text import Row, split_marker, strip_bullet

HEADING = re.compile(r"\bwork\s+programme\b", re.I)
UNDATED = re.compile(
    r"^(?:date\s+)?(?:to\s+be\s+(?:determined|confirmed|agreed|scheduled|arranged)|tbc|tbd|unscheduled|"
    r"future\s+(?:items|meetings)|items?\s+(?:to\s+be\s+scheduled|awaiting\s+(?:a\s+)?date)|undated|"
    r"date\s+(?:tbc|tbd|not\s+yet\s+(?:set|known|agreed)))\b",
    re.I,
)
TABLE_HEADER = re.compile(r"^\W*(?:date|meeting(?:\s+date)?)\s*\t\s*(?:title|item|topic|subject)", re.I)
MOVED = re.compile(r"\((?:re-?arranged|moved|re-?scheduled|deferred|postponed)\s+from\s+([^)]+)\)", re.I)


def is_heading(text: str) -> bool:
    """A work programme's own heading, not an agenda line or label that mentions one."""
    return (
        "programme" in text.lower()  # cheaper than the search on every line, and needed by it
        and bool(HEADING.search(text))
        and len(text.split()) <= 12
        and not text.endswith(".")
        and split_marker(text).kind is None
        and ":" not in text
        and "(Page" not in text
    )


def read_work_programme(rows: list[Row]) -> list[WorkProgrammeEntry]:
    entries: list[WorkProgrammeEntry] = []
    date = None
    dated = False  # inside a dated (or explicitly undated) group
    moved: list = []
    seen: list[Row] = []
    for row in rows:
        text = row.text
        if not text or TABLE_HEADER.match(re.sub(r"^[^\w]*", "", row.line.text)):
            continue
        if not dated and len(seen) > 15:
            break  # no dated group soon after the heading: not a work programme
        seen.append(row)
        if "\t" in row.line.text:
            cells = [c.strip() for c in row.line.text.split("\t")]
            if len(cells) >= 2:
                first = re.sub(r"[^\w ()./,-]", "", cells[0]).strip()
                if first:
                    group = _group_date(first)
                    if group is not None:
                        date, moved, dated = group[0], group[1], True
                    elif not dated:
                        continue
                title = _title(cells[1])
                if title and dated:
                    _add(entries, WorkProgrammeEntry(date, title, moved, Span.of([row])))
                continue
        group = _group_date(text)
        if group is not None:
            date, moved, dated = group[0], group[1], True
            continue
        marked = split_marker(text)
        if dated and marked.kind in ("bullet", "num_dot") and marked.text:
            title = _title(marked.text)
            if title:
                _add(entries, WorkProgrammeEntry(date, title, moved, Span.of([row])))
    return entries


def _group_date(text: str):
    """(date or None, moved from) when a line opens a group of entries, else None."""
    if UNDATED.match(text):
        return None, []
    if len(text) > 80:
        return None
    found = find_dates(text)
    if not found or found[0][1] > 15:
        return None
    moved = []
    m = MOVED.search(text)
    if m:
        moved = [d for d, _ in find_dates(m.group(1))] or [_short_date(m.group(1))]
        moved = [d for d in moved if d]
    return found[0][0], moved


def _short_date(text: str):
    return find_date(text)


def _title(cell: str) -> str:
    title = strip_bullet(re.sub(r"^[^\w(]+", "", cell)).strip()
    if len(re.findall(r"[A-Za-z]", title)) < 3 or not title[:1].isalpha() or len(title.split()) > 25:
        return ""
    return title


def _add(entries: list[WorkProgrammeEntry], entry: WorkProgrammeEntry) -> None:
    """Add an entry unless the list (or the table after it) already has it for that date."""
    key = _fold(entry.title)
    for e in entries:
        if e.date == entry.date and fuzz.ratio(_fold(e.title), key) > 90:
            return
    entries.append(entry)


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()
