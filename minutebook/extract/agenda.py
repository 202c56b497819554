"""The agenda front sheet: which body meets when and where, and its items.

Front sheets differ in layout but not in content: the body's name, a date
and time ("Time and Date", "Date:", or a sentence "A meeting of ... will be
held on ..."), a place ("Place", "Venue", "Location"), then numbered items,
each with an optional "(Pages X - Y)", a presenter line ("Report of ...",
"Presentation by ...", "... will report") and lettered sub-items, under
section headings ("Public Business", "Development Items") that are not items.
"""

from __future__ import annotations

import re

from .dates import find_date, find_time
from .records import AgendaItem, Meeting, Span, SubItem
from .text import Row, join_number_cells, split_marker, strip_bullet, strip_furniture

PAGES = re.compile(
    r"\(?\s*\bPages?\s+(?P<first>\d{1,4})(?:\s*(?:[-–—]|to|\s)\s*(?P<last>\d{1,4}))?\s*\)?", re.I
)
PRESENTER = re.compile(
    r"^(?:(?:joint\s+)?reports?\s+(?:of|by|from)\b|(?:verbal\s+)?(?:presentation|update|briefing(?:\s+note)?|"
    r"report)s?\s+(?:of|by|from)\b|reports?\s+attached\b|verbal\s+(?:report|update)\b|to\s+be\s+presented\s+by\b|"
    r"lead\s+officer\s*:|presenter\s*:|contact\s+officer\s*:)|\bwill\s+(?:report|present|attend|update)\b",
    re.I,
)
BODY_WORDS = re.compile(
    r"\b(board|committee|sub-committee|panel|partnership|forum|cabinet|council|commission|group|assembly|"
    r"executive|scrutiny)\b",
    re.I,
)
# "Anytown Borough Council" names the publisher, not the meeting's body.
COUNCIL_ONLY = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'&-]*\s+){0,4}(?:city|county|borough|district|town|parish|"
    r"metropolitan\s+borough)?\s*council$",
    re.I,
)
SECTION = re.compile(
    r"^(?:part\s+[ab12i]+\b.*|(?:public|private|open|exempt|confidential)\s+(?:business|items?|session|part)\b.*|"
    r"[\w ,&/-]{3,50}\s+items?)$",
    re.I,
)
SKIP_FOR_BODY = re.compile(
    r"^(?:public\s+document\s+pack|agenda|notice\s+of\s+(?:the\s+)?meeting|supplementary|summons|"
    r"time\s+and\s+date|date\s+and\s+time|place|venue)\b",
    re.I,
)
DATE_LABEL = re.compile(
    r"^(?:time\s+and\s+date|date\s+and\s+time|date|time|when|meeting\s+date)\s*:?\s*", re.I
)
VENUE_LABEL = re.compile(r"^(?:place|venue|location|where|meeting\s+venue)\s*:?\s*", re.I)
# A note the clerk runs on after the place: "Virtual Meeting, please note you can join from a browser".
VENUE_NOTE = re.compile(r"\s*[,.;:–-]\s*(?:please\s+note|please\s+be\s+aware|note\s*:|note\s+that)\b.*$", re.I)
WILL_BE_HELD = re.compile(
    r"\b(?:a\s+)?meeting\s+of\s+(?:the\s+)?(?P<body>.+?)\s+will\s+be\s+held\b(?P<rest>.*)$", re.I
)


def read_agenda(rows: list[Row]) -> Meeting | None:
    """The front sheet's meeting, or None when these lines are not a front sheet."""
    items, first_item_at = _items(rows)
    if len(items) < 2:
        items, first_item_at = _unnumbered_items(rows)
    if len(items) < 2:
        return None
    header = [r for r in rows[:first_item_at] if r.text]
    body = _body(header)
    date, time, venue = _when_and_where(header)
    if date is None or (time is None and venue is None):
        return None  # a numbered list without a when and where is not a front sheet
    return Meeting(
        kind="agenda",
        body=body,
        date=date,
        time=time,
        venue=venue,
        items=items,
        span=Span.of([r for r in rows if r.text]),
    )


def _body(header: list[Row]) -> str | None:
    """The board or committee the front sheet is for; the council's own name only where no body is named."""
    council = None
    for row in header[:25]:
        text = row.text.strip(" :")
        m = WILL_BE_HELD.search(text)
        if m:
            return m.group("body").strip()
        if SKIP_FOR_BODY.match(text) or find_date(text) or len(text.split()) > 12 or text.endswith("."):
            continue
        if BODY_WORDS.search(text):
            if not COUNCIL_ONLY.search(text):
                return text
            council = council or text
    return council


def _when_and_where(header: list[Row]) -> tuple:
    date = time = venue = None
    for i, row in enumerate(header):
        text = row.text
        following = header[i + 1].text if i + 1 < len(header) else ""
        if DATE_LABEL.match(text) and len(text) < 60:
            value = DATE_LABEL.sub("", text) or following
            date = date or find_date(value) or find_date(following)
            time = time or find_time(value) or find_time(following)
        elif VENUE_LABEL.match(text) and venue is None and len(VENUE_LABEL.sub("", text)) < 200:
            value = VENUE_LABEL.sub("", text).strip() or following
            venue = VENUE_NOTE.sub("", _first_sentence(value)).strip(" ,") or None
        elif WILL_BE_HELD.search(text):
            rest = WILL_BE_HELD.search(text).group("rest")
            date, time = date or find_date(rest), time or find_time(rest)
            place = re.search(r"\b(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z][^,.]*(?:,\s*[A-Z][^,.]*)*)", rest)
            if place and not find_time(place.group("place")):
                venue = venue or place.group("place").strip()
    if date is None:
        for row in header:
            if find_date(row.text):
                date, time = find_date(row.text), time or find_time(row.text)
                break
    return date, time, venue


def _first_sentence(text: str) -> str:
    m = re.match(r"^(.+?\.)\s+[A-Z]", text)
    return (m.group(1) if m else text).strip()


def _items(rows: list[Row]) -> tuple[list[AgendaItem], int]:
    """Numbered items in sequence; everything between them is presenter, sub-item or note."""
    items: list[AgendaItem] = []
    first_at = len(rows)
    section: str | None = None
    current: AgendaItem | None = None
    style: str | None = None
    last_rows: list[Row] = []
    start = rows[0].index if rows else 0
    for row in join_number_cells(rows):
        text = row.text
        if not text:
            continue
        marked = split_marker(text)
        numbered = _item_number(marked, text)
        expected = int(items[-1].number) + 1 if items else None
        number = numbered[0] if numbered else None
        if items and style is not None and marked.kind != style:
            number = None  # "(2) Members must ..." in an item's notes, under items numbered "1.", "2."
        if number is not None and (expected is None and number <= 3 or number == expected):
            title, pages = _title_and_pages(numbered[1])
            if title:
                style = style if items else marked.kind
                current = AgendaItem(number=str(number), title=title, pages=pages, section=section)
                paragraph = EXEMPT_PARAGRAPH.search(numbered[1])
                if paragraph and _private(section):
                    current.exempt_paragraph = int(paragraph.group(1))
                    current.title = EXEMPT_NOTE.sub("", current.title).strip(" -–,")
                items.append(current)
                first_at = min(first_at, row.index - start)
                last_rows = [row]
                current.span = Span.of(last_rows)
                continue
        if current is None:
            if SECTION.match(text) and len(text) < 60:
                section = text
            continue
        if SECTION.match(text) and len(text) < 60 and not PRESENTER.search(text):
            section = text
            continue
        bare = BARE_PAGES.fullmatch(text)
        if bare and current.pages is None and int(bare.group(1)) <= int(bare.group(2)):
            # a "Page No." column: "9 - 166" on the line after the title
            current.pages = (int(bare.group(1)), int(bare.group(2)))
            _extend(current, row)
            continue
        if marked.kind in ("paren_alpha", "alpha_paren", "alpha_dot") and marked.label:
            title, pages = _title_and_pages(marked.text)
            current.sub_items.append(SubItem(marked.label.lower(), title, pages, span=Span.of([row])))
            _extend(current, row)
            continue
        paragraph = EXEMPT_PARAGRAPH.search(text)
        if paragraph and current.exempt_paragraph is None and _private(current.section):
            current.exempt_paragraph = int(paragraph.group(1))
            _extend(current, row)
            continue
        presenter = _presenter(marked.text if marked.kind == "bullet" else text)
        if not presenter and _continues_title(current, row, text):
            # a title the converter wrapped: "4. Joint Strategy Refresh: Outcome of" / "Consultation (Pages 5 - 20)"
            more, pages = _title_and_pages(text)
            current.title = f"{current.title} {more}".strip()
            current.pages = current.pages or pages
            _extend(current, row)
            continue
        if presenter:
            target = (
                current.sub_items[-1]
                if current.sub_items and _row_after(current.sub_items[-1], row)
                else current
            )
            if target.presenter is None:
                target.presenter = presenter
            _extend(current, row)
    for item in items:
        if item.pages is None:
            # One paper under a sub-item is the item's paper; several are each their sub-item's.
            ranges = [s.pages for s in item.sub_items if s.pages]
            if len(ranges) == 1:
                item.pages = ranges[0]
    return items, first_at


BARE_PAGES = re.compile(r"(\d{1,4})\s*[-–]\s*(\d{1,4})")
# "(Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972)", "Exempt - para 3"
EXEMPT_PARAGRAPH = re.compile(
    r"\bpara(?:graph)?s?\.?\s*([1-7])\b(?=[^.]{0,80}(?:schedule\s+12a|exempt|$))", re.I
)
EXEMPT_NOTE = re.compile(
    r"\s*(?:\([^()]*\bpara(?:graph)?s?\b[^()]*\)|[-–,]\s*(?:exempt|private|confidential)\b.*)$", re.I
)
PRIVATE = re.compile(r"\b(?:private|exempt|confidential|part\s+(?:b|2|ii))\b", re.I)


def _private(section: str | None) -> bool:
    return bool(section and PRIVATE.search(section))


def _continues_title(item: AgendaItem, row: Row, text: str) -> bool:
    """The line straight after an item's title line (no blank between) that carries the title on."""
    span = item.span
    return (
        span is not None
        and not item.sub_items
        and item.presenter is None
        and row.number == span.last_line + 1
        and span.first_line == span.last_line
        and not item.title.rstrip().endswith((".", ")"))
        and len(text) < 150
        and (text[:1].islower() or bool(PAGES.search(text)) or not text.rstrip().endswith("."))
    )


def _row_after(sub: SubItem, row: Row) -> bool:
    return sub.span is not None and sub.span.last_line < row.number


def _extend(item: AgendaItem, row: Row) -> None:
    if item.span:
        item.span.last_line, item.span.last_page = row.number, row.page


NUMBERED = re.compile(r"^(?:item\s+)?(\d{1,2})\s+(?=[A-Z])", re.I)  # "1 Apologies", "Item 1 Minutes"
TRAILING_DASH = re.compile(r"\s*[-–]\s*$")


def _item_number(marked, text: str) -> tuple[int, str] | None:
    """The item number a line starts with and the text after it: "1.", "- 1.", "(1)", "1 Apologies", "Item 1"."""
    if marked.kind in ("num_dot", "num_paren", "paren_num") and marked.label:
        return int(marked.label), marked.text
    m = NUMBERED.match(strip_bullet(text))
    return (int(m.group(1)), strip_bullet(text)[m.end() :]) if m else None


def _title_and_pages(text: str) -> tuple[str, tuple[int, int] | None]:
    pages = None
    m = PAGES.search(text)
    if m:
        first = int(m.group("first"))
        last = int(m.group("last")) if m.group("last") else first
        pages = (first, last) if last >= first else (first, first)
        text = (text[: m.start()] + text[m.end() :]).strip()
    text = TRAILING_DASH.sub("", strip_furniture(text)).strip(" :")
    return text, pages


def _presenter(text: str) -> str | None:
    if PRESENTER.search(text) and len(text) < 300:
        return text.strip()
    return None


AGENDA_LINE = re.compile(r"^agenda\s*:?$", re.I)
UNNUMBERED_WINDOW = 150
SENTENCE_START = re.compile(r"^(?:the|this|these|that|it|a|an)\s+[a-z]")
# A page's own furniture and a contents page's lines ("About Us 5") are not agenda titles.
PAGE_FURNITURE = re.compile(
    r"^(?:items?|documents|attendance|visitors|webcast)$|\s\d{1,3}$", re.I
)
SUB_LABEL = re.compile(r"^\d{1,2}\.\d{1,2}$")
ITEM_VERBS = re.compile(r"\b(?:was|were|is|are|has|have|had|will|would|should|must|may)\b", re.I)


def _unnumbered_items(rows: list[Row]) -> tuple[list[AgendaItem], int]:
    """A meeting page that prints its agenda without numbers (as CMIS does): under a line "Agenda", each
    title on a line of its own with its description straight below it, and "5.1" / "5.2" alone on a line
    above a sub-item's description. A title is a short heading followed at once by more text; a table's
    cells in a description stand apart between blank lines, and sentences are descriptions."""
    start = next((k for k, r in enumerate(rows) if AGENDA_LINE.match(r.text)), None)
    if start is None:
        return [], len(rows)
    items: list[AgendaItem] = []
    first_at = len(rows)
    texts = [r.text for r in rows]
    final = max((j for j, t in enumerate(texts) if t), default=-1)  # the page's last line of text
    k = start + 1
    while k < len(rows):
        text = texts[k]
        if not text:
            k += 1
            continue
        if k - start > UNNUMBERED_WINDOW:
            break  # an agenda page lists its items near its "Agenda" line, not through a pack's papers
        following = texts[k + 1] if k + 1 < len(rows) else None
        # the page's last line has nothing after it: a short heading there is the last item
        last = k == final and len(text.split()) <= 6 and not SENTENCE_START.match(text)
        if items and SUB_LABEL.fullmatch(text) and following:
            title = _first_sentence(following).rstrip()
            items[-1].sub_items.append(SubItem(text, title, span=Span.of(rows[k : k + 2])))
            _extend(items[-1], rows[k + 1])
            k += 2
            continue
        if items and _presenter(text):
            items[-1].presenter = items[-1].presenter or _presenter(text)
            _extend(items[-1], rows[k])
        elif _agenda_heading(text) and (following or last):
            item = AgendaItem(number="", title=strip_furniture(text), span=Span.of([rows[k]]))
            items.append(item)
            first_at = min(first_at, k)
        elif items:
            _extend(items[-1], rows[k])
        k += 1
    return items, first_at


def _agenda_heading(text: str) -> bool:
    """A line that reads as an agenda title rather than a description, a date or a table cell's label."""
    words = text.split()
    return (
        len(words) <= 10
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ",", "?"))
        and not ITEM_VERBS.search(text)
        and find_date(text) is None
        and split_marker(text).kind is None
        and not PRESENTER.search(text)
        and not PAGE_FURNITURE.search(text)
        and not SECTION.match(text)
    )

