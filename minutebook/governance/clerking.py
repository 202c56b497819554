"""The clerk's cycle: work programme, agenda, published pack, the meeting, minutes, actions, approval.

Each step is a function a view (or a test, or a command) calls; the rules of
the cycle live here and nowhere else:

- a meeting's agenda starts from the body's standing items plus what the
  work programme planned for it, and ends with any other business;
- publishing issues a pack (``publishing.pack.publish``, a layer above this one);
  publishing again after a paper changed issues a supplementary pack, and the
  earlier one is kept;
- the next agenda's matters arising are the actions still open;
- a meeting is scheduled, then held (attendance, declarations and minutes
  are recorded only once its start has passed), or postponed or cancelled with
  a reason, its planned items going back to the work programme;
- until its minutes are approved, every record of a meeting can be corrected
  (each correction is in the audit trail); minutes approved at a later
  meeting are locked: a correction is an amendment with a reason, never a
  silent edit.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minutebook.extract.actions import action_in
from minutebook.sources.document import SourceError
from minutebook.sources.read import read_bytes, sniff

from . import models
from .due import read_due
from .importing import store_original

OPENING_ITEMS = [
    "Apologies for Absence and Substitutions",
    "Declarations of Interest",
    "Minutes of the Previous Meeting and Matters Arising",
]
CLOSING_ITEM = "Any Other Business"
PAPER_TYPES = {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class CycleError(Exception):
    """A step the cycle does not allow, with the reason in words a clerk can act on."""


class NeedsConfirmation(CycleError):
    """A step the cycle allows only once the clerk has confirmed it, having been told why."""


def _day(meeting_or_start) -> datetime.date:
    start = getattr(meeting_or_start, "start", meeting_or_start)
    return timezone.localdate(start)


# -- work programme -------------------------------------------------------------------------------------------


def plan(
    body: models.Body,
    title: str,
    *,
    date: datetime.date | None = None,
    lead: str = "",
    detail: str = "",
    origin: str = "",
) -> models.WorkProgrammeEntry:
    return models.WorkProgrammeEntry.objects.create(
        body=body, title=title, planned_date=date, lead=lead, detail=detail, origin=origin
    )


def move(
    entry: models.WorkProgrammeEntry,
    *,
    meeting: models.Meeting | None = None,
    date: datetime.date | None = None,
    confirmed: bool = False,
) -> models.WorkProgrammeEntry:
    """Plan an item for one of the body's meetings, or a date (None: to be determined), keeping where it was.

    A date on which the body has no meeting is taken only when confirmed: items are planned for meetings, and a
    date with none is more often a slip than a plan. An agenda not yet settled (a meeting still to come) follows:
    the item joins the new meeting's agenda and leaves the old one's, unless papers are already attached there."""
    if meeting is not None:
        if meeting.body_id != entry.body_id:
            raise CycleError("Choose one of this body's meetings.")
        if meeting.status in CALLED_OFF:
            raise CycleError(
                f"The meeting of {_day(meeting):%-d %B %Y} was {meeting.get_status_display().lower()}."
            )
        date = _day(meeting)
    elif date is not None:
        meeting = _meeting_on(entry.body, date)
        if meeting is None and not confirmed:
            raise NeedsConfirmation(
                f"{entry.body} has no meeting on {date:%-d %B %Y}. Confirm to plan the item for that date anyway."
            )
    if entry.planned_date != date or entry.planned_meeting_id != (meeting.pk if meeting else None):
        if entry.planned_date != date:
            entry.moved_from = [
                *entry.moved_from,
                entry.planned_date.isoformat() if entry.planned_date else None,
            ]
        before = entry.planned_meeting
        entry.planned_date = date
        entry.planned_meeting = meeting
        entry.save()
        if before is not None and before != meeting and _agenda_open(before):
            before.agenda_items.filter(parent=None, title=entry.title, papers__isnull=True).delete()
            _renumber(before)
        if meeting is not None and meeting != before and _agenda_open(meeting):
            if not meeting.agenda_items.filter(title=entry.title).exists():
                add_item(meeting, entry.title, _presenter(entry))
    return entry


def _agenda_open(meeting: models.Meeting) -> bool:
    return meeting.status == models.Meeting.Status.SCHEDULED and not meeting.has_started


def _presenter(entry: models.WorkProgrammeEntry) -> str:
    return f"Report of {entry.lead}" if entry.lead else ""


def _meeting_on(
    body: models.Body, day: datetime.date, besides: models.Meeting | None = None
) -> models.Meeting | None:
    """The body's meeting that day (other than ``besides``), if it has one that will take place."""
    meetings = body.meetings.filter(start__date=day).exclude(status__in=CALLED_OFF)
    if besides is not None:
        meetings = meetings.exclude(pk=besides.pk)
    return meetings.order_by("start").first()


def _return_to_programme(meeting: models.Meeting) -> int:
    """The items planned for a meeting that will not take place go back to the work programme, to be determined."""
    entries = models.WorkProgrammeEntry.objects.filter(body=meeting.body_id).filter(
        Q(planned_meeting=meeting) | Q(planned_meeting=None, planned_date=_day(meeting))
    )
    for entry in entries:
        entry.moved_from = [*entry.moved_from, entry.planned_date.isoformat() if entry.planned_date else None]
        entry.planned_date, entry.planned_meeting = None, None
        entry.save()
    return len(entries)


# -- membership -------------------------------------------------------------------------------------------


def appoint(body: models.Body, person: models.Person, **details) -> models.Membership:
    """A member of the body: role, organisation represented, start and end."""
    return _save_membership(models.Membership(body=body, person=person), details)


def change_membership(membership: models.Membership, **details) -> models.Membership:
    """Correct a membership, or end it (an end date keeps it in the record of who sat on the body when)."""
    return _save_membership(membership, details)


def _save_membership(membership: models.Membership, details: dict) -> models.Membership:
    for name, value in details.items():
        setattr(membership, name, value)
    start, end = membership.start_date, membership.end_date
    if start and end and end < start:
        raise CycleError("A membership cannot end before it starts.")
    membership.save()
    return membership


# -- agenda -----------------------------------------------------------------------------------------------------


CALLED_OFF = (models.Meeting.Status.CANCELLED, models.Meeting.Status.POSTPONED)


@transaction.atomic
def create_meeting(
    body: models.Body, start: datetime.datetime, venue: str = "", *, confirmed: bool = False, **details
) -> models.Meeting:
    """A meeting with its agenda: the standing items, what the work programme planned for that day, and AOB.

    A second meeting of the body on the same day is usually a slip (the same meeting entered twice): it is
    created only when confirmed."""
    same_day = _meeting_on(body, _day(start))
    if same_day is not None and not confirmed:
        raise NeedsConfirmation(
            f"{body} already has a meeting on {_day(start):%-d %B %Y} "
            f"at {timezone.localtime(same_day.start):%H:%M}. Confirm to create a second meeting that day."
        )
    meeting = models.Meeting.objects.create(body=body, start=start, venue=venue, **details)
    titles = [(t, "") for t in (body.standing_items or OPENING_ITEMS)]
    planned = models.WorkProgrammeEntry.objects.filter(body=body, planned_date=_day(start)).filter(
        Q(planned_meeting=None) | Q(planned_meeting__status__in=CALLED_OFF)
    )
    for entry in planned:
        titles.append((entry.title, _presenter(entry)))
    titles.append((CLOSING_ITEM, ""))
    for order, (title, presenter) in enumerate(titles, start=1):
        models.AgendaItem.objects.create(
            meeting=meeting,
            number=str(order),
            title=title,
            presenter=presenter,
            order=order * 100,
            section="Public Business",
        )
    planned.update(planned_meeting=meeting)
    return meeting


def edit_meeting(
    meeting: models.Meeting,
    *,
    start: datetime.datetime,
    venue: str,
    contact_officer: str,
    confirmed: bool = False,
):
    """Correct a meeting's time or place before it is held; what was planned for it follows it.

    Moving it onto a day when the body already meets is the same slip ``create_meeting`` guards against
    (two entries for one meeting), so it too needs confirming."""
    if meeting.status != models.Meeting.Status.SCHEDULED:
        raise CycleError(
            f"The meeting was {meeting.get_status_display().lower()}: its details are history now."
        )
    day = _day(start)
    if day != _day(meeting) and not confirmed:
        other = _meeting_on(meeting.body, day, besides=meeting)
        if other is not None:
            raise NeedsConfirmation(
                f"{meeting.body} already has a meeting on {day:%-d %B %Y} "
                f"at {timezone.localtime(other.start):%H:%M}. Confirm to move this one to that day too."
            )
    meeting.start, meeting.venue, meeting.contact_officer = start, venue, contact_officer
    meeting.save()
    for entry in models.WorkProgrammeEntry.objects.filter(planned_meeting=meeting).exclude(
        planned_date=_day(start)
    ):
        move(entry, meeting=meeting)
    return meeting


@transaction.atomic
def call_off(meeting: models.Meeting, status: str, reason: str) -> int:
    """Postpone or cancel a meeting, with the reason the public will read; its planned items go back to the
    work programme (to be determined). Returns how many went back."""
    if status not in CALLED_OFF:
        raise CycleError("A meeting is postponed or cancelled.")
    if not reason.strip():
        raise CycleError("Give the reason: it is shown on the public page of the meeting.")
    if (
        meeting.status == models.Meeting.Status.HELD
        or meeting.attendances.exists()
        or meeting.minutes.exists()
    ):
        raise CycleError("The meeting was held: its attendance or minutes are recorded.")
    meeting.status, meeting.status_reason = status, reason.strip()
    meeting.save(update_fields=["status", "status_reason"])
    return _return_to_programme(meeting)


def _hold(meeting: models.Meeting, what: str) -> None:
    """Refuse records of a meeting that has not taken place; the first record of one that has marks it held."""
    if meeting.status in CALLED_OFF:
        raise CycleError(f"The meeting was {meeting.get_status_display().lower()}: it has no {what}.")
    if not meeting.has_started:
        raise CycleError(f"The meeting has not started yet: its {what} can be recorded once it has.")
    _unlocked(meeting)
    if meeting.status == models.Meeting.Status.SCHEDULED:
        meeting.status = models.Meeting.Status.HELD
        meeting.save(update_fields=["status"])


def _unlocked(meeting: models.Meeting) -> None:
    if models.Meeting.objects.filter(pk=meeting.pk, minutes_approved_at__isnull=False).exists():
        raise CycleError("These minutes were approved as a true record: amend them instead, with a reason.")


def _renumber(meeting: models.Meeting) -> None:
    """Number the top-level items 1, 2, 3 ... in their order, sub-items following their item."""
    for position, item in enumerate(
        meeting.agenda_items.filter(parent=None).order_by("order", "pk"), start=1
    ):
        if item.number != str(position) or item.order != position * 100:
            item.number, item.order = str(position), position * 100
            item.save(update_fields=["number", "order"])
            item.sub_items.update(number=str(position))


def edit_item(item: models.AgendaItem, *, title: str, presenter: str) -> models.AgendaItem:
    _unlocked(item.meeting)
    if not title.strip():
        raise CycleError("An agenda item has a title.")
    item.title, item.presenter = title.strip(), presenter.strip()
    item.save(update_fields=["title", "presenter"])
    return item


@transaction.atomic
def reorder_item(item: models.AgendaItem, step: int) -> None:
    """Move an item up (step -1) or down (+1) the agenda; the numbers follow the new order."""
    _unlocked(item.meeting)
    items = list(item.meeting.agenda_items.filter(parent=None).order_by("order", "pk"))
    at = next(i for i, other in enumerate(items) if other.pk == item.pk)
    to = at + step
    if not 0 <= to < len(items):
        return
    items[at], items[to] = items[to], items[at]
    for position, other in enumerate(items, start=1):
        other.order = position * 100
        other.save(update_fields=["order"])
    _renumber(item.meeting)


def withdraw_item(item: models.AgendaItem, withdrawn: bool = True) -> models.AgendaItem:
    """Withdrawn items stay on the agenda, marked, as councils publish them; a withdrawal can be undone."""
    _unlocked(item.meeting)
    item.withdrawn = withdrawn
    item.save(update_fields=["withdrawn"])
    return item


def add_item(meeting: models.Meeting, title: str, presenter: str = "") -> models.AgendaItem:
    """A new item before any other business, the numbers after it moving down."""
    _unlocked(meeting)
    items = list(meeting.agenda_items.filter(parent=None).order_by("order"))
    closing = items[-1] if items and items[-1].title == CLOSING_ITEM else None
    position = len(items) - (1 if closing else 0)
    item = models.AgendaItem.objects.create(
        meeting=meeting,
        number=str(position + 1),
        title=title,
        presenter=presenter,
        order=(position + 1) * 100 - 50,
    )
    if closing:
        closing.number = str(position + 2)
        closing.order = (position + 2) * 100
        closing.save()
    return item


def mark_exempt(item: models.AgendaItem, paragraph: int, reason: str) -> models.AgendaItem:
    _unlocked(item.meeting)
    if not 1 <= paragraph <= 7:
        raise CycleError("Schedule 12A has paragraphs 1 to 7.")
    if not reason.strip():
        raise CycleError("Give the public-interest reason for taking the item in private.")
    item.exempt, item.exempt_paragraph, item.exempt_reason = True, paragraph, reason
    item.section = "Private Business"
    item.save()
    return item


def attach_paper(
    item: models.AgendaItem,
    data: bytes,
    filename: str,
    *,
    title: str,
    kind: str = "report",
    author: str = "",
    recommendations: list[str] = (),
    exempt: bool = False,
) -> models.Paper:
    """Attach a paper (PDF or Word) to an agenda item; its file is kept as uploaded."""
    _unlocked(item.meeting)
    document = _paper_file(data, filename)
    with transaction.atomic():
        paper = models.Paper.objects.create(
            meeting=item.meeting,
            agenda_item=item,
            title=title,
            kind=kind,
            author=author,
            exempt=exempt,
            document=document,
            date=timezone.localdate(item.meeting.start),
        )
        for order, text in enumerate(recommendations, start=1):
            models.Recommendation.objects.create(paper=paper, number=str(order), text=text, order=order)
    return paper


def replace_paper(paper: models.Paper, data: bytes, filename: str) -> models.Paper:
    """A corrected file for a paper; the earlier file is kept (an issued pack may hold it)."""
    _unlocked(paper.meeting)
    paper.document = _paper_file(data, filename)
    paper.save(update_fields=["document"])
    return paper


def remove_paper(paper: models.Paper) -> None:
    """Take a paper off the agenda; its file stays in the store, its record in the audit trail."""
    _unlocked(paper.meeting)
    paper.delete()


def _paper_file(data: bytes, filename: str) -> models.SourceDocument:
    media_type = sniff(data, filename)
    if media_type not in PAPER_TYPES:
        raise CycleError(f"{filename}: a paper must be a PDF or a Word (.docx) file, not {media_type}")
    try:
        read_bytes(data, filename)  # refuse a damaged or encrypted file now, not when the pack is made
    except SourceError as exc:
        raise CycleError(str(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    stored = store_original(data, digest, "." + filename.rsplit(".", 1)[-1] if "." in filename else "")
    document, _ = models.SourceDocument.objects.get_or_create(
        sha256=digest,
        defaults={
            "name": filename,
            "media_type": media_type,
            "size": len(data),
            "stored_as": stored,
            "extractor_version": "upload",
        },
    )
    return document


def matters_arising(meeting: models.Meeting):
    """Actions of the body, set before this meeting, still open: the next agenda's matters arising."""
    return (
        models.Action.objects.with_due()
        .filter(body=meeting.body, status=models.Action.Status.OPEN, set_at__lt=meeting.start)
        .select_related("owner_person", "owner_organisation", "resolution__minute__meeting")
        .order_by("set_at", "pk")
    )


# -- at and after the meeting ---------------------------------------------------------------------------------------


def record_attendance(
    meeting: models.Meeting,
    person: models.Person,
    *,
    status: str = "present",
    capacity: str = "member",
    substitute_for: models.Person | None = None,
    role: str = "",
) -> models.Attendance:
    """One line of the attendance register; a line never changes another.

    A substitute replaces exactly one member whose apologies are recorded, and is not a member of the body in
    their own right. A member whose substitute is recorded stays "sent apologies" until that line goes."""
    _hold(meeting, "attendance")
    if capacity == models.Attendance.Capacity.SUBSTITUTE:
        if substitute_for is None:
            raise CycleError(f"Say whom {person} replaces.")
        _check_substitute(meeting, person, substitute_for, status)
    else:
        substitute_for = None
    stood_in = meeting.attendances.filter(substitute_for=person).exclude(person=person).first()
    if stood_in and status != models.Attendance.Status.APOLOGIES:
        raise CycleError(
            f"{stood_in.person} is recorded as substitute for {person}: remove that line before recording "
            f"{person} as {models.Attendance.Status(status).label.lower()}."
        )
    attendance, _ = models.Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={"status": status, "capacity": capacity, "substitute_for": substitute_for, "role": role},
    )
    return attendance


def _check_substitute(meeting, person, replaced, status) -> None:
    if status != models.Attendance.Status.PRESENT:
        raise CycleError(f"A substitute is present: record {person} as present.")
    if replaced == person:
        raise CycleError("A substitute replaces someone else.")
    if not meeting.attendances.filter(person=replaced, status=models.Attendance.Status.APOLOGIES).exists():
        raise CycleError(
            f"Record {replaced}'s apologies first: a substitute replaces a member who sent apologies."
        )
    other = meeting.attendances.filter(substitute_for=replaced).exclude(person=person).first()
    if other:
        raise CycleError(f"{other.person} is already recorded as substitute for {replaced}.")
    if person in members(meeting.body, _day(meeting)):
        raise CycleError(f"{person} is a member of {meeting.body}: a member attends in their own right.")


def members(body: models.Body, on: datetime.date) -> list[models.Person]:
    """The body's members on a day (substitutes named in the membership are not members)."""
    current = (
        body.memberships.exclude(role=models.Membership.Role.SUBSTITUTE)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person")
        .order_by("person__name")
    )
    return list(dict.fromkeys(m.person for m in current))


def remove_attendance(attendance: models.Attendance) -> None:
    """Take a wrong line off the register (before approval); a member's line stays while a substitute names them."""
    _unlocked(attendance.meeting)
    stood_in = attendance.meeting.attendances.filter(substitute_for=attendance.person_id).first()
    if stood_in:
        raise CycleError(
            f"{stood_in.person} is recorded as substitute for {attendance.person}: remove that line first."
        )
    attendance.delete()


@dataclass
class RegisterLine:
    """One line of the register as the clerk set it: ``status`` empty for "not recorded"."""

    person: models.Person
    status: str = ""
    capacity: str = models.Attendance.Capacity.MEMBER
    substitute: models.Person | None = None  # who stood in for this member
    role: str = ""


@transaction.atomic
def save_register(meeting: models.Meeting, lines: list[RegisterLine]) -> None:
    """The whole register saved at once, or not at all: the lines are checked by the same rules as one by one.

    Substitutes leave first and come back last, so that a member and their substitute can change together."""
    _hold(meeting, "attendance")
    wanted_subs = {line.person.pk: line.substitute for line in lines if line.substitute}
    for line in meeting.attendances.filter(capacity=models.Attendance.Capacity.SUBSTITUTE):
        if wanted_subs.get(line.substitute_for_id) != line.person:
            line.delete()
    existing = {a.person_id: a for a in meeting.attendances.all()}
    for line in lines:
        if not line.status:
            if line.person.pk in existing and existing[line.person.pk].capacity != "substitute":
                remove_attendance(existing[line.person.pk])
            continue
        record_attendance(meeting, line.person, status=line.status, capacity=line.capacity, role=line.role)
    for line in lines:
        if line.substitute:
            if line.status != models.Attendance.Status.APOLOGIES:
                raise CycleError(
                    f"{line.substitute} can stand in for {line.person} only if {line.person} sent apologies."
                )
            record_attendance(
                meeting,
                line.substitute,
                capacity=models.Attendance.Capacity.SUBSTITUTE,
                substitute_for=line.person,
            )


def record_declaration(
    meeting: models.Meeting,
    person: models.Person,
    text: str,
    *,
    agenda_item: models.AgendaItem | None = None,
    kind: str = "other",
) -> models.Declaration:
    if not text.strip():
        raise CycleError("Say what the interest is.")
    _hold(meeting, "declarations")
    return models.Declaration.objects.create(
        meeting=meeting, person=person, agenda_item=agenda_item, kind=kind, text=text
    )


def correct_declaration(declaration: models.Declaration, *, text: str, kind: str, agenda_item=None):
    _unlocked(declaration.meeting)
    if not text.strip():
        raise CycleError("Say what the interest is.")
    declaration.text, declaration.kind, declaration.agenda_item = text, kind, agenda_item
    declaration.save()
    return declaration


def remove_declaration(declaration: models.Declaration) -> None:
    _unlocked(declaration.meeting)
    declaration.delete()


@transaction.atomic
def write_minute(
    meeting: models.Meeting,
    title: str,
    text: str = "",
    resolutions: list[str] = (),
    agenda_item: models.AgendaItem | None = None,
    number: str | None = None,
    exempt: bool = False,
) -> models.Minute:
    """A minute and its resolutions; a clause that gives someone a task becomes an open action.

    ``exempt`` marks a minute taken in private in its own right; a minute of an exempt item needs no flag."""
    _hold(meeting, "minutes")
    if number is None:
        number = str(_next_minute_number(meeting))
    minute = models.Minute.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        text=text,
        agenda_item=agenda_item,
        exempt=exempt,  # an exempt item makes its minute private through governance.visibility, now or later
        order=meeting.minutes.count() + 1,
    )
    for order, clause in enumerate(resolutions, start=1):
        resolution = models.Resolution.objects.create(
            minute=minute, clause=str(order), text=clause, order=order
        )
        action_from(resolution)
    return minute


@transaction.atomic
def correct_minute(minute: models.Minute, *, title: str, text: str, resolutions: list[str]) -> models.Minute:
    """Correct a draft minute: its title, text and resolutions (one a line); new tasks become actions."""
    _unlocked(minute.meeting)
    if not title.strip():
        raise CycleError("A minute has a title.")
    minute.title, minute.text = title.strip(), text
    minute.save()
    kept = list(minute.resolutions.order_by("order"))
    for order, clause in enumerate(resolutions, start=1):
        if order <= len(kept):
            resolution = kept[order - 1]
            if resolution.text != clause:
                resolution.text = clause
                resolution.save()
                resolution.actions.filter(status=models.Action.Status.OPEN).delete()
        else:
            resolution = models.Resolution.objects.create(
                minute=minute, clause=str(order), text=clause, order=order
            )
        action_from(resolution)
    for resolution in kept[len(resolutions) :]:
        resolution.actions.all().delete()
        resolution.delete()
    return minute


def remove_minute(minute: models.Minute) -> None:
    _unlocked(minute.meeting)
    models.Action.objects.filter(resolution__minute=minute).delete()
    minute.delete()


def _next_minute_number(meeting: models.Meeting) -> int:
    """Minute numbers run on from the body's last minute, as councils number them."""
    numbers = models.Minute.objects.filter(meeting__body=meeting.body).values_list("number", flat=True)
    return max((int(n) for n in numbers if n.isdigit()), default=0) + 1


def action_from(resolution: models.Resolution) -> models.Action | None:
    hint = action_in(resolution.text)
    if hint is None:
        return None
    due = read_due(resolution.text, _day(resolution.minute.meeting))
    return models.Action.objects.get_or_create(
        resolution=resolution,
        defaults={
            "body": resolution.minute.meeting.body,
            "description": resolution.text,
            "owner_text": hint.owner[:300],
            "due_date": due.date,
            "due_next_meeting": due.next_meeting,
        },
    )[0]


def set_due(
    action: models.Action, *, date: datetime.date | None, next_meeting: bool = False
) -> models.Action:
    """The clerk's own due date for an action: a date, or the body's next meeting, or none."""
    action.due_date, action.due_next_meeting = date, next_meeting and date is None
    action.save(update_fields=["due_date", "due_next_meeting"])
    return action


def report_back(
    action: models.Action, at: models.Meeting, note: str = "", done: bool = True
) -> models.Action:
    """An action reported back at a meeting: what was reported is part of the record, so it is required."""
    if not note.strip():
        raise CycleError("Say what was reported.")
    if at.body_id != action.body_id:
        raise CycleError("An action is reported back at one of its own body's meetings.")
    action.reported_at = at
    action.reported_note = note
    action.status = models.Action.Status.DONE if done else action.status
    action.save()
    return action


def approval_locks(minutes_of: models.Meeting) -> dict[str, int]:
    """What approving a meeting's minutes locks, for the clerk to see before confirming."""
    return {
        "minutes": minutes_of.minutes.count(),
        "resolutions": models.Resolution.objects.filter(minute__meeting=minutes_of).count(),
        "attendance lines": minutes_of.attendances.count(),
        "declarations": minutes_of.declarations.count(),
    }


def approval_refused(minutes_of: models.Meeting, at: models.Meeting) -> str | None:
    """Why these minutes cannot be approved at that meeting, or None when they can."""
    if minutes_of.minutes_approved_at_id:
        return "These minutes are already approved."
    if minutes_of.status != models.Meeting.Status.HELD:
        return (
            f"The meeting of {_day(minutes_of):%-d %B %Y} is {minutes_of.get_status_display().lower()}, not held: "
            "it has no minutes to approve."
        )
    if not minutes_of.minutes.exists():
        return f"The meeting of {_day(minutes_of):%-d %B %Y} has no minutes yet: write them first."
    if at.body_id != minutes_of.body_id or at.start <= minutes_of.start:
        return "Minutes are approved at a later meeting of the same body."
    if not at.has_started or at.status in CALLED_OFF:
        return "Minutes are approved at the meeting, once it has started."
    return None


@transaction.atomic
def approve_minutes(minutes_of: models.Meeting, at: models.Meeting) -> models.Meeting:
    """Approved at a later meeting and signed as a true record: from now on the minutes are locked.

    Only the minutes of a meeting that was held, and has minutes, are approved; and only at a later meeting of
    the body that is taking place (its start has passed)."""
    refused = approval_refused(minutes_of, at)
    if refused:
        raise CycleError(refused)
    _hold(at, "business")
    minutes_of.minutes_approved_at = at
    minutes_of.save(update_fields=["minutes_approved_at"])
    return minutes_of


@transaction.atomic
def amend(record: models.Minute | models.Resolution, field: str, value: str, reason: str, user=None):
    """Correct approved minutes: the change is recorded with its reason, and made."""
    if not reason.strip():
        raise CycleError("An amendment to approved minutes needs a reason.")
    minute = record if isinstance(record, models.Minute) else record.minute
    before = str(getattr(type(record).objects.get(pk=record.pk), field))
    models.MinuteAmendment.objects.create(
        minute=minute,
        resolution=record if isinstance(record, models.Resolution) else None,
        field=field,
        before=before,
        after=value,
        reason=reason,
        made_by=user if getattr(user, "is_authenticated", False) else None,
    )
    setattr(record, field, value)
    record.amending = True
    record.save()
    return record
