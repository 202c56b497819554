"""Reports and briefing notes in a pack, and what they recommend.

A council report opens with a block of labels ("To:", "From:", "Date:",
"Title:" or "Subject:", "Report of", "Meeting:") under a line naming its
kind ("Briefing note", "Report", "Cabinet Member Report"). Its
recommendations stand under a "Recommendations" heading, or, where there is
none, in a paragraph "The Board is asked to ...".
"""

from __future__ import annotations

import re

from . import clauses
from .dates import find_date
from .records import Report, Span
from .text import Row, split_marker

TITLE_LABEL = re.compile(
    r"^(?:report\s+)?(?:title|subject)(?:\s+of\s+(?:the\s+)?report)?\s*:\s*(?P<value>.*)$|"
    r"^(?:name|title)\s+of\s+(?:the\s+)?report\s*:\s*(?P<value2>.*)$",
    re.I,
)
# The first letters a line matched by TITLE_LABEL or REPORT_TO can start with ("Report", "Title", "Subject",
# "Name"), in any case, with the one other letter the patterns' IGNORECASE takes for one of them (the long s,
# for "s"): most lines are passed over on their first character, without either pattern.
LABEL_STARTS = frozenset("rRtTsSnN\u017f")
HEADER_LABEL = re.compile(
    r"^(?:to|from|date|report\s+(?:of|to|from|author|by)|meeting(?:\s+date)?|date\s+of\s+meeting|author|"
    r"name\s+of\s+cabinet\s+member|lead\s+officer|contact\s+officer|ward\(?s\)?\s+affected|"
    r"director\s+approving)\b[^:]{0,30}:",
    re.I,
)
KIND_LINE = re.compile(
    r"^(?:public\s+|private\s+|information\s+|covering\s+|cabinet\s+member\s+|committee\s+|officer\s+|"
    r"scrutiny\s+|council\s+)?(?:report|briefing\s+note|briefing\s+paper|briefing|note|paper|"
    r"position\s+statement|cover\s+report|covering\s+report)$",
    re.I,
)
RECOMMENDATIONS = re.compile(
    r"^(?:(?P<n>\d{1,2})\.?\s+)?recommendations?(?:\s*\(s\))?(?:\s+for\s+\w+)?\s*:?$", re.I
)
ASKED = re.compile(r"\b(?:is|are)\s+(?:asked|recommended|requested|invited)\s+(?:to\b|:)", re.I)
HEADING_WORDS = re.compile(
    r"^(?:background|information|summary|purpose|options?|implications?|financial|legal|risks?|equalit|"
    r"consultation|timescales?|comments?|report|appendices|appendix|context|introduction|current|proposals?|"
    r"details?|reasons?|key|next\s+steps|conclusions?|health|other|impact|list\s+of|supporting|contact)\b",
    re.I,
)
STOP = re.compile(
    r"^(?:list\s+of\s+appendices|appendices|background\s+papers?|report\s+author|author|enquiries|"
    r"contact\s+officer|name\s+and\s+job\s+title|has\s+it\s+been)\b",
    re.I,
)


def find_reports(rows: list[Row]) -> list[tuple[int, int]]:
    """Positions (start, title row) of each report's header block."""
    found: list[tuple[int, int]] = []
    last_title = -100
    for i, row in enumerate(rows):
        if i - last_title < 15 or row.text[:1] not in LABEL_STARTS:
            continue
        if TITLE_LABEL.match(row.text):
            window = [r for r in rows[max(0, i - 14) : i + 6] if r.text]
            labels = sum(1 for r in window if HEADER_LABEL.match(r.text))
            kind_at = _kind_line(rows, i)
            if labels >= 2 or kind_at is not None:
                found.append((kind_at if kind_at is not None else _first_label(rows, i), i))
                last_title = i
        elif REPORT_TO.match(row.text):
            title_at = _unlabelled_title(rows, i)
            if title_at is not None:
                found.append((i, title_at))
                last_title = title_at
    return found


# "Report to the Health and Wellbeing Board" heading a report whose title stands on its own line below,
# followed by "Report of the Director of ...".
REPORT_TO = re.compile(
    r"^report\s+(?:to|for)\s+(?:the\s+)?[A-Z][^:]{3,100}\b(?:board|committee|panel|cabinet|"
    r"council|partnership|forum)\b",
    re.I,
)
REPORT_OF = re.compile(r"^(?:(?:joint\s+)?report\s+(?:of|by|from)|lead\s+officer|author)\b", re.I)


def _unlabelled_title(rows: list[Row], i: int) -> int | None:
    following = [k for k in range(i + 1, min(i + 25, len(rows))) if rows[k].text][:8]
    title_at = None
    for k in following:
        text = rows[k].text
        if REPORT_OF.match(text):
            return title_at
        if (
            title_at is None
            and not find_date(text)
            and not HEADER_LABEL.match(text)
            and len(text.split()) <= 20
        ):
            title_at = k
    return None


def _kind_line(rows: list[Row], i: int) -> int | None:
    seen = 0
    for j in range(i - 1, max(-1, i - 30), -1):
        text = rows[j].text
        if not text:
            continue
        seen += 1
        if KIND_LINE.match(text):
            return j
        if seen > 12:
            break
    return None


def _first_label(rows: list[Row], i: int) -> int:
    start = i
    for j in range(i - 1, max(-1, i - 15), -1):
        if HEADER_LABEL.match(rows[j].text):
            start = j
    return start


def read_report(rows: list[Row], start: int, title_at: int, end: int) -> Report:
    kind = "report"
    if KIND_LINE.match(rows[start].text):
        # the kind line nearest the title: "Public report" / "Cabinet Member Report" -> the latter
        nearest = _kind_line(rows, title_at)
        kind = _kind_name(rows[nearest].text if nearest is not None else rows[start].text)
    m = TITLE_LABEL.match(rows[title_at].text)
    if m is None:  # an unlabelled title line under "Report to ..."
        title = rows[title_at].text
    else:
        title = (m.group("value") or m.group("value2") or "").strip()
        if not title:
            title = next((r.text for r in rows[title_at + 1 : title_at + 5] if r.text), "")
    body = rows[title_at + 1 : end]
    return Report(
        agenda_item=None,
        kind=kind,
        title=title,
        recommendations=recommendations(body),
        span=Span.of([r for r in rows[start:end] if r.text]),
    )


def _kind_name(text: str) -> str:
    words = text.strip().split()
    out = []
    for w in words:
        out.append(
            w if w.lower() in ("cabinet", "member") and text.lower().startswith("cabinet") else w.lower()
        )
    kind = " ".join(out)
    kind = re.sub(r"^(?:public|private)\s+", "", kind)
    return kind.replace("cabinet member", "Cabinet Member").replace("Cabinet Member", "Cabinet Member")


def recommendations(rows: list[Row]) -> list[str]:
    """The recommendations of a report from the rows after its header."""
    start = None
    section = None
    for k, row in enumerate(rows[:400]):
        m = RECOMMENDATIONS.match(row.text)
        if m:
            start, section = k + 1, int(m.group("n")) if m.group("n") else None
            break
    if start is None:
        for k, row in enumerate(rows[:150]):
            if ASKED.search(row.text):
                start = k
                break
    if start is None:
        return []
    block: list[Row] = []
    last: tuple[str | None, int] | None = None  # marker style and number of the last numbered clause
    for row in rows[start : start + 80]:
        text = row.text
        if text and (STOP.match(text) or _next_section(text, section, last)):
            break
        marked = split_marker(text) if text else None
        if marked and marked.label and marked.label.isdigit():
            last = (marked.kind, int(marked.label))
        if (
            text
            and any(b.text for b in block)
            and text.endswith(":")
            and not clauses.is_lead_in(text)
            and marked.kind is None
            and len(text.split()) < 10
        ):
            break  # "List of Appendices included:" and the like
        block.append(row)
    return clauses.clauses_of(block)


NUMBERED_HEADING = re.compile(r"^(\d{1,2})(\.?)\s+(?P<title>[A-Z].{0,80})$")  # "3 Information/Background"


def _next_section(text: str, section: int | None, last: tuple[str | None, int] | None) -> bool:
    """A numbered heading after the recommendations ("3 Information/Background"), not the next clause."""
    heading = NUMBERED_HEADING.match(text)
    if not heading or text.rstrip().endswith((".", ";", ":")):
        return False
    n = int(heading.group(1))
    style = "num_dot" if heading.group(2) else None
    continues_list = last is not None and last[0] == style and n == last[1] + 1
    named_like_heading = bool(HEADING_WORDS.match(heading["title"]))
    if section is not None and n == section + 1:
        return named_like_heading or not continues_list
    return named_like_heading and not continues_list
