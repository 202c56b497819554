"""The clerk's cycle: work programme, agenda, published pack, the meeting, minutes, actions, approval.

Each step is a function a view (or a test, or a command) calls; the rules of
the cycle live here and nowhere else:

- a meeting's agenda starts from the body's standing items plus what the
  work programme planned for it, and ends with any other business;
- publishing issues a pack (``publishing.pack.publish``, a layer above this one);
  publishing again after a paper changed issues a supplementary pack, and the
  earlier one is kept;
- the next agenda's matters arising are the actions still open;
- minutes approved at a later meeting are locked: a correction is an
  amendment with a reason, never a silent edit.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from minutebook.extract.actions import action_in
from minutebook.sources.document import SourceError
from minutebook.sources.read import read_bytes, sniff

from . import models
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


def move(entry: models.WorkProgrammeEntry, date: datetime.date | None) -> models.WorkProgrammeEntry:
    """Plan an item for another date (None: to be determined), keeping where it was moved from."""
    if entry.planned_date != date:
        entry.moved_from = [*entry.moved_from, entry.planned_date.isoformat() if entry.planned_date else None]
        entry.planned_date = date
        entry.planned_meeting = None
        entry.save()
    return entry


# -- agenda -----------------------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(body: models.Body, start: datetime.datetime, venue: str = "", **details) -> models.Meeting:
    meeting = models.Meeting.objects.create(body=body, start=start, venue=venue, **details)
    titles = [(t, "") for t in (body.standing_items or OPENING_ITEMS)]
    planned = models.WorkProgrammeEntry.objects.filter(body=body, planned_date=timezone.localdate(start))
    for entry in planned:
        titles.append((entry.title, f"Report of {entry.lead}" if entry.lead else ""))
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


def add_item(meeting: models.Meeting, title: str, presenter: str = "") -> models.AgendaItem:
    """A new item before any other business, the numbers after it moving down."""
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
    if capacity == models.Attendance.Capacity.SUBSTITUTE and substitute_for is None:
        raise CycleError("Say whom the substitute replaces.")
    attendance, _ = models.Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={"status": status, "capacity": capacity, "substitute_for": substitute_for, "role": role},
    )
    if substitute_for is not None:
        models.Attendance.objects.update_or_create(
            meeting=meeting, person=substitute_for, defaults={"status": models.Attendance.Status.APOLOGIES}
        )
    return attendance


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
    return models.Declaration.objects.create(
        meeting=meeting, person=person, agenda_item=agenda_item, kind=kind, text=text
    )


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
    if meeting.minutes_approved_at_id:
        raise CycleError("These minutes were approved as a true record; amend them instead.")
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


def _next_minute_number(meeting: models.Meeting) -> int:
    """Minute numbers run on from the body's last minute, as councils number them."""
    numbers = models.Minute.objects.filter(meeting__body=meeting.body).values_list("number", flat=True)
    return max((int(n) for n in numbers if n.isdigit()), default=0) + 1


def action_from(resolution: models.Resolution) -> models.Action | None:
    hint = action_in(resolution.text)
    if hint is None:
        return None
    return models.Action.objects.get_or_create(
        resolution=resolution,
        defaults={
            "body": resolution.minute.meeting.body,
            "description": resolution.text,
            "owner_text": hint.owner[:300],
            "due_date": hint.due_date,
            "due_next_meeting": hint.due_next_meeting,
        },
    )[0]


def report_back(
    action: models.Action, at: models.Meeting, note: str = "", done: bool = True
) -> models.Action:
    action.reported_at = at
    action.reported_note = note
    action.status = models.Action.Status.DONE if done else action.status
    action.save()
    return action


@transaction.atomic
def approve_minutes(minutes_of: models.Meeting, at: models.Meeting) -> models.Meeting:
    """Approved at a later meeting and signed as a true record: from now on the minutes are locked."""
    if at.start <= minutes_of.start:
        raise CycleError("Minutes are approved at a later meeting.")
    minutes_of.minutes_approved_at = at
    minutes_of.status = models.Meeting.Status.HELD
    minutes_of.save(update_fields=["minutes_approved_at", "status"])
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
