"""A set of minutes: the header, attendance, declarations, numbered minutes, resolutions.

Minute numbers run on between meetings ("23. Welcome and Apologies"), so
a minute is a numbered heading whose number follows the previous minute's,
whatever it started at. Resolutions are the clauses of the RESOLVED,
Resolved, AGREED or Decision blocks within a minute, without their lead-in.
"""

from __future__ import annotations

import re

from . import clauses
from .agenda import BODY_WORDS, VENUE_NOTE
from .dates import find_date, find_time
from .people import is_attendance_label, read_apologies, read_attendance, strip_honorifics
from .records import Declaration, Meeting, Minute, Span
from .text import Row, join_number_cells, split_marker, strip_bullet

HEADER = re.compile(
    r"^(?:[A-Z][\w&' ]{0,60}?\b(?:council|authority|borough|county|city)\s+)?"
    r"minutes\s+of\s+(?:the\s+|a\s+|an\s+)?(?:(?:virtual|remote|special|extraordinary|ordinary|informal|"
    r"annual|public)\s+)*(?:meeting|proceedings)?\s*(?:of\s+)?(?:the\s+)?(?P<body>.*?)\s*"
    r"(?:,\s*)?\bheld\b(?P<rest>.*)$",
    re.I,
)
START_OF_HEADER = re.compile(
    r"^(?:[A-Z][\w&' ]{0,60}?\b(?:council|authority|borough|county|city)\s+)?minutes\s+of\s+(?:the|a|an)\b",
    re.I,
)
CLOSED = re.compile(
    r"^\(?\s*(?:the\s+)?meeting\s+(?:closed|ended|finished|terminated|concluded|rose)\b|"
    r"^\(?\s*(?:the\s+)?(?:meeting|board|committee)\s+(?:closed|ended)\s+at\b|^\(?\s*close\s+of\s+meeting",
    re.I,
)
PRESENT = re.compile(r"^(?:present|attendance|members\s+present)\s*:?", re.I)
RESOLVED = re.compile(
    r"^(?P<lead>(?:(?:it\s+was\s+|the\s+[\w ]{2,60}?\s+)?(?:resolved|agreed|decided)|decisions?|resolutions?|"
    r"recommended)\b\s*(?:[:\-–—]|,)?\s*(?:that|to)?\s*[:\-–—]?\s*)(?P<rest>.*)$",
    re.I,
)
DECLARATION_TITLE = re.compile(
    r"\b(?:declarations?|disclosures?)\s+of\s+(?:\w+\s+)?interests?|\binterests\b", re.I
)
NO_DECLARATIONS = re.compile(
    r"\bno\s+(?:declarations?|disclosures?|interests?)\b|\bnone\b|\bnil\b|\bno\s+(?:members?\s+)?declared\b|"
    r"\bwere\s+not\s+any\b|\bthere\s+were\s+none\b",
    re.I,
)
DECLARED = re.compile(
    r"(?P<member>(?:Councillor|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor)\.?\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w'’\-]+)?)"
    r"[^.]{0,80}?\b(?:declared|disclosed|declares|registered)\b(?P<what>[^.]*)",
)
# "The following declarations were made:" then "Councillor Smith – Item 6 – personal interest as ..."
DECLARED_IN_A_LIST = re.compile(
    r"^(?P<member>(?:Councillor|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor)\.?\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w'’\-]+)?)"
    r"\s*[–:,-]\s*(?P<what>.*\binterest\b.*)$",
    re.I,
)
ITEM_REF = re.compile(r"\b(?:item|minute|agenda\s+item)\s+(?:no\.?\s*)?(?P<n>\d+[a-z]?(?:\([a-z]\))?)", re.I)
MINUTE_NUMBER = re.compile(
    r"^(?:minute\s+)?(?P<prefix>[A-Z]{2,6}[ /])?(?P<n>\d{1,4})(?:[/.](?P<year>\d{2}(?:/\d{2})?))?\.?\s+(?P<title>\S.*)$"
)


def header_at(rows: list[Row], i: int) -> tuple[int, Meeting] | None:
    """If a minutes header starts at rows[i], the number of rows it takes and the meeting it names.

    Two forms: a sentence ("Minutes of the meeting of the X held at 2.00 pm on
    Monday, 23 January 2023", wrapped over up to four lines, the body perhaps
    printed on the line before), and a web page's title block ("Agenda and
    minutes" / body / date and time / "Venue: ...").
    """
    text = rows[i].text
    if "minute" not in text.lower():
        return None  # both forms name minutes; most lines can be passed over without the patterns
    if PAGE_TITLE.match(text):
        return _page_title_header(rows, i)
    if not START_OF_HEADER.match(text):
        return None
    taken: list[Row] = []
    joined = ""
    for row in rows[i : i + 8]:
        if not row.text:
            continue
        if taken and (PRESENT.match(row.text) or len(taken) >= 4):
            break
        taken.append(row)
        joined = f"{joined} {row.text}".strip()
        if HEADER.match(joined) and find_date(joined):
            break
    m = HEADER.match(joined)
    if not m or not find_date(m.group("rest")) or NOT_A_BODY.search(m.group("body")):
        return None
    body = re.sub(r"^the\s+", "", m.group("body").strip(" ,"), flags=re.I) or _body_above(rows, i)
    if body is None:
        return None  # "Minutes of the meeting held on 9 July" with no body named is an agenda item's title
    rest = m.group("rest")
    venue = None
    place = re.match(r"^\s*(?:at|in)\s+(?P<place>.+?)\s*,?\s+on\s+", rest, re.I) or re.search(
        r"\b(?:\d|am|pm|a\.m\.|p\.m\.)\s+(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z].+?)\.?$", rest
    )
    if place and not find_time(place.group("place")) and not find_date(place.group("place")):
        venue = place.group("place").strip()
    # A line straight after the header may say where: "This meeting was held remotely".
    after = next((r for r in rows[taken[-1].index - rows[0].index + 1 :][:3] if r.text), None)
    if after is not None and REMOTE.search(after.text):
        venue = after.text
    meeting = Meeting(kind="minutes", body=body, date=find_date(rest), time=find_time(rest), venue=venue)
    return taken[-1].index - rows[i].index + 1, meeting


# "Minutes of the previous meeting" is an agenda item, not a header.
NOT_A_BODY = re.compile(r"^(?:previous|last|preceding)\b|:|\bresolved\b|\bminutes\b", re.I)
PAGE_TITLE = re.compile(r"^(?:agenda\s+and\s+)?minutes$", re.I)
REMOTE = re.compile(r"\bheld\s+(?:remotely|virtually|online)\b|\bvirtual\s+meeting\b", re.I)
VENUE = re.compile(r"^(?:venue|place|location)\s*:\s*(?P<venue>.+)$", re.I)


def _page_title_header(rows: list[Row], i: int) -> tuple[int, Meeting] | None:
    body = date = time = venue = None
    last = i
    for row in [r for r in rows[i + 1 : i + 16] if r.text][:6]:
        if (
            body is None
            and BODY_WORDS.search(row.text)
            and len(row.text.split()) <= 12
            and not find_date(row.text)
        ):
            body, last = row.text, row.index
        elif date is None and find_date(row.text):
            date, time, last = find_date(row.text), find_time(row.text), row.index
        elif VENUE.match(row.text):
            venue, last = VENUE_NOTE.sub("", VENUE.match(row.text).group("venue")).strip(" ,"), row.index
    if body is None or date is None:
        return None
    meeting = Meeting(kind="minutes", body=body, date=date, time=time, venue=venue)
    return last - rows[i].index + 1, meeting


def _body_above(rows: list[Row], i: int) -> str | None:
    """The body's name printed on its own above "MINUTES of the meeting held on ..."."""
    for row in reversed([r for r in rows[max(0, i - 6) : i] if r.text][-3:]):
        if BODY_WORDS.search(row.text) and len(row.text.split()) <= 12 and not row.text.endswith("."):
            return row.text
    return None


def read_minutes(meeting: Meeting, rows: list[Row]) -> Meeting:
    """Fill a minutes meeting from the rows after its header."""
    minutes: list[tuple[Minute, list[Row]]] = []
    preamble: list[Row] = []
    for row in join_number_cells(rows):
        if CLOSED.match(row.text):
            break
        number = _minute_start(row, minutes)
        if number:
            minutes.append((Minute(*number), [row]))
            continue
        if minutes and len(minutes[-1][1]) == 1 and _carries_title_on(minutes[-1], row):
            minutes[-1][0].title = f"{minutes[-1][0].title} {row.text}"
        (minutes[-1][1] if minutes else preamble).append(row)
    meeting.present, meeting.apologies = read_attendance(_attendance_rows(preamble))
    if not meeting.present:
        meeting.present = None
    for minute, body_rows in minutes:
        minute.resolutions = resolutions(body_rows[1:])
        minute.text = paragraphs(body_rows[1:])
        minute.span = Span.of([r for r in body_rows if r.text])
        if re.search(r"\bapolog", minute.title, re.I):
            said = [r for r in body_rows[1:] if re.search(r"\bapolog|\bsubstitut", r.text, re.I)]
            if said and not meeting.apologies:
                found = read_apologies(said)
                if found or any(re.search(r"\bno\s+apolog", r.text, re.I) for r in said):
                    meeting.apologies = found
        if DECLARATION_TITLE.search(minute.title) and meeting.declarations is None:
            meeting.declarations = declarations(body_rows[1:])
    meeting.items = [m for m, _ in minutes]
    return meeting


def paragraphs(rows: list[Row]) -> str:
    """A minute's words as paragraphs: lines joined, blank lines kept as paragraph breaks."""
    out: list[str] = []
    current: list[str] = []
    for row in rows:
        if row.text:
            current.append(row.text)
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n\n".join(out)


CUT_OFF = re.compile(r"(?:\b(?:of|and|for|the|to|on|in|with|from|by|a|an)|[&:,–-])$", re.I)


def _carries_title_on(minute: tuple, row: Row) -> bool:
    """A heading the converter broke after a connecting word: "Update on the Progress of" / "the Flu Programme"."""
    heading = minute[1][0]
    return (
        bool(row.text)
        and row.number == heading.number + 1
        and len(row.text) < 120
        and (bool(CUT_OFF.search(minute[0].title)) or row.text[:1].islower())
        and not RESOLVED.match(row.text)
        and split_marker(row.text).kind is None
    )


def _attendance_rows(preamble: list[Row]) -> list[Row]:
    """The part of the preamble from "Present" (or another attendance label) on; none without one."""
    for k, row in enumerate(preamble):
        if PRESENT.match(row.text) or is_attendance_label(row.text):
            return preamble[k:]
    return []


def _minute_start(row: Row, minutes: list) -> tuple[str, str] | None:
    text = row.text
    if not text or len(text) > 250:
        return None
    text = strip_bullet(text)
    m = MINUTE_NUMBER.match(text)
    if not m:
        return None
    title = m.group("title").strip()
    n = int(m.group("n"))
    if minutes:
        if n != _serial(minutes[-1][0].number) + 1:
            return None
    elif m.group("title").endswith(".") and len(title.split()) > 12:
        return None
    if len(title.split()) > 30 or title[:1].islower() or re.match(r"^(?:am|pm|a\.m|p\.m)\b", title, re.I):
        return None
    number = text[: m.start("title")].strip().rstrip(".").strip()
    number = re.sub(r"^minute\s+", "", number, flags=re.I)
    return number, title.rstrip(" .") if not title.endswith("etc.") else title


def _serial(number: str) -> int:
    """The running part of a minute number: 45 in "45", "HWB 45", "45/23" or "45/23/24"."""
    return int(MINUTE_NUMBER.match(f"{number} x").group("n"))


def resolutions(rows: list[Row]) -> list[str]:
    """Every clause of every RESOLVED block in a minute's text."""
    found: list[str] = []
    i = 0
    while i < len(rows):
        m = RESOLVED.match(rows[i].text)
        if not m or not _is_resolved_lead(m):
            i += 1
            continue
        rest = m.group("rest").strip()
        block: list[Row] = []
        j = i + 1
        if rest and not clauses.is_lead_in(m.group("lead") + rest) and not rest.endswith(":"):
            inline = clauses.split_inline(rest)
            if len(inline) > 1:
                found += inline
                i += 1
                continue
            # a single resolution, which may carry on or be followed by numbered clauses
            block.append(Row(rows[i].index, rows[i].line, rest))
        # else "RESOLVED that the Board notes:": the clauses follow
        j = i + 1
        seen_text = bool(block)
        while j < len(rows):
            text = rows[j].text
            if RESOLVED.match(text) and _is_resolved_lead(RESOLVED.match(text)):
                break
            marked = split_marker(text) if text else None
            if text and marked.kind is None and seen_text and _paragraph_break(rows, j):
                break
            if text:
                seen_text = True
            block.append(rows[j])
            j += 1
        found += clauses.clauses_of(block)
        i = j
    return [c for c in found if c]


def _is_resolved_lead(m: re.Match) -> bool:
    lead = m.group("lead").strip().lower()
    if lead.startswith(("recommended", "decision", "resolution")):
        # "Recommended" and "Decision" only as a heading or with a colon
        return m.group("lead").rstrip().endswith((":", "-", "–", "—")) or not m.group("rest").strip()
    if lead.startswith(("the ", "it ")):
        # "The Board RESOLVED that", "It was agreed:"; not "The Board had agreed its structure"
        return (
            bool(
                re.search(
                    r"\b(?:resolved|agreed|decided)\s*(?:[:\-–—,]\s*)?(?:that|to)?\s*[:\-–—]?$",
                    m.group("lead").strip(),
                    re.I,
                )
            )
            and re.search(r"(?:that|to|[:\-–—])$", m.group("lead").strip(), re.I) is not None
        )
    if lead.startswith(("agreed", "decided")) and not m.group("lead").strip().endswith((":", "that", "to")):
        return bool(re.match(r"^(?:agreed|decided)\s*(?:[:\-–—]|that\b)", lead))
    return True


def _paragraph_break(rows: list[Row], j: int) -> bool:
    """True when the unmarked line at j starts a new paragraph (a blank line came before it)."""
    return j > 0 and not rows[j - 1].text


def declarations(rows: list[Row]) -> list[Declaration] | None:
    text_rows = [r for r in rows if r.text and not RESOLVED.match(r.text)]
    found: list[Declaration] = []
    for row in text_rows:
        matches = list(DECLARED.finditer(row.text)) or list(
            DECLARED_IN_A_LIST.finditer(strip_bullet(row.text))
        )
        for m in matches:
            item = ITEM_REF.search(m.group("what"))
            sentence = (
                row.text[m.start() :].split(". ")[0].strip() if m.re is DECLARED else strip_bullet(row.text)
            )
            found.append(
                Declaration(
                    strip_honorifics(m.group("member")),
                    item.group("n") if item else None,
                    sentence,
                    Span.of([row]),
                )
            )
    if found:
        return found
    if any(NO_DECLARATIONS.search(r.text) for r in text_rows[:3]):
        return []
    return None if text_rows else []
