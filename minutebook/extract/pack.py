"""A whole document to a pack record.

A pack is a front sheet, then the papers in agenda order: minutes of earlier
meetings, reports, a work programme. The document is cut at the points
where each begins (a minutes header, a report's label block, an "Agenda
Item N" stamp, a work programme heading) and each part is read by its own
module. A document with none of these (a standalone report) gives an empty
record: nothing is invented.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz.distance import LCSseq

from minutebook.sources.document import Document

from .agenda import read_agenda
from .blocks import is_meeting_page, read_meeting
from .heading import read_heading
from .minutes import header_at, read_minutes
from .records import AgendaItem, Meeting, PackRecord, Report
from .reports import find_reports, read_report
from .text import Row, lines_holding, rows_of
from .work_programme import is_heading, read_work_programme

AGENDA_ITEM_STAMP = re.compile(r"^agenda\s+item\s+(?P<n>\d{1,2}(?:\s*\(?[a-z]\)?)?)\s*$", re.I)


def extract(document: Document) -> PackRecord:
    rows = rows_of(document)
    naming = _rows_naming(rows)
    minutes, stamps = naming("minute"), naming("agenda")  # what a minutes header and an item's stamp name
    anchors: list[tuple[int, str, object]] = []
    i = 0
    for k in sorted(minutes | stamps):
        if k < i:
            continue  # in a minutes header already taken
        found = header_at(rows, k) if k in minutes else None
        if found:
            taken, meeting = found
            anchors.append((k, "minutes", (taken, meeting)))
            i = k + taken
            continue
        m = AGENDA_ITEM_STAMP.match(rows[k].text) if k in stamps else None
        if m:
            anchors.append((k, "stamp", re.sub(r"\W", "", m.group("n"))))
        i = k + 1
    for start, title_at in find_reports(rows):
        anchors.append((start, "report", title_at))
    anchors.sort(key=lambda a: a[0])

    record = PackRecord(source=document.name)
    first = anchors[0][0] if anchors else len(rows)
    agenda = read_agenda(rows[:first])
    if agenda:
        if agenda.body is None:
            heading = read_heading(rows[: min(first, 80)])
            agenda.body = heading.body if heading.date == agenda.date else None
        record.meetings.append(agenda)
    stamp: str | None = None
    covered = [(0, first)] if agenda else []
    matchers: dict[str, list] = {}  # the agenda's titles, each compared with every report's
    for k, (at, kind, value) in enumerate(anchors):
        end = anchors[k + 1][0] if k + 1 < len(anchors) else len(rows)
        if kind == "stamp":
            stamp = value
        elif kind == "minutes":
            taken, meeting = value
            record.meetings.append(read_minutes(meeting, rows[at + taken : end]))
            covered.append((at, end))
        elif kind == "report":
            report = read_report(rows, at, value, end)
            report.agenda_item = _agenda_item(report, agenda.items if agenda else [], stamp, matchers)
            record.reports.append(report)
            stamp = None
    record.work_programme = _work_programme(rows, covered, naming("programme"))
    if not record.reports and not record.work_programme:
        _read_as_one_meeting(record, rows)
    return record


def _rows_naming(rows: list[Row]):
    """A function giving the indexes of the rows whose text, in lower case, holds a word: the rows each rule
    that starts by looking for a word (``"minute" in text.lower()``) can match, found in the whole document's
    text lowered once (``lines_holding``; lowering makes and takes no line break) rather than by lowering and
    searching every row for every rule."""
    lowered = "\n".join([row.text for row in rows]).lower()
    return lambda word: lines_holding(lowered, len(rows), (word,))


def _read_as_one_meeting(record: PackRecord, rows: list[Row]) -> None:
    """A document that is not a pack (a meeting's web page, a set of minutes saved alone) is one meeting,
    read block by block. It replaces what the pack reader made of it unless that found the minutes of
    more than one meeting, which only a pack holds."""
    minutes = [m for m in record.meetings if m.kind == "minutes"]
    if len(minutes) > 1:
        return
    meeting = read_meeting(rows)
    if meeting is None:
        return
    if minutes and not is_meeting_page(rows) and _accounted(minutes[0]) > _accounted(meeting):
        return
    agenda = next((m for m in record.meetings if m.kind == "agenda"), None)
    if agenda and not minutes and not meeting.present and not any(m.text for m in meeting.items):
        # an agenda page: the items carry no record of what was done
        agenda.body = agenda.body or meeting.body
        return
    record.meetings = [meeting]


def _accounted(meeting: Meeting) -> int:
    """How much of a document a reading of its minutes accounts for: the reading that accounts for more wins."""
    return (
        len(meeting.items)
        + sum(len(m.resolutions) for m in meeting.items)
        + len(meeting.present or [])
        + len(meeting.apologies or [])
        + len(meeting.declarations or [])
        + sum(x is not None for x in (meeting.body, meeting.date, meeting.time, meeting.venue))
    )


def _work_programme(rows: list[Row], covered: list[tuple[int, int]], candidates: set[int]):
    """The work programme entries under each heading outside the meetings; ``candidates``: the rows that can be
    a heading (those naming a programme)."""
    entries = []
    for i in sorted(candidates):
        row = rows[i]
        if not row.text or not is_heading(row.text) or any(a <= i < b for a, b in covered):
            continue
        found = read_work_programme(rows[i + 1 : i + 400])
        if found:
            entries += [e for e in found if not any(_same(e, x) for x in entries)]
    return entries


def _same(a, b) -> bool:
    return a.date == b.date and _fold(a.title) == _fold(b.title)


def _agenda_item(report: Report, items: list[AgendaItem], stamp: str | None, matchers: dict) -> str | None:
    """The agenda item a report belongs to: the "Agenda Item N" stamp before it, else the closest title
    (difflib's ratio over 0.6, the first of the best).

    Most titles are far from the report's: each is first bounded by the longest common subsequence of the two
    (rapidfuzz, compiled): the characters difflib's matching blocks share are a common subsequence, so its
    ratio is never above 2 x that length / both lengths, and a title bounded at or under the best so far is
    passed over without difflib. ``matchers``: the agenda's titles folded, and a matcher for each title that
    gets past the bound, kept over a document's reports. A SequenceMatcher indexes the second of the texts it
    compares; the agenda's titles are that text, the report's title the one that changes, so each title is
    indexed once a document, not once a report."""
    if stamp:
        return stamp
    best, best_score = None, 0.6
    title = _fold(report.title)
    for item in items:
        candidates = [(item.number, item.title)]
        candidates += [(f"{item.number}({s.label})", s.title) for s in item.sub_items]
        for number, text in candidates:
            known = matchers.get(text)
            if known is None:
                known = matchers[text] = [_fold(text), None]
            folded, matcher = known
            length = len(title) + len(folded)
            if length and 2.0 * LCSseq.similarity(title, folded) / length <= best_score:
                continue
            if title == folded and len(folded) < 200:
                score = 1.0  # difflib's ratio of a text to itself (under 200 characters it treats none as junk)
            else:
                if matcher is None:
                    matcher = known[1] = SequenceMatcher(None, "", folded)
                matcher.set_seq1(title)
                score = matcher.ratio()
            if score > best_score:
                best, best_score = number, score
    return best


NON_WORD = re.compile(r"\W+")


def _fold(text: str) -> str:
    return NON_WORD.sub(" ", text.lower()).strip()
