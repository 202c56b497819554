"""What the public meeting page shows, read by statements compiled once per process.

Building and compiling the page's dozen querysets (their visibility rules above all), prefetching, and walking
related managers in the template cost most of the page, where running the SQL took a millisecond. Every condition
is still in the SQL, applied by the database on every request. Rows become records of their models (``_record``:
the fields asked for, no more), so that the page shows them through the models' own display names, links and
``__str__``; what a record lists is attached to it as a list (``item.parts``, ``minute.resolution_list``).
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import BigIntegerField, BooleanField, Exists, ExpressionWrapper, F, OuterRef, Subquery
from django.http import Http404

from minutebook.figurechecks import showing
from minutebook.figurechecks.models import FigureCheck
from minutebook.governance import visibility
from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Pack,
    Paper,
    Person,
    Recommendation,
    Resolution,
    SourceDocument,
    held_after,
)
from minutebook.sql.statements import AnyOf, Given, Statement


def _this_meeting():
    return Given("meeting", BigIntegerField())


MEETING_FIELDS = tuple(f.attname for f in Meeting._meta.concrete_fields)
PROVENANCE = ("source_id", "first_page", "first_line", "last_line")  # what {% source_link %} shows
PERSON = ("id", "name", "honorific", "slug")


def _cites_checked_figures():
    """Whether a record of the meeting (any record: members and clerks see the figures of private ones) cites a
    document whose figures were checked, as the Figures section finds them (``showing.CITING``): most meetings'
    do not, and then the section is not asked for. Each from the meeting's own records, never a scan of the
    checks."""
    cited = [
        Exists(
            model.objects.filter(**{meeting_field: OuterRef("pk")}).filter(
                Exists(FigureCheck.objects.filter(document=OuterRef(document_field)))
            )
        )
        for model, document_field, meeting_field in showing.CITING
    ]
    return functools.reduce(operator.or_, cited)  # five small subqueries: a third of the planning of joins


def _meeting_row():
    """The meeting and its body, the board's meetings either side of it, and what its stage and notes need."""
    earlier = Meeting.objects.filter(body=OuterRef("body"), start__lt=OuterRef("start")).order_by("-start")
    later = Meeting.objects.filter(body=OuterRef("body"), start__gt=OuterRef("start")).order_by("start")
    return (
        Meeting.objects.with_stage()
        .filter(pk=_this_meeting())
        .annotate(
            previous_id=Subquery(earlier.values("pk")[:1]),
            previous_start=Subquery(earlier.values("start")[:1]),
            following_id=Subquery(later.values("pk")[:1]),
            following_start=Subquery(later.values("start")[:1]),
            approved_start=F("minutes_approved_at__start"),
            minutes_imported=Exists(Minute.objects.filter(meeting=OuterRef("pk"), source__isnull=False)),
            held_later=Exists(held_after(OuterRef("body"), OuterRef("start"))),
            has_figures=_cites_checked_figures(),
        )
        .values_list(
            *MEETING_FIELDS,
            "body__name",
            "body__slug",
            "has_minutes",
            "previous_id",
            "previous_start",
            "following_id",
            "following_start",
            "approved_start",
            "minutes_imported",
            "held_later",
            "has_figures",
        )
    )


_meeting = Statement(_meeting_row, named=True, converted=True)
_items = Statement(
    lambda: (
        visibility.public_items()
        .filter(meeting=_this_meeting())
        .order_by("order", "pk")
        .values_list(
            "id",
            "parent_id",
            "number",
            "sub_label",
            "title",
            "presenter",
            "first_pack_page",
            "last_pack_page",
            "withdrawn",
            *PROVENANCE,
        )
    ),
    named=True,
    converted=True,
)
_attendances = Statement(
    lambda: (
        Attendance.objects.filter(meeting=_this_meeting())
        .order_by("capacity", "person__name")
        .values_list(
            "status",
            "capacity",
            "role",
            *PROVENANCE,
            *(f"person__{f}" for f in PERSON),
            *(f"substitute_for__{f}" for f in PERSON),
        )
    ),
    named=True,
)
_minutes = Statement(
    lambda: (
        visibility.public_minutes()
        .filter(meeting=_this_meeting())
        .order_by("order", "pk")
        .values_list("id", "number", "title", "text", *PROVENANCE)
    ),
    named=True,
)
# Resolutions with the states of the actions each set: one row per action (or one with no action).
_resolutions = Statement(
    lambda: (
        visibility.public_resolutions()
        .filter(minute__meeting=_this_meeting())
        .order_by("order", "pk", "actions__status", "actions__due_date", "actions__pk")
        .values_list("minute_id", "id", "text", "actions__status")
    ),
)
_papers = Statement(
    lambda: (
        visibility.public_papers()
        .filter(meeting=_this_meeting())
        .order_by("pk")
        .values_list(
            "id",
            "title",
            "kind",
            "author",
            "document_id",
            "agenda_item_id",
            *PROVENANCE,
            "agenda_item__number",
            "agenda_item__sub_label",
        )
    ),
    named=True,
)
_recommendations = Statement(
    lambda: (
        visibility.public_recommendations()
        .filter(paper__meeting=_this_meeting())
        .order_by("order", "pk")
        .values_list("paper_id", "text", "outcome")
    ),
)
_declarations = Statement(
    lambda: (
        visibility.public_declarations()
        .filter(meeting=_this_meeting())
        .order_by("pk")
        .values_list("id", "text", *PROVENANCE, *(f"person__{f}" for f in PERSON))
    ),
    named=True,
)
_packs = Statement(
    lambda: (
        visibility.public_packs()
        .filter(meeting=_this_meeting())
        .order_by("version")
        .values_list("id", "version", "page_count")
    ),
)
# The page's files, each with the two rules asked of it: whether it is itself private (a private paper's own
# file, a members' pack: not listed at all) and whether a private record was read from it (then the public has
# its public lines, not the whole file).
_files = Statement(
    lambda: (
        SourceDocument.objects.filter(AnyOf(F("pk")))
        .annotate(
            private_file=ExpressionWrapper(visibility.private_file(), output_field=BooleanField()),
            privately_cited=ExpressionWrapper(visibility.privately_cited(), output_field=BooleanField()),
        )
        .values_list("id", "name", "size", "imported_at", "private_file", "privately_cited")
    ),
    converted=True,
)


def _record(model, **values):
    """A record of ``model`` holding these field values (by attname) and no others, as a queryset makes one."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def _person(row, prefix: str) -> Person | None:
    values = {name: getattr(row, f"{prefix}_{name}") for name in PERSON}
    return _record(Person, **values) if values["id"] is not None else None


def _provenance(row) -> dict:
    return {name: getattr(row, name) for name in PROVENANCE}


def context(pk: int) -> dict:
    """The page's records, ten queries at most whatever the meeting holds (and the Figures section's own where a
    document it cites had its figures checked). Http404 for a meeting that does not exist."""

    low, high = connection.ops.integer_field_range(Meeting._meta.pk.get_internal_type())
    found = _meeting.rows(meeting=pk) if low <= pk <= high else None  # a number no key can be is no meeting
    if not found:
        raise Http404("No meeting has this number.")
    row = found[0]
    meeting = _record(Meeting, **{name: getattr(row, name) for name in MEETING_FIELDS})
    meeting.has_minutes = row.has_minutes  # its stage, as with_stage() gives it
    meeting.body = _record(Body, id=row.body_id, name=row.body_name, slug=row.body_slug)
    if row.minutes_approved_at_id:
        meeting.minutes_approved_at = _record(
            Meeting, id=row.minutes_approved_at_id, start=row.approved_start
        )
    meeting.minutes_imported, meeting.held_later = (
        row.minutes_imported,
        row.held_later,
    )  # for minutes_are_draft

    items, parts = [], defaultdict(list)
    for r in _items.rows(meeting=pk):
        item = _record(AgendaItem, **r._asdict())
        if r.parent_id is None:
            items.append(item)
        else:
            parts[r.parent_id].append(item)
    for item in items:
        item.parts = parts[item.pk]  # its sub-items (public, as the item is)
    present, apologies, absent = [], [], []
    by_status = {
        Attendance.Status.PRESENT: present,
        Attendance.Status.APOLOGIES: apologies,
        Attendance.Status.ABSENT: absent,
    }
    for r in _attendances.rows(meeting=pk):
        attendance = _record(Attendance, status=r.status, capacity=r.capacity, role=r.role, **_provenance(r))
        attendance.person = _person(r, "person")
        attendance.substitute_for = _person(r, "substitute_for")
        if r.status in by_status:
            by_status[r.status].append(attendance)
    minutes = [_record(Minute, **r._asdict()) for r in _minutes.rows(meeting=pk)]
    resolved = defaultdict(list)
    for minute_id, resolution_id, text, action_status in _resolutions.rows(meeting=pk):
        listed = resolved[minute_id]
        if not listed or listed[-1].pk != resolution_id:
            listed.append(_record(Resolution, id=resolution_id, text=text))
            listed[-1].action_list = []
        if action_status is not None:
            listed[-1].action_list.append(_record(Action, status=action_status))
    for minute in minutes:
        minute.resolution_list = resolved[minute.pk]
    papers = []
    for r in _papers.rows(meeting=pk):
        values = r._asdict()
        del values["agenda_item_number"], values["agenda_item_sub_label"]
        paper = _record(Paper, **values)
        paper.agenda_item = (
            _record(
                AgendaItem,
                id=r.agenda_item_id,
                number=r.agenda_item_number,
                sub_label=r.agenda_item_sub_label,
            )
            if r.agenda_item_id
            else None
        )
        paper.recommendation_list = []
        papers.append(paper)
    if papers:
        by_paper = {paper.pk: paper for paper in papers}
        for paper_id, text, outcome in _recommendations.rows(meeting=pk):
            by_paper[paper_id].recommendation_list.append(_record(Recommendation, text=text, outcome=outcome))
    declarations = []
    for r in _declarations.rows(meeting=pk):
        declaration = _record(Declaration, id=r.id, text=r.text, **_provenance(r))
        declaration.person = _person(r, "person")
        declarations.append(declaration)

    # The files the page's records were read from, and the papers' own: a private one is not listed at all.
    cited = {
        r.source_id
        for r in [meeting, *items, *present, *apologies, *absent, *minutes, *papers, *declarations]
    }
    cited |= {paper.document_id for paper in papers}
    cited.discard(None)
    sources, public_sources = [], set()
    for document_id, name, size, imported_at, private_file, privately_cited in _files.rows(cited):
        if not private_file:
            sources.append(
                _record(SourceDocument, id=document_id, name=name, size=size, imported_at=imported_at)
            )
            if not privately_cited:  # the public may have it whole, not only its lines
                public_sources.add(document_id)
    previous = following = None
    if row.previous_id:
        previous = _record(Meeting, id=row.previous_id, start=row.previous_start)
    if row.following_id:
        following = _record(Meeting, id=row.following_id, start=row.following_start)
    return {
        "meeting": meeting,
        "items": items,
        "present": present,
        "apologies": apologies,
        "absent": absent,
        "declarations": declarations,
        "minutes": minutes,
        "papers": papers,
        "sources": sorted(sources, key=lambda s: s.name),
        "public_sources": public_sources,
        "previous": previous,
        "following": following,
        "packs": [
            _record(Pack, id=pack_id, version=version, page_count=pages)
            for pack_id, version, pages in _packs.rows(meeting=pk)
        ],
        "has_figures": row.has_figures,
    }
