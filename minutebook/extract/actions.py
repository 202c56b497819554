"""Which resolution clauses give someone a task.

"Simon Gilby, Coventry and Warwickshire Partnership Trust to investigate
the concerns raised", "The Chair, Councillor Gannon to discuss with ...",
"a progress report be submitted to a future meeting", "the Director to
report back to the next meeting": each is an action with an owner and, where
the clause says so, when it is due. Noting, endorsing and approving are
decisions, not actions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import MONTHS, find_date

TASK_VERBS = (
    r"investigate|report|discuss|circulate|write|provide|bring|arrange|review|consider|share|liaise|update|"
    r"contact|submit|look\s+into|confirm|explore|prepare|send|meet|present|produce|ensure|seek|respond|feed\s+back|"
    r"raise|follow\s+up|draft|develop|establish|organise|organize|identify|clarify|investigate|monitor|invite|"
    r"participate|convene|agree|obtain|check|include|work"
)
OWNER_TASK = re.compile(
    rf"^(?:that\s+)?(?P<owner>[A-Z][^.;:]{{2,160}}?)\s+(?:to|should|will|is\s+to|are\s+to|be\s+asked\s+to|"
    rf"be\s+requested\s+to)\s+(?P<task>(?:{TASK_VERBS})\b.*)$",
    re.I | re.S,
)
# "That the Director of Public Health report progress ...": a named office in the subjunctive.
OFFICE_TASK = re.compile(
    rf"^(?:that\s+)?(?P<owner>the\s+(?:[\w'’-]+\s+){{0,2}}(?:director|chair|chairman|head|chief|officer|clerk|"
    rf"manager|lead|leader|cabinet\s+member|scrutiny\s+co-?ordinator|executive|commissioner|board|trust|icb|"
    rf"ccg|council|partnership|service|team|authority|police|healthwatch|group)\b[^.;:]{{0,100}}?)\s+"
    rf"(?P<task>(?:{TASK_VERBS})\b.*)$",
    re.I | re.S,
)
PASSIVE_TASK = re.compile(
    r"\bbe\s+(?:submitted|presented|brought|reported|provided|circulated|shared|sent|given|made\s+available)\s+"
    r"(?:back\s+)?(?:to\s+(?P<when>(?:a|the)\s+(?:future|next|subsequent|following)\s+meetings?|"
    r"future\s+meetings|members|all\s+members|the\s+(?:board|committee|panel))|in\s+due\s+course)",
    re.I,
)
NEXT_MEETING = re.compile(r"\b(?:next|following|subsequent)\s+meeting\b", re.I)
BY_DATE = re.compile(r"\b(?:by|before|no\s+later\s+than|in|to\s+the)\s+(?P<when>.{3,40})", re.I)
NOT_AN_OWNER = re.compile(r"^(?:the\s+)?(?:report|update|recommendations?|work\s+programme|minutes?)\b", re.I)


@dataclass(frozen=True)
class ActionHint:
    owner: str
    due_next_meeting: bool
    due_date: datetime.date | None


def action_in(clause: str, default_owner: str = "Officers") -> ActionHint | None:
    """The task a resolution clause sets, if it sets one."""
    text = clause.strip()
    m = OWNER_TASK.match(text) or OFFICE_TASK.match(text)
    owner = None
    if m and not NOT_AN_OWNER.match(m.group("owner")) and len(m.group("owner").split()) <= 20:
        owner = re.sub(
            r"^(?:requests?|asks?|invites?|instructs?|directs?)\s+",
            "",
            m.group("owner").strip(" ,"),
            flags=re.I,
        )
    elif PASSIVE_TASK.search(text):
        owner = default_owner
    if owner is None:
        return None
    due_date = None
    for by in BY_DATE.finditer(text):
        due_date = find_date(by.group("when")) or _month(by.group("when"))
        if due_date:
            break
    return ActionHint(owner=owner, due_next_meeting=bool(NEXT_MEETING.search(text)), due_date=due_date)


def _month(text: str) -> datetime.date | None:
    """ "March 2024" as the last day of that month: due by the end of it."""
    m = re.match(r"^\s*(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b", text)
    if not m or m.group("month").lower() not in MONTHS:
        return None
    month, year = MONTHS[m.group("month").lower()], int(m.group("year"))
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
