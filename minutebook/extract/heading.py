"""A meeting's heading, in the forms UK committee papers print it.

Whichever system printed the page, the heading says the same four things:
which body met, on what date, at what time, where. The forms:

- a sentence: "Minutes of the meeting of the X held at V on D at T",
  "MINUTE of MEETING of X held in V on D", "At a MEETING of X held ...",
  "Minutes of a meeting of X held remotely ...";
- a web page's title line: "X - Tuesday, 22nd February, 2022 1.20 pm", or
  the body on one line and "Tuesday, 7th July, 2020 10.30 am" on the next,
  with the council's name perhaps above ("THE ANYTOWN COUNCIL - X - PLACE");
- a label block: "Date: ... / Time: ... / Venue: ...";
- a single item's page: "Meeting: 17/03/2021 - Cabinet (Item 19)",
  "Made at meeting: 22/10/2020 - Scrutiny Committee";
- "X Meeting in Public / Held on D via V".

A heading is read from the lines before the first item; fields a form does
not give stay None (nothing is guessed from running text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agenda import BODY_WORDS, COUNCIL_ONLY, VENUE_NOTE
from .dates import find_date, find_time
from .text import Row

# "Minutes of the meeting of", "MINUTE of MEETING of", "At a MEETING of", "Minutes of an Ordinary Meeting of"
SENTENCE = re.compile(
    r"^(?:[\w&' ]{0,60}?\b(?:council|authority|board|committee)\s*[-–:]?\s+)?"
    r"(?:(?:draft|confirmed|unconfirmed)\s+)?(?:(?:minutes?|notes?|record)\s+of|at)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:virtual|remote|special|extraordinary|ordinary|informal|annual|public|hybrid|general|"
    r"statutory|reconvened|adjourned)\s+)*(?:meeting|proceedings)\s*(?:of\s+)?(?:the\s+)?"
    r"(?P<body>.*?)\s*,?\s*\bheld\b(?P<rest>.*)$",
    re.I,
)
# "X Meeting in Public" / "Held on 7 April 2022 via Microsoft Teams"
HELD_LINE = re.compile(r"^held\s+(?P<rest>.*)$", re.I)
MEETING_WORDS = re.compile(r"\s+meeting(?:\s+(?:in\s+public|in\s+private|held\s+in\s+public))?\s*$", re.I)
# "Meeting: 17/03/2021 - Cabinet (Item 19)", "Made at meeting: 22/10/2020 - Scrutiny Committee"
MEETING_LABEL = re.compile(
    r"^(?:made\s+at\s+)?meeting\s*:\s*(?P<date>\S+)\s*[-–]\s*(?P<body>.+?)\s*(?:\(\s*item\s+(?P<item>[\w./]+)\s*\))?$",
    re.I,
)
LABEL = re.compile(r"^(?P<label>date|time|venue|place|location|where|when)\s*[:\-–]\s*(?P<value>.*)$", re.I)
PLACE_IN_REST = re.compile(
    r"^\s*(?:at|in|via|using|on)\s+(?P<place>.+?)\s*,?\s+(?:on|at)\s+(?=[\w,]*\s*\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day)",
    re.I,
)
REMOTELY = re.compile(r"^\s*(?P<place>(?:remotely|virtually|online)\b.*?)\s*,?\s+on\s+", re.I)
VIA = re.compile(
    r"\b(?:via|using|by)\s+(?P<place>(?:microsoft\s+)?teams|zoom|video\s*conference.*|webex.*)$", re.I
)
# Site chrome a page leaves after the venue.
CHROME = re.compile(r"\s*\.?\s*View\s+directions\.?\s*$", re.I)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"


@dataclass
class Heading:
    body: str | None = None
    date: object = None
    time: str | None = None
    venue: str | None = None
    item: str | None = None  # the item number a single item's page names
    form: str | None = None  # which form was read: "sentence", "title", "labels", "item page"
    at: int = -1  # where in the lines given the form was read (-1: none)

    def found(self) -> bool:
        return any(v is not None for v in (self.body, self.date, self.time, self.venue))


def read_heading(rows: list[Row]) -> Heading:
    """The heading in these rows (the lines before a document's first item)."""
    heading = Heading()
    texts = [r.text for r in rows if r.text]
    for k, text in enumerate(texts):
        joined = " ".join(texts[k : k + 3])
        m = SENTENCE.match(text)
        if m is None and re.match(r"^(?:minutes?|at)\s+of\b", text, re.I) or m and not _when(m.group("rest")):
            # the sentence wrapped: "... held in the Council Chamber, on" / "Thursday 4 May 2023 at 10.00 a.m."
            m = SENTENCE.match(joined) or m
        if (
            m
            and not m.group("body").strip(" ,")
            and (k > 1 or re.search(r"\b(?:was|were)\b", m.group("rest")))
        ):
            m = None  # "Minutes of the meeting held on 9 July" further down is an item's title
        if m and _when(m.group("rest")):
            _from_sentence(heading, m)
            heading.at = k
            if heading.body is None and k:
                # "HEALTH AND WELLBEING BOARD" / "MINUTES of the meeting held on ...": the body printed above
                above = texts[k - 1]
                if len(above.split()) <= 12 and not above.endswith(".") and not find_date(above):
                    heading.body = _body_among([above])
            break
        m = MEETING_LABEL.match(text)
        if m and find_date(m.group("date")):
            heading.form = "item page"
            heading.body = heading.body or m.group("body").strip()
            heading.date = heading.date or find_date(m.group("date"))
            heading.item = m.group("item")
            heading.at = k
            break
        m = HELD_LINE.match(text)
        if m and k and find_date(text) and not heading.date:
            heading.form = "sentence"
            heading.body = MEETING_WORDS.sub("", texts[k - 1]).strip() or None
            heading.date, heading.time = find_date(text), find_time(text)
            via = VIA.search(text)
            heading.venue = via.group("place") if via else None
            heading.at = k
            break
    if heading.form is None:
        _from_title_lines(heading, texts)
    _from_labels(heading, texts)
    if heading.venue:
        heading.venue = VENUE_NOTE.sub("", CHROME.sub("", heading.venue)).strip(" ,") or None
    if heading.at >= 0:
        heading.at = [r.index for r in rows if r.text][heading.at]
    return heading


def _when(rest: str) -> bool:
    """The rest of a heading sentence says when: a date, a time or a weekday."""
    return bool(find_date(rest) or find_time(rest) or re.search(WEEKDAY, rest, re.I))


def _from_sentence(heading: Heading, m: re.Match) -> None:
    heading.form = "sentence"
    body = m.group("body").strip(" ,")
    body = re.sub(r"^the\s+", "", body, flags=re.I)
    heading.body = body or None
    rest = m.group("rest")
    heading.date, heading.time = find_date(rest), find_time(rest)
    place = REMOTELY.match(rest) or PLACE_IN_REST.match(rest)
    if place and not find_date(place.group("place")) and not find_time(place.group("place")):
        heading.venue = re.sub(r"^the\s+", "", place.group("place").strip(" ,"), flags=re.I)
    else:
        via = VIA.search(rest.rstrip(". "))
        after_time = re.search(
            r"\b(?:\d|am|pm|a\.m\.|p\.m\.)\s+(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z].+?)\.?$", rest
        )
        if via:
            heading.venue = via.group("place")
        elif after_time and not find_date(after_time.group("place")):
            heading.venue = re.sub(r"^the\s+", "", after_time.group("place"), flags=re.I)


def _from_title_lines(heading: Heading, texts: list[str]) -> None:
    """ "Body - Weekday 23rd June 2021 11.15 am", or the body on the line(s) above the date."""
    for k, text in enumerate(texts[:40]):
        date = find_date(text)
        if not date or len(text) > 160 or LABEL.match(text) or text.endswith("."):
            continue
        parts = _parts(text)
        named = [p for p in parts if not find_date(p) and not find_time(p)]
        above = _above(texts, k)
        body = _body_among(named) if named else _body_among(above)
        if body is None and not named and above and _title_case(above[-1]) and not above[-1].endswith("."):
            body = above[-1] if len(above) == 1 else None
        if body is None and not re.match(rf"^(?:{WEEKDAY}\b|\d)", text, re.I):
            continue
        heading.form, heading.at = "title", k
        heading.body, heading.date, heading.time = body, date, find_time(text)
        if heading.time is None:
            for following in texts[k + 1 : k + 3]:
                if find_time(following) and len(following) < 40:
                    heading.time = find_time(following)
                    break
        # "THE ANYTOWN COUNCIL - POLICY COMMITTEE - PLACE": a plain place after the body
        near = named if body in named else above
        if body in near and near.index(body) + 1 < len(near):
            after = near[near.index(body) + 1]
            if not find_date(after) and not BODY_WORDS.search(after) and len(after.split()) <= 8:
                heading.venue = after
        return


def _parts(text: str) -> list[str]:
    """A heading's parts: "Cabinet - Tuesday ...", "Meeting of the Cabinet, Tuesday ...", "COUNCIL - BOARD -"."""
    text = re.sub(
        r"^(?:(?:special|extraordinary|annual|ordinary)\s+)?meeting\s+of\s+(?:the\s+)?", "", text, flags=re.I
    )
    pieces = re.split(rf"\s+[-–—]\s+|\s+[-–—]$|,\s+(?={WEEKDAY}\b)", text, flags=re.I)
    return [p.strip(" .,") for p in pieces if p.strip(" .,")]


def _above(texts: list[str], k: int) -> list[str]:
    """The heading parts on the lines just above a date line; a line ending in a dash carries on."""
    if not k:
        return []
    lines = [texts[k - 1]]
    if k >= 2 and re.search(r"[-–]\s*$", texts[k - 2]):
        lines.insert(0, texts[k - 2])
    joined = " ".join(lines)
    if len(joined.split()) > 20 or find_date(joined) or ":" in joined:
        return []
    return _parts(joined)


def _from_labels(heading: Heading, texts: list[str]) -> None:
    for k, text in enumerate(texts[:60]):
        m = LABEL.match(text)
        if not m:
            continue
        if (
            heading.body is None
            and heading.form is None
            and m.group("label").lower() in ("date", "when")
            and k
        ):
            # the body's name on the line above "Date: ..."
            heading.body = _body_among([texts[k - 1]]) if ":" not in texts[k - 1] else None
        label, value = m.group("label").lower(), m.group("value").strip()
        if label in ("date", "when"):
            heading.date = heading.date or find_date(value)
            heading.time = (
                heading.time or find_time(re.split(r"\bdate\s*:", value, flags=re.I)[-1]) or find_time(value)
            )
        elif label == "time":
            heading.time = heading.time or find_time(value)
        elif heading.venue is None and value:
            heading.venue = value


def _body_among(parts: list[str]) -> str | None:
    """The committee's name among heading parts; a council's own name only if no committee is named."""
    council = None
    for part in parts:
        if not BODY_WORDS.search(part) or len(part.split()) > 14 or part.endswith("."):
            continue
        if COUNCIL_ONLY.search(part):
            council = council or part
            continue
        return part
    return council


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and sum(w[:1].isupper() for w in words) >= max(1, len(words) * 0.6)
