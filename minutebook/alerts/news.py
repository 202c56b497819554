"""What there is to tell a follower: the records behind a search, a body, a person or an action.

One place says it for both ways of following: an Atom feed shows the most recent entries, a digest the
entries above the subscription's marks. Every record goes through ``governance.visibility``, so an
exempt record is in neither, whatever the search index holds at the moment it is asked.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from html import unescape

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from minutebook.governance import visibility
from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Paper,
    Person,
    Recommendation,
    Resolution,
    SourceDocument,
    WorkProgrammeEntry,
)
from minutebook.search.query import search

# Every kind of record a follower may be told of, by the name its marks use (the model's own name).
MODELS = {
    model._meta.model_name: model
    for model in (
        AgendaItem,
        Minute,
        Resolution,
        Paper,
        Recommendation,
        WorkProgrammeEntry,
        Meeting,
        Declaration,
        Attendance,
        Action,
        Person,
        Body,
        SourceDocument,
    )
}
# Search kinds not spelt as their model's name; any other kind is the model's name with "_" dropped.
SEARCH_KINDS = {"work_programme": "workprogrammeentry", "document": "sourcedocument"}
# Matches of a search looked at for a digest, best-ranked first (search() ranks, it does not sort by age): a
# new match ranked below this many older ones is not sent. Exact alerts for very common searches need
# search() to take "only entries above these ids"; until it does, this depth is the bound.
SEARCH_DEPTH = 200
FEED_LENGTH = 50


@dataclass
class Entry:
    key: str  # unique and stable: "resolution-12", for the feed's entry ids
    title: str
    url: str  # the site's own path
    when: datetime.datetime | datetime.date | None
    summary: str = ""

    @property
    def updated(self) -> datetime.datetime:
        """An aware time, as Atom wants: a date stands for its start, no date for the epoch."""
        when = self.when
        if when is None:
            return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        if not isinstance(when, datetime.datetime):
            when = datetime.datetime.combine(when, datetime.time())
        return when if timezone.is_aware(when) else timezone.make_aware(when)


def current_marks() -> dict[str, int]:
    """The highest id of every kind of record now: a new subscription starts here, and a send ends here."""
    return {name: model.objects.aggregate(top=Max("pk"))["top"] or 0 for name, model in MODELS.items()}


def _above(queryset, marks: dict | None):
    """Only the records above the mark for their model (all of them when there are no marks)."""
    if marks is None:
        return queryset
    name = queryset.model._meta.model_name
    if name not in marks:
        return queryset.none()  # a kind added since the marks were taken: from the next send on
    return queryset.filter(pk__gt=marks[name])


def _recent(entries: list[Entry], limit: int | None) -> list[Entry]:
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:limit] if limit else entries


def _decision(r: Resolution) -> Entry:
    minute = r.minute
    meeting = minute.meeting
    return Entry(
        f"resolution-{r.pk}",
        f"Decision of {meeting.body}, {meeting.start:%d %B %Y}: {minute.number}. {minute.title}",
        f"{meeting.get_absolute_url()}#minute-{minute.pk}",
        meeting.start,
        r.text,
    )


def _action(a: Action) -> Entry:
    if a.resolution_id:
        url = f"{a.resolution.minute.meeting.get_absolute_url()}#minute-{a.resolution.minute_id}"
    else:
        url = f"{reverse('actions')}?status=all&body={a.body.slug}"
    return Entry(
        f"action-{a.pk}", f"Action for {a.owner}: {a.description[:120]}", url, a.created_at, a.description
    )


def for_body(body: Body, marks: dict | None = None, limit: int | None = FEED_LENGTH) -> list[Entry]:
    """A body's decisions and meetings."""
    decisions = _above(visibility.public_resolutions(), marks).filter(minute__meeting__body=body)
    meetings = _above(Meeting.objects.filter(body=body), marks)
    entries = [
        _decision(r) for r in decisions.select_related("minute__meeting__body").order_by("-pk")[:limit]
    ]
    entries += [
        Entry(
            f"meeting-{m.pk}",
            f"Meeting of {body}, {timezone.localtime(m.start):%d %B %Y, %H:%M} ({m.get_status_display()})",
            m.get_absolute_url(),
            m.start,
            m.venue,
        )
        for m in meetings.order_by("-pk")[:limit]
    ]
    return _recent(entries, limit)


def for_person(person: Person, marks: dict | None = None, limit: int | None = FEED_LENGTH) -> list[Entry]:
    """A person's decisions (the actions decisions set them), declarations of interest and attendance."""
    actions = _above(visibility.public_actions(), marks).filter(owner_person=person)
    declarations = _above(visibility.public_declarations(), marks).filter(person=person)
    attendances = _above(Attendance.objects.filter(person=person), marks)
    entries = [
        _action(a)
        for a in actions.select_related("body", "owner_person", "resolution__minute__meeting").order_by(
            "-pk"
        )[:limit]
    ]
    entries += [
        Entry(
            f"declaration-{d.pk}",
            f"{person} declared an interest at {d.meeting.body}, {d.meeting.start:%d %B %Y}",
            f"{d.meeting.get_absolute_url()}#declarations",
            d.meeting.start,
            d.text,
        )
        for d in declarations.select_related("meeting__body").order_by("-pk")[:limit]
    ]
    entries += [
        Entry(
            f"attendance-{a.pk}",
            f"{person}: {a.get_status_display().lower()} at {a.meeting.body}, {a.meeting.start:%d %B %Y}",
            a.meeting.get_absolute_url(),
            a.meeting.start,
            a.role,
        )
        for a in attendances.select_related("meeting__body").order_by("-pk")[:limit]
    ]
    return _recent(entries, limit)


def report_state(action: Action) -> str:
    """What a follower of an action was last told: its status and report back."""
    return f"{action.status}|{action.reported_at_id or ''}|{action.reported_note}"


def for_action(action: Action, marks: dict | None = None, limit: int | None = FEED_LENGTH) -> list[Entry]:
    """An action's report back (and, in its feed, the action itself); nothing once it is not public."""
    if not visibility.public_actions().filter(pk=action.pk).exists():
        return []
    state = report_state(action)
    entries = []
    if action.status != Action.Status.OPEN or action.reported_at_id or action.reported_note:
        if marks is None or marks.get("report") != state:
            meeting = action.reported_at
            entries.append(
                Entry(
                    f"action-{action.pk}-report-{hashlib.sha256(state.encode()).hexdigest()[:12]}",
                    f"Reported back ({action.get_status_display().lower()}): {action.description[:120]}",
                    meeting.get_absolute_url() if meeting else _action(action).url,
                    meeting.start if meeting else timezone.now(),
                    action.reported_note,
                )
            )
    if marks is None:
        entries.append(_action(action))
    return _recent(entries, limit)


def _model_of(kind: str):
    return MODELS.get(SEARCH_KINDS.get(kind, kind.replace("_", "")))


def for_search(
    query: str, marks: dict | None = None, limit: int | None = FEED_LENGTH, hits=None
) -> list[Entry]:
    """The matches of a search (the same search as the search page), public records only.

    ``hits`` are the search's hits when already at hand (one search serves every follower of it)."""
    if hits is None:
        hits = search(query, limit=SEARCH_DEPTH, facets=False).hits
    wanted: dict[str, list] = {}
    for hit in hits:
        model = _model_of(hit.kind)
        if model is None:
            continue  # a kind of result this module does not know the visibility of: never sent
        name = model._meta.model_name
        if marks is None or (name in marks and hit.object_id > marks[name]):
            wanted.setdefault(name, []).append(hit)
    shown = set()
    for name, found in wanted.items():
        ids = (
            visibility.public(MODELS[name])
            .filter(pk__in=[h.object_id for h in found])
            .values_list("pk", flat=True)
        )
        shown.update((name, pk) for pk in ids)
    entries = [
        Entry(
            f"{hit.kind}-{hit.object_id}",
            f"{hit.kind_label}: {hit.title}",
            hit.url,
            hit.date,
            unescape(strip_tags(hit.snippet)),
        )
        for hit in hits
        if (
            _model_of(hit.kind) is not None and (_model_of(hit.kind)._meta.model_name, hit.object_id) in shown
        )
    ]
    return entries[:limit] if limit else entries


def for_subscription(subscription, marks: dict | None, hits=None) -> list[Entry]:
    kind = subscription.kind
    if kind == "search":
        return for_search(subscription.query, marks, limit=None, hits=hits)
    if kind == "body":
        return for_body(subscription.body, marks, limit=None)
    if kind == "person":
        return for_person(subscription.person, marks, limit=None)
    return for_action(subscription.action, marks, limit=None)
