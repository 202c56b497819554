"""A meeting document as a sequence of blocks, each read by its own reader.

Committee web pages (ModernGov, CMIS) and minutes saved from PDFs share one
structure whatever council printed them: a heading (see ``heading``), an
attendance block, then items. An item is a number ("23.", "23", "(23)",
"Item 5", "HWB/23/5", "CAB/150", "A20/005", "4a", "5.1"), printed on the
title's line or alone on the line above it, or no number at all (many pages
print none: the number is then None); then its title; then perhaps the
agenda's description and the "Minutes:" / "Decision:" sections. Inside an
item, resolution blocks, apologies, declarations and attendance are read
wherever they stand, by the readers in ``proceedings`` and ``minutes``.

A document with no sign of being a meeting's record (no heading, no items
with minutes, no attendance) gives None: nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import clauses
from .heading import Heading, read_heading
from .minutes import resolutions
from .proceedings import (
    ATTENDANCE_LABEL,
    IN_THE_CHAIR,
    apologies_in,
    attendance_in,
    declarations_in,
    heads_declarations,
    same_person,
)
from .records import Meeting, Minute, Span
from .text import Row, split_marker, strip_furniture

PAGE_TITLE = re.compile(
    r"^(?:agenda(?:,|\s+and)?\s+(?:(?:draft\s+)?decisions?\s+and\s+)?(?:draft\s+)?minutes|minutes|draft\s+minutes|"
    r"decisions(?:\s+published)?|issue\s*-\s*meetings|agenda\s+item)\b",
    re.I,
)
ITEMS_HEADER = re.compile(r"^(?:note\s*,?\s+)?no\.?\s*[|,]?\s*item\s*\|?$", re.I)
SECTION_LABEL = re.compile(
    r"^(?P<label>minutes|decisions?|delegated\s+decisions?|additional\s+documents|supporting\s+documents|"
    r"decision\s+taken|outcome)\s*:\s*(?P<rest>.*)$",
    re.I,
)
INLINE_LABEL = re.compile(
    r"\s+(?=(?:Additional\s+documents|Minutes|Decision|Delegated\s+decision|Supporting\s+documents)\s*:)"
    r"|(?<=[.:])\s+(?=(?:UNANIMOUSLY\s+)?RESOLVED\b)"
)
# Numbers as clerks print them: 23 / 23. / (23) / 4a / 5.1 / 1/23 / CAB/150 / HWB/23/5 / A20/005 / AM119 / 1 (116)
_NUMBER = (
    r"\d{1,3}\s\(\d{1,4}\)|\d{1,4}[a-z]?|\d{1,3}\.\d{1,2}|\d{1,4}/\d{2,4}|[A-Z]{1,6}\s?/\s?\d{1,4}(?:/\d{1,4}){0,2}|"
    r"[A-Z]{1,4}\d{1,4}(?:/\d{1,4}){1,2}|[A-Z]{1,4}\.?\d{1,4}|[A-Z]{1,6}/\d{2,4}/\d{1,4}"
)
NUMBER_ALONE = re.compile(rf"^(?:item\s+|minute\s+)?\(?(?P<n>{_NUMBER})\)?\.?$", re.I)
NUMBER_AND_TITLE = re.compile(
    rf"^(?i:(?:agenda\s+)?item\s+|minute\s+)?\(?(?P<n>{_NUMBER})\)?(?:[.:)]|\s*[-–])?\s+(?P<title>[A-Z0-9(‘'\"].*)$"
)
# Where an agenda's description starts after a title on the same line (a table cell).
DESCRIPTION = re.compile(
    r"\s+(?=To\s+[a-z]|Members\s+(?:are|is|should|will|may|must)\b|Under\s+|In\s+accordance\s+with\b|"
    r"Pursuant\s+to\b|Notice\s+of\s+items\b|Including\s+|Purpose\s*:|The\s+(?:Chair|Chairman|Chairperson|Mayor|"
    r"Leader|Committee|Board|Council|Cabinet|Panel)\s+(?:to|will|is|may)\b)"
)
NOT_A_TITLE = re.compile(
    r"^(?:none|nil|n/a|no\s|no\.?$|there\s|it\s+was|this\s|these\s|contact|venue|media|webcast|link|note|items?$|"
    r"decisions(?:\s+published)?$|meeting\s+details|meeting\s+summary|documents$|"
    r"no\.?\s+item|page\s|click|view\s|additional\s+documents|supporting\s+documents|agenda(?:,|\s+and|$)|"
    r"meeting\s*:|decision\s+maker|made\s+at|decision\s+published|effective\s+from|vote\s+taken|"
    r"(?:resolved|agreed|decided|recommended)\b|present\s*:|apolog\w*\s*:|in\s+attendance|also\s+in)",
    re.I,
)
APOLOGY_TITLE = re.compile(r"\bapolog|\babsence\b|\bsubstitut", re.I)
INTEREST_TITLE = re.compile(
    r"\b(?:declarations?|disclosures?|declaring)\b(?!\s+of\s+(?:substitute|lobbying|whipping|party))|\binterests?\b",
    re.I,
)
PRESENT_TITLE = re.compile(r"^(?:present|attendance|members\s+present|in\s+attendance)\b", re.I)
MOVED_THAT = re.compile(r"\bit\s+was\s+moved\s+by\b.{0,200}?\bthat\s+(?P<motion>.+?)\.?\s*$", re.I)
CARRIED = re.compile(r"\b(?:motion|proposal|amendment)\b.{0,40}\b(?:agreed|carried)\b", re.I)


@dataclass
class Item:
    number: str | None
    title: str
    rows: list[Row] = field(default_factory=list)


def explode(rows: list[Row]) -> list[Row]:
    """Lines as a reader sees them: a table row's cells apart, and the "Minutes:" / "Decision:" labels a page
    runs into one line each on a line of its own (each cell or label after a blank, as a page shows it)."""
    out: list[Row] = []
    for row in rows:
        text = row.text
        short = _short_cells(row)
        if short:
            # a row of short cells ("Jo Bell | Director of Care", "No. | Item") reads as one line
            out.append(Row(row.index, row.line, ", ".join(short)))
            continue
        if "|" in text:
            if re.fullmatch(r"[|\s:-]*", text):
                out += [Row(row.index, row.line, ""), Row(row.index, row.line, "")]
                continue
            cells = [c.strip() for c in text.split("|")]
            for k, cell in enumerate(cells):
                if k and cells[k - 1] == "" and cell:
                    out += [Row(row.index, row.line, ""), Row(row.index, row.line, "")]
                if cell:
                    out += _labels_apart(row, cell)
            if text.rstrip().endswith("|"):
                out += [Row(row.index, row.line, ""), Row(row.index, row.line, "")]
            continue
        out += _labels_apart(row, text)
    return out


def _short_cells(row: Row) -> list[str] | None:
    raw = row.line.text
    if "|" in row.text:
        cells = [c.strip() for c in row.text.split("|") if c.strip()]
    elif "\t" in raw.strip():
        cells = [c.strip() for c in raw.split("\t") if c.strip()]
    else:
        return None
    if (
        len(cells) >= 2
        and all(len(c.split()) <= 8 for c in cells)
        and not all(re.fullmatch(r"[\s:-]*", c) for c in cells)
    ):
        return cells
    return None


def _labels_apart(row: Row, text: str) -> list[Row]:
    if ":" not in text and "RESOLVED" not in text:
        return [Row(row.index, row.line, text)]
    parts = INLINE_LABEL.split(text)
    out = []
    for part in parts:
        m = SECTION_LABEL.match(part)
        if m and m.group("rest"):
            out += [
                Row(row.index, row.line, f"{m.group('label')}:"),
                Row(row.index, row.line, m.group("rest").strip()),
            ]
        else:
            out.append(Row(row.index, row.line, part.strip()))
    return out


def _clean_title(text: str) -> str:
    text = strip_furniture(text)
    m = DESCRIPTION.search(text)
    if m and m.start() > 2:
        text = text[: m.start()]
    return text.strip(" ,|")


def _title_like(text: str, numbered: bool = False) -> bool:
    """A line that can be an item's title. A title with its number above it may end in ":" or ";" or start
    with a clause letter ("a) Election of Chair b) ..."); one without must look like a heading."""
    title = _clean_title(text)
    if not title or len(title.split()) > 25 or len(title) > 200 or NOT_A_TITLE.match(title):
        return False
    if ATTENDANCE_LABEL.match(title) and re.match(r"^[\w ]+\s*[:–-]", title) or IN_THE_CHAIR.match(title):
        return False
    if numbered:
        return not re.search(r"\b(?:was|were|had|has|have)\b", title) or len(title.split()) <= 4
    if not (title[:1].isupper() or title[:1].isdigit() or title[:1] in "‘'\"("):
        return False
    if split_marker(title).kind is not None:
        return False
    if title.endswith((":", ";", ",")):
        return False
    if (
        title.endswith(".")
        and not re.match(r"^To\s+[a-z]", title)
        and not title.isupper()
        and len(title.split()) > 6
    ):
        return False
    if re.search(r"\b(?:was|were|had|has|have|is|are|will|would)\b", title) and not re.match(
        r"^To\s+[a-z]", title
    ):
        return False
    return (
        not re.search(r"\b(?:of|and|the|to|at|for|in|on|with|a|an)$", title, re.I) or len(title.split()) <= 3
    )


def _items(rows: list[Row], start: int, heading: Heading, single_page: bool) -> list[Item]:
    """The items from ``start`` on: numbered alone, numbered on the title's line, or (pages that print no
    numbers) titled paragraphs set apart by a blank line pair or followed by their "Minutes:" label."""
    tail = rows[start:]
    alone = _numbered_alone(tail)
    if alone:
        return alone
    inline = _numbered_inline(tail)
    first = next((r for r in tail if r.text), None)
    if len(inline) >= 2 or (
        inline
        and (first is inline[0].rows[0] or inline[0].number == "1" or re.search(r"[A-Z/]", inline[0].number))
    ):
        return inline
    return _unnumbered(tail, single_page, heading)


def _next_text(rows: list[Row], k: int, limit: int = 4) -> int | None:
    for j in range(k + 1, min(len(rows), k + 1 + limit)):
        if rows[j].text:
            return j
    return None


def _numbered_alone(rows: list[Row]) -> list[Item]:
    items: list[Item] = []
    skip_to = -1
    for k, row in enumerate(rows):
        if k <= skip_to:
            continue
        m = NUMBER_ALONE.match(row.text)
        if not m:
            if items:
                items[-1].rows.append(row)
            continue
        j = _next_text(rows, k)
        number = re.sub(r"\s+", "", m.group("n")) if "(" not in m.group("n") else m.group("n")
        if j is None or not _title_like(rows[j].text, numbered=True) or NUMBER_ALONE.match(rows[j].text):
            if items and items[-1].number == number:
                continue  # a page's running number repeated
            if items:
                items[-1].rows.append(row)
            continue
        if items and items[-1].number == number:
            items[-1].rows.append(row)
            continue
        items.append(Item(number, _clean_title(rows[j].text), [rows[j]]))
        skip_to = j
    return items if len(items) >= 1 and _plausible(items) else []


def _plausible(items: list[Item]) -> bool:
    """Numbers alone on lines are items when there are several, or one with its "Minutes:" (a lone "7" above
    a heading may be a page number)."""
    if len(items) >= 2:
        return True
    return any(r.text for r in items[0].rows[1:])


def _numbered_inline(rows: list[Row]) -> list[Item]:
    items: list[Item] = []
    for k, row in enumerate(rows):
        m = NUMBER_AND_TITLE.match(row.text)
        if m and CONNECTOR_END.search(m.group("title")) and k + 1 < len(rows) and rows[k + 1].text:
            # a title wrapped after a connecting word: "Update on the" / "Enhanced Partnership"
            joined = f"{row.text} {rows[k + 1].text}"
            if len(rows[k + 1].text.split()) <= 8 and NUMBER_AND_TITLE.match(joined):
                m = NUMBER_AND_TITLE.match(joined)
        if m and _title_like(m.group("title")) and _follows(items, m.group("n")):
            items.append(
                Item(
                    m.group("n").replace(" ", "") if "/" in m.group("n") else m.group("n"),
                    _clean_title(m.group("title")),
                    [row],
                )
            )
            continue
        if items:
            items[-1].rows.append(row)
    return items


CONNECTOR_END = re.compile(r"\b(?:of|and|the|to|at|for|in|on|with|a|an)$|[&:,–-]$", re.I)


def _serial(number: str) -> tuple[str, int] | None:
    m = re.match(r"^(?P<prefix>.*?)(?P<n>\d+)(?:\.\d+|[a-z]|\s\(\d+\))?$", number)
    if not m:
        return None
    return re.sub(r"\d", "#", m.group("prefix")), int(m.group("n"))


def _follows(items: list[Item], number: str) -> bool:
    """An inline number starts an item only if it carries on the sequence (numbered paragraphs restart)."""
    here = _serial(number)
    if here is None:
        return False
    if not items:
        return True
    before = _serial(items[-1].number or "")
    return (
        before is not None
        and before[0] == here[0]
        and here[1] in (before[1], before[1] + 1)
        and number != items[-1].number
    )


def _unnumbered(rows: list[Row], single_page: bool, heading: Heading) -> list[Item]:
    items: list[Item] = []
    blanks = 2
    for k, row in enumerate(rows):
        if not row.text:
            blanks += 1
            if items:
                items[-1].rows.append(row)
            continue
        j = _next_text(rows, k, 3)
        labelled = (
            j is not None and bool(SECTION_LABEL.match(rows[j].text)) and not SECTION_LABEL.match(row.text)
        )
        furnished = bool(re.search(r"\bPDF\s+\d+(?:\.\d+)?\s*[KM]B\b|\sref:\s*\d+", row.text))
        apart = blanks >= 2 or labelled or furnished or (row.text.isupper() and len(row.text.split()) <= 8)
        if apart and _title_like(row.text):
            # a heading straight after a title, with nothing between, is that item's description
            bare = bool(items) and not any(r.text for r in items[-1].rows[1:])
            if not bare:
                items.append(Item(None, _clean_title(row.text), [row]))
                blanks = 0
                continue
        if items:
            background = BACKGROUND.search(split_marker(row.text).text)
            if background and items[-1].number is None:
                items[-1].number = background.group("n")
            items[-1].rows.append(row)
        blanks = 0
    if single_page and len(items) > 1 and not _decision_list(rows):
        # a single item's page: what looks like further titles is the item's own text
        for other in items[1:]:
            items[0].rows += other.rows
        items = items[:1]
    return items


def _decision_list(rows: list[Row]) -> bool:
    """A page of decisions: one entry per decision, each with its "Decision:" section."""
    return sum(1 for r in rows if re.match(r"^decision\s*:", r.text, re.I)) >= 2


# ModernGov prints "View the background to item 3." under each title of a page whose numbers are lost.
BACKGROUND = re.compile(r"^view\s+the\s+background\s+to\s+item\s+(?P<n>[\w./]+?)\.?$", re.I)


def _sections(item: Item) -> tuple[list[Row], list[Row], bool]:
    """An item's rows split into its agenda description and its record ("Minutes:" and "Decision:"), and
    whether it had a "Decision:" section. Without labels, everything after the title is the record."""
    description: list[Row] = []
    record: list[Row] = []
    labelled = False
    decision = False
    target = description
    for row in item.rows[1:]:
        m = SECTION_LABEL.match(row.text)
        if m:
            label = m.group("label").lower()
            labelled = True
            if label.startswith(("additional", "supporting")):
                target = description
                continue
            decision = decision or "decision" in label or label == "outcome"
            target = record
            record.append(Row(row.index, row.line, ""))
            record.append(Row(row.index, row.line, f"{m.group('label')}:"))
            if m.group("rest"):
                record.append(Row(row.index, row.line, m.group("rest")))
            continue
        target.append(row)
    if not labelled:
        return [], description, False
    return description, record, decision


def paragraphs_of(rows: list[Row]) -> list[str]:
    """The text as paragraphs: lines joined; a blank line, a label or a list marker ("1.1", "-", "(a)") starts
    a new one."""
    out: list[str] = []
    current: list[str] = []
    for row in rows:
        marked = split_marker(row.text) if row.text else None
        if marked is not None and marked.kind is not None and current:
            out.append(" ".join(current))
            current = []
        if row.text and not SECTION_LABEL.match(row.text):
            if current and len(current[-1]) > 200:
                # a line this long is a paragraph a web page printed whole, not a line a PDF wrapped
                out.append(" ".join(current))
                current = []
            current.append(row.text)
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _lines(rows: list[Row]) -> list[str]:
    return [r.text for r in rows]


def item_resolutions(record: list[Row]) -> list[str]:
    """Every resolution of an item, a decision printed under "Decision:" and again under "Minutes:" once."""
    found: list[str] = []
    blocks: list[tuple[bool, list[Row]]] = []
    for row in record:
        m = SECTION_LABEL.match(row.text)
        if m:
            blocks.append(("decision" in m.group("label").lower(), []))
            continue
        if not blocks:
            blocks.append((False, []))
        blocks[-1][1].append(row)
    for is_decision, rows in blocks:
        rows = [Row(r.index, r.line, UNANIMOUSLY.sub("", r.text)) for r in rows]
        clauses_here = resolutions(rows)
        if not clauses_here:
            said = " ".join(r.text for r in rows).lower()
            if "resolved" in said or "agreed" in said or "decided" in said:
                clauses_here = _body_resolved(rows)
            if not clauses_here and "moved" in said:
                clauses_here = _moved_and_carried(rows)
        if not clauses_here and is_decision:
            # a "Decision:" with no RESOLVED in it is the decision itself
            kept = [r for r in rows if not re.match(r"^vote\s+taken\b", r.text, re.I)]
            clauses_here = clauses.clauses_of(kept)
        for c in clauses_here:
            for part in _lettered(c):
                part = _tidy(part)
                if part and not any(_same_clause(part, f) for f in found):
                    found.append(part)
    return found


UNANIMOUSLY = re.compile(r"^(?:it\s+was\s+)?unanimously\s+(?=resolved\b)", re.I)
# "The Council resolved, in accordance with ..., that ...", "Cabinet resolved to ...", "The Board agreed that ..."
BODY_RESOLVED = re.compile(
    r"^(?:the\s+)?(?P<body>(?:[A-Z][\w&'-]*\s+){0,5}?(?:council|committee|sub-committee|board|cabinet|panel|"
    r"executive|commission|forum|group|authority|partnership|assembly|members))\s+(?:(?:then|therefore|also)\s+)?"
    r"(?:unanimously\s+)?(?:resolved|agreed|decided)\b(?:\s+unanimously)?\s*(?P<rest>(?:,|to\b|that\b|:).*)$",
    re.I,
)


def _body_resolved(rows: list[Row]) -> list[str]:
    out = []
    for paragraph in paragraphs_of(rows):
        for sentence in re.split(r"(?<=[a-z0-9)][.])\s+(?=[A-Z])", paragraph):
            m = BODY_RESOLVED.match(sentence.strip())
            if m:
                rest = re.sub(r"^(?:,\s*|that\s+|:\s*)", "", m.group("rest").strip(), flags=re.I)
                out += clauses.split_inline(rest)
    return out


LETTERED = re.compile(r"(?:^|\s)(?P<l>[A-H])\s+(?=[A-Z][a-z])")


def _lettered(text: str) -> list[str]:
    """Clauses lettered in capitals on one line: "A Note the report B Confirm the membership C ..."."""
    marks, expected = [], "A"
    for m in LETTERED.finditer(text):
        if m.group("l") == expected:
            marks.append(m)
            expected = chr(ord(expected) + 1)
    if len(marks) < 2 or text[: marks[0].start()].strip():
        return [text]
    bounds = [m.end() for m in marks] + [len(text)]
    starts = [m.start() for m in marks[1:]] + [len(text)]
    return [text[b:e].strip() for b, e in zip(bounds, starts, strict=False)]


def _tidy(clause: str) -> str:
    """A clause without the narrative that follows it ("It was noted ...")."""
    clause = re.split(r"(?<=[.])\s+(?=It\s+was\s+(?:noted|agreed|moved|reported|confirmed)\b)", clause)[0]
    return clause.strip()


def _moved_and_carried(rows: list[Row]) -> list[str]:
    """ "It was moved by X and seconded by Y that <motion>." ... "The motion was put to the vote and AGREED."."""
    paragraphs = paragraphs_of(rows)
    for k, p in enumerate(paragraphs):
        m = MOVED_THAT.search(p)
        if m and any(CARRIED.search(q) for q in paragraphs[k + 1 : k + 3]):
            return [m.group("motion").strip() + "."]
    return []


def _same_clause(a: str, b: str) -> bool:
    fa, fb = re.sub(r"\W+", " ", a.lower()).strip(), re.sub(r"\W+", " ", b.lower()).strip()
    return fa == fb or (len(fa) > 20 and (fa.startswith(fb[:60]) or fb.startswith(fa[:60])))


def is_meeting_page(rows: list[Row]) -> bool:
    return any(PAGE_TITLE.match(r.text) for r in rows[:12] if r.text)


def read_meeting(rows: list[Row]) -> Meeting | None:
    """The minutes meeting a document records, read block by block; None if it records none."""
    rows = explode(rows)
    titled = next((k for k, r in enumerate(rows[:15]) if r.text and PAGE_TITLE.match(r.text)), None)
    header_end = next((k for k, r in enumerate(rows) if ITEMS_HEADER.match(r.text)), None)
    first_label = next((k for k, r in enumerate(rows) if SECTION_LABEL.match(r.text)), len(rows))
    heading = read_heading(rows[: header_end if header_end is not None else min(first_label, 80)])
    position = {r.index: k for k, r in enumerate(rows)}
    start = (
        header_end + 1
        if header_end is not None
        else (position.get(heading.at, -1) + 1 if heading.at >= 0 else 0)
    )
    single = titled is not None and re.match(
        r"^(?:agenda\s+item|issue\s*-\s*meetings|decisions)", rows[titled].text, re.I
    )
    if single and header_end is None:
        start = titled + 1
    items = _items(rows, start, heading, bool(single))
    if heading.form == "item page" and items:
        if heading.item and items[0].number is None:
            items[0].number = heading.item
        # the title printed above and again below the "Meeting:" line
        items = [
            it
            for k, it in enumerate(items)
            if not (k and it.title == items[0].title and len(items[k - 1].rows) <= 2)
        ]
    preamble_end = position.get(items[0].rows[0].index, len(rows)) if items else len(rows)
    preamble_rows = rows[
        start if header_end is not None else max(0, position.get(heading.at, -1) + 1) : preamble_end
    ]
    if header_end is not None:
        preamble_rows = rows[header_end + 1 : preamble_end]
    present, apologies = attendance_in(_lines(preamble_rows))
    # Each item's record and resolutions first: a document that says nothing of a meeting (a strategy with
    # headings) is let go before the attendance and interest readers go through every paragraph of it.
    sections = [_sections(item) for item in items]
    any_record = any(
        bool(description) or any(SECTION_LABEL.match(r.text) for r in record)
        for description, record, _ in sections
    )
    decided = [item_resolutions(record) for _, record, _ in sections]
    if not (
        (titled is not None and not re.match(r"^agenda$", rows[titled].text, re.I))
        or heading.form in ("sentence", "item page")
        or any_record
        or present
        or any(PRESENT_TITLE.match(item.title) for item in items)
        or any(decided)
    ):
        return None
    declarations = None
    minutes: list[Minute] = []
    said_apologies = apologies
    for item, (_, record, _), item_decided in zip(items, sections, decided, strict=True):
        paragraphs = paragraphs_of(record)
        title = item.title
        if PRESENT_TITLE.match(title):
            p, a = attendance_in(["Present:"] + _lines(record))
            present = present or p
            said_apologies = said_apologies if said_apologies is not None else a
        found = apologies_in(paragraphs, bool(APOLOGY_TITLE.search(title)))
        if found is not None:
            said_apologies = _merge(said_apologies, found)
        about = bool(INTEREST_TITLE.search(title))
        found_d = declarations_in(paragraphs, about)
        if found_d is not None and (about or found_d or heads_declarations(paragraphs)):
            declarations = (declarations or []) + found_d if found_d or declarations is None else declarations
        minute = Minute(item.number or "", title, item_decided)
        minute.text = "\n\n".join(paragraphs)
        minute.span = Span.of([r for r in item.rows if r.text])
        minutes.append(minute)
    # sentences outside any item: a preamble in prose, or a page with no item headings left
    loose = paragraphs_of(preamble_rows)
    found = apologies_in(loose)
    if found is not None:
        said_apologies = _merge(found, said_apologies)
    found_d = declarations_in(loose, False)
    if found_d:
        declarations = found_d + (declarations or [])
    elif found_d == [] and declarations is None:
        declarations = []
    signals = sum(
        [
            titled is not None,
            heading.form in ("sentence", "item page"),
            any_record,
            bool(present),
            said_apologies is not None,
            bool(declarations),
            any(m.resolutions for m in minutes),
        ]
    )
    minutes_said = (
        (titled is not None and not re.match(r"^agenda$", rows[titled].text, re.I))
        or heading.form in ("sentence", "item page")
        or any_record
        or bool(present)
        or any(m.resolutions for m in minutes)
    )
    if signals < 2 or not minutes_said:
        return None
    span = Span.of([r for r in rows if r.text])
    _locate(rows, present, said_apologies, declarations)
    return Meeting(
        kind="minutes",
        body=heading.body,
        date=heading.date,
        time=heading.time,
        venue=heading.venue,
        items=minutes,
        present=present,
        apologies=said_apologies,
        declarations=declarations,
        span=span,
    )


def _locate(rows: list[Row], *records) -> None:
    """Give each person record the line it was read from: the first line naming them (for a declaration,
    the first naming them with an interest), so every record says where it came from."""
    for found in records:
        for record in found or []:
            if record.span is not None:
                continue
            name = getattr(record, "name", None) or record.member
            surname = name.split()[-1] if name.split() else name
            lines = [r for r in rows if surname in r.text]
            if hasattr(record, "member"):
                lines = [r for r in lines if re.search(r"interest|declar|disclos", r.text, re.I)] or lines
            if lines:
                record.span = Span.of(lines[:1])


def _merge(first, second):
    """Apologies read in two places as one list: one entry a person, with the substitute either names."""
    if first is None:
        return second
    if second is None:
        return first
    merged = list(first)
    for apology in second:
        same = next((a for a in merged if same_person(a.name, apology.name)), None)
        if same is None:
            merged.append(apology)
        else:
            same.substitute = same.substitute or apology.substitute
    return merged


__all__ = ["read_meeting", "is_meeting_page", "clauses"]
