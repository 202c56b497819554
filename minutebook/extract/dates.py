"""Dates and times as UK committee papers print them.

"10.00 am on Wednesday, 13th September, 2017", "2.00 p.m. on 21st October,
2013", "Monday 24 February 2014 at 2pm", "January 25th, 2021", "25/01/2021",
"14:00 hrs", "12 noon". Day before month is the UK reading of numeric dates.
"""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)\s?(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    # 13th September, 2017 / 19 July 2017 / 19 th July 2017
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s*{_YEAR}\b", re.I),
    # September 13, 2017 / January 25th, 2021
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}\b", re.I),
    # 25/01/2021, 25.1.21, 25-01-2021
    re.compile(r"\b(?P<day>[0-3]?\d)[/.-](?P<nmonth>[01]?\d)[/.-](?P<year>(?:19|20)?\d\d)\b"),
    # 2023-07-26
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b"),
]
_TIME = re.compile(
    r"(?<![\d/.:])(?P<hour>[01]?\d|2[0-3])(?:[.:](?P<minute>[0-5]\d))?\s*"
    r"(?P<half>a\.?\s?m\.?|p\.?\s?m\.?|hrs|hours|noon)?(?![\d/]|\.\d)",
    re.I,
)


# "1430 hrs": a 24-hour time without a separator counts only with its marker.
_HOURS = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|hours)\b", re.I)


def find_date(text: str) -> datetime.date | None:
    """The first date printed in ``text``, or None."""
    found = find_dates(text, limit=1)
    return found[0][0] if found else None


def find_dates(text: str, limit: int | None = None) -> list[tuple[datetime.date, int]]:
    """Every date in ``text`` with its position, in order of position."""
    hits: list[tuple[datetime.date, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            parts = m.groupdict()
            month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["nmonth"])
            year = int(parts["year"])
            if year < 100:
                year += 2000
            try:
                hits.append((datetime.date(year, month, int(parts["day"])), m.start()))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h[1])
    return hits[:limit] if limit else hits


def find_time(text: str) -> str | None:
    """The first clock time in ``text`` as 24-hour HH:MM, or None.

    A bare number is not a time: it needs minutes ("14:00", "10.30") or a
    marker ("2pm", "10 a.m.", "12 noon", "1400 hrs").
    """
    m = _HOURS.search(text)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    for m in _TIME.finditer(text):
        hour, minute, half = int(m.group("hour")), m.group("minute"), (m.group("half") or "").lower()
        if not minute and not half:
            continue
        if minute and not half and m.group(0).strip()[len(m.group("hour"))] == "." and hour < 7:
            continue  # "2.1", "3.15" in numbered text are not times without am/pm
        half = half.replace(".", "").replace(" ", "")
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        elif half == "noon":
            hour = 12
        if half in ("am", "pm") and not 1 <= int(m.group("hour")) <= 12:
            continue
        return f"{hour:02d}:{int(minute or 0):02d}"
    return None
