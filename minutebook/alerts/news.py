"""What there is to tell a follower: the records behind a search, a body, a person or an action.

One place says it for both ways of following: an Atom feed shows the most recent entries, a digest the
entries above the subscription's marks. Every record goes through ``governance.visibility``, so an
exempt record is in neither, whatever the search index holds at the moment it is asked.

A send asks for many targets at once (``for_targets``): thousands of followers follow a few thousand
things, so each thing's news is looked up once, and the bodies (or people) followed since the same
moment share one query per kind of record. A search looks only at what was indexed since the first
entry of a record above the marks, which costs what the news costs, not what the search's whole
history costs, and takes every new match however many older ones outrank it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from typing import NamedTuple

from django.db.models import F, Max, Min
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
from minutebook.search.models import SearchEntry
from minutebook.search.query import WINDOW, search

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
# Search kinds not spelt as their model's name; any other kind is the model's name with "_" dropped. A page
# is a page of a stored document: its entry's object is the document.
SEARCH_KINDS = {"work_programme": "workprogrammeentry", "page": "sourcedocument"}
# Matches of a search a feed looks at, best-ranked first (a digest takes every new match instead).
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


class Target(NamedTuple):
    """What a follower follows, since when: followers with the same target are told the same news."""

    kind: str  # a Subscription.Kind
    what: str | int  # the query searched, or the id of the body, person or action
    marks: str  # the subscription's marks as sorted JSON (comparable, and a dictionary key)


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
    return for_bodies([body.pk], marks, limit)[body.pk]


def for_bodies(
    ids: Iterable[int], marks: dict | None = None, limit: int | None = None
) -> dict[int, list[Entry]]:
    """Each body's decisions and meetings, by body id (``limit`` counts over them all: a feed asks for one)."""
    found: dict[int, list[Entry]] = {pk: [] for pk in ids}
    decisions = _above(visibility.public_resolutions(), marks).filter(minute__meeting__body__in=found)
    for r in decisions.select_related("minute__meeting__body").order_by("-pk")[:limit]:
        found[r.minute.meeting.body_id].append(_decision(r))
    meetings = _above(Meeting.objects.filter(body__in=found), marks).select_related("body")
    for m in meetings.order_by("-pk")[:limit]:
        found[m.body_id].append(
            Entry(
                f"meeting-{m.pk}",
                f"Meeting of {m.body}, {timezone.localtime(m.start):%d %B %Y, %H:%M} ({m.get_status_display()})",
                m.get_absolute_url(),
                m.start,
                m.venue,
            )
        )
    return {pk: _recent(entries, limit) for pk, entries in found.items()}


def for_person(person: Person, marks: dict | None = None, limit: int | None = FEED_LENGTH) -> list[Entry]:
    return for_people([person.pk], marks, limit)[person.pk]


def for_people(
    ids: Iterable[int], marks: dict | None = None, limit: int | None = None
) -> dict[int, list[Entry]]:
    """Each person's decisions (the actions decisions set them), declarations of interest and attendance."""
    found: dict[int, list[Entry]] = {pk: [] for pk in ids}
    actions = _above(visibility.public_actions(), marks).filter(owner_person__in=found)
    for a in actions.select_related("body", "owner_person", "resolution__minute__meeting").order_by("-pk")[
        :limit
    ]:
        found[a.owner_person_id].append(_action(a))
    declarations = _above(visibility.public_declarations(), marks).filter(person__in=found)
    for d in declarations.select_related("person", "meeting__body").order_by("-pk")[:limit]:
        found[d.person_id].append(
            Entry(
                f"declaration-{d.pk}",
                f"{d.person} declared an interest at {d.meeting.body}, {d.meeting.start:%d %B %Y}",
                f"{d.meeting.get_absolute_url()}#declarations",
                d.meeting.start,
                d.text,
            )
        )
    attendances = _above(Attendance.objects.filter(person__in=found), marks)
    for a in attendances.select_related("person", "meeting__body").order_by("-pk")[:limit]:
        found[a.person_id].append(
            Entry(
                f"attendance-{a.pk}",
                f"{a.person}: {a.get_status_display().lower()} at {a.meeting.body}, {a.meeting.start:%d %B %Y}",
                a.meeting.get_absolute_url(),
                a.meeting.start,
                a.role,
            )
        )
    return {pk: _recent(entries, limit) for pk, entries in found.items()}


def report_state(action: Action) -> str:
    """What a follower of an action was last told: its status and report back."""
    return f"{action.status}|{action.reported_at_id or ''}|{action.reported_note}"


def for_action(action: Action, marks: dict | None = None, limit: int | None = FEED_LENGTH) -> list[Entry]:
    """An action's report back (and, in its feed, the action itself); nothing once it is not public."""
    action = _shown_actions([action.pk]).get(action.pk)
    return [] if action is None else _reported(action, marks, limit)


def _shown_actions(ids: Iterable[int]) -> dict[int, Action]:
    """These actions, by id, with what their entries show: those the public may see only."""
    found = visibility.public_actions().filter(pk__in=list(ids))
    return found.select_related(
        "body", "owner_person", "owner_organisation", "reported_at", "resolution__minute__meeting"
    ).in_bulk()


def _reported(action: Action, marks: dict | None, limit: int | None) -> list[Entry]:
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


def for_search(query: str, limit: int | None = FEED_LENGTH) -> list[Entry]:
    """The best matches of a search (the same search as the search page), public records only: a feed."""
    entries = _public(search(query, limit=SEARCH_DEPTH, facets=False).hits)
    return entries[:limit] if limit else entries


def for_searches(queries: Iterable[str], marks: dict) -> dict[str, list[Entry] | None]:
    """Every match of each search that is a record above the marks, public records only (``None``: the search
    ran out of time, and is asked again on the next send)."""
    first = _first_new_entry(marks)
    found: dict[str, list | None] = {}
    for query in queries:
        found[query] = [] if first is None else _indexed_since(query, first, END)
    new = {query: [h for h in hits if _is_new(h, marks)] for query, hits in found.items() if hits is not None}
    shown = _shown([h for hits in new.values() for h in hits])
    return {query: None if hits is None else _entries(new[query], shown) for query, hits in found.items()}


def _is_new(hit, marks: dict) -> bool:
    """Whether a hit is of a record above the marks (an entry indexed again for an older record is not)."""
    model = _model_of(hit.kind)
    return model is not None and hit.object_id > marks.get(model._meta.model_name, hit.object_id)


END = 2**62  # above any entry's id: what is indexed while a send runs is in the span it reads


def _first_new_entry(marks: dict) -> int | None:
    """The id of the first index entry of a record above the marks: every new match is at or above it."""
    firsts = []
    for kind in SearchEntry.Kind.values:
        model = _model_of(kind)
        name = model._meta.model_name if model else None
        if name in marks:
            entries = SearchEntry.objects.filter(kind=kind, object_id__gt=marks[name])
            # min(id + 0), not min(id): SQLite would walk every entry in id order to the first new one, rather
            # than read the few new records' entries from the (kind, object_id) index.
            firsts.append(entries.aggregate(first=Min(F("pk") + 0))["first"])
    firsts = [pk for pk in firsts if pk is not None]
    return min(firsts) if firsts else None


def _indexed_since(query: str, start: int, end: int) -> list | None:
    """Every match of a search among the entries with ids from start up to end (``None``: out of time).

    A search ranks at most WINDOW matches; a span holding more is read in halves."""
    results = search(query, ids=(start, end), limit=WINDOW, facets=False)
    if results.timed_out:
        return None
    if results.total <= len(results.hits):
        return results.hits
    last = SearchEntry.objects.aggregate(last=Max("pk"))["last"] or start
    middle = (start + min(end, last + 1)) // 2
    if middle <= start:
        return results.hits
    halves = [_indexed_since(query, start, middle), _indexed_since(query, middle, end)]
    return None if None in halves else halves[0] + halves[1]


def _shown(hits) -> set[tuple[str, int]]:
    """The (model name, id) of the hits' records the public may see: one query per kind of record."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for hit in hits:
        model = _model_of(hit.kind)
        if model is not None:  # a kind of result this module does not know the visibility of: never sent
            wanted[model._meta.model_name].add(hit.object_id)
    shown = set()
    for name, ids in wanted.items():
        shown.update(
            (name, pk)
            for pk in visibility.public(MODELS[name]).filter(pk__in=ids).values_list("pk", flat=True)
        )
    return shown


def _public(hits) -> list[Entry]:
    return _entries(hits, _shown(hits))


def _entries(hits, shown: set[tuple[str, int]]) -> list[Entry]:
    entries = []
    for hit in hits:
        model = _model_of(hit.kind)
        if model is None or (model._meta.model_name, hit.object_id) not in shown:
            continue
        key, title = f"{hit.kind}-{hit.object_id}", f"{hit.kind_label}: {hit.title}"
        if hit.page:
            key, title = f"{key}-{hit.page}", f"{title}, page {hit.page}"
        entries.append(Entry(key, title, hit.url, hit.date, _plain(hit.snippet)))
    return entries


def _plain(snippet: str) -> str:
    """A hit's snippet as plain text. A snippet is escaped text with its matches in <mark>: once those are
    taken out, a snippet with no "<" left is only text and entities, and Django's strip_tags, which parses it
    as HTML and is most of the cost of a send's entries, is needed only for any other markup."""
    text = snippet.replace("<mark>", "").replace("</mark>", "")
    return unescape(text if "<" not in text else strip_tags(text))


def for_targets(targets: Iterable[Target]) -> dict[Target, list[Entry] | None]:
    """What is new for each target (``None``: not known this time, see ``for_searches``), looked up together:
    one search per search followed, one query per kind of record for all the bodies (or people) followed
    since the same moment, one for all the actions."""
    targets = list(targets)
    groups: dict[tuple[str, str], set] = defaultdict(set)
    for target in targets:
        groups[target.kind, target.marks].add(target.what)
    found = {}
    actions = _shown_actions({t.what for t in targets if t.kind == "action"})
    for (kind, marks), whats in groups.items():
        since = json.loads(marks)
        if kind == "action":
            news = {pk: _reported(actions[pk], since, None) if pk in actions else [] for pk in whats}
        elif kind == "search":
            news = for_searches(whats, since)
        elif kind == "body":
            news = for_bodies(whats, since)
        else:
            news = for_people(whats, since)
        found.update((Target(kind, what, marks), entries) for what, entries in news.items())
    return found
