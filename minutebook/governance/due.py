"""When an action falls due, read from the clause that set it and the day it was set.

Committee minutes rarely print a full date for a task: "to report back in
March", "by the end of June", "to the next meeting". A month without a year
means the first end of that month after the meeting ("by March" at a
November meeting is the end of the following March); "next meeting" is the
body's next meeting, looked up when the due date is needed (it may not be
scheduled yet). Pure: no database, so importing and the clerk's desk read a
clause the same way.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from minutebook.extract.dates import MONTHS, find_date

# A month is read only after a word that makes it a deadline and only capitalised, so "may" the verb and
# "march" the noun are never dates.
_MONTH_NAMES = "|".join(
    sorted({name.capitalize() for name in MONTHS if len(name) > 3 or name == "may"}, key=len, reverse=True)
)
DEADLINE_MONTH = re.compile(
    rf"\b(?:by|before|in|during|until|no\s+later\s+than|(?:at\s+|by\s+)?the\s+end\s+of)\s+"
    rf"(?:(?:early|mid|late)[\s-]+)?(?P<month>{_MONTH_NAMES})\b(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"
)
DEADLINE_DATE = re.compile(r"\b(?:by|before|on|no\s+later\s+than|until)\s+(?P<when>.{6,40})", re.I)
NEXT_MEETING = re.compile(r"\b(?:next|following|subsequent)\s+meeting\b", re.I)


@dataclass(frozen=True)
class Due:
    date: datetime.date | None = None
    next_meeting: bool = False


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def read_due(clause: str, set_on: datetime.date) -> Due:
    """The due date a clause sets, read against the day it was set (the meeting's date)."""
    for match in DEADLINE_DATE.finditer(clause):
        day = find_date(match.group("when"))
        if day:
            return Due(date=day)
    match = DEADLINE_MONTH.search(clause)
    if match:
        month = MONTHS[match.group("month").lower()]
        if match.group("year"):
            return Due(date=month_end(int(match.group("year")), month))
        end = month_end(set_on.year, month)
        return Due(date=end if end > set_on else month_end(set_on.year + 1, month))
    return Due(next_meeting=bool(NEXT_MEETING.search(clause)))
