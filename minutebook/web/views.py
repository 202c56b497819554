"""The public minute book: what residents, journalists, members and officers read.

Nothing exempt is ever shown here: every query of records goes through
``governance.visibility``, the one rule for what the public may see, and every
stored file is served as a download that cannot run in the browser.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections import defaultdict

from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

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
    WorkProgrammeEntry,
    held_after,
)
from minutebook.publishing.oparl.objects import AnyOf, Given, Statement
from minutebook.search.forms import MAX_PAGE, PER_PAGE, SearchForm
from minutebook.search.models import SearchEntry
from minutebook.search.query import search as run_search
from minutebook.sources.document import SourceError


def home(request):
    today = timezone.localdate()
    upcoming = Meeting.objects.select_related("body").filter(start__date__gte=today).order_by("start")[:8]
    decisions = visibility.public_resolutions().select_related("minute__meeting__body").order_by(
        "-minute__meeting__start", "minute__order", "order"
    )[:8]
    open_actions = visibility.public_actions().filter(status=Action.Status.OPEN)
    overdue = visibility.public_actions().overdue(today).select_related("body", "owner_person", "owner_organisation")
    return render(
        request,
        "web/home.html",
        {
            "upcoming": upcoming,
            "decisions": decisions,
            "open_count": open_actions.count(),
            "overdue": overdue.order_by("due_on")[:8],
            "overdue_count": overdue.count(),
            "bodies": Body.objects.annotate(meeting_count=Count("meetings")).filter(meeting_count__gt=0),
        },
    )


def body(request, slug):
    board = get_object_or_404(Body.objects.select_related("organisation"), slug=slug)
    today = timezone.localdate()
    memberships = board.memberships.select_related("person", "organisation").filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    meetings = board.meetings.with_stage().order_by("-start")
    # Where no membership is recorded (an imported archive), those who attended as members stand in.
    attendees = []
    if not memberships:
        attendees = (
            Person.objects.filter(
                attendances__meeting__body=board, attendances__capacity__in=["member", "substitute"]
            )
            .annotate(
                times=Count(
                    "attendances", filter=Q(attendances__meeting__body=board, attendances__status="present")
                )
            )
            .order_by("-times", "name")[:40]
        )
    return render(
        request,
        "web/body.html",
        {
            "body": board,
            "memberships": memberships,
            "attendees": attendees,
            "upcoming": meetings.filter(start__date__gte=today).order_by("start"),
            "past": meetings.filter(start__date__lt=today),
            "work_programme": WorkProgrammeEntry.objects.filter(body=board).order_by("planned_date", "pk"),
        },
    )


# -- the meeting page -------------------------------------------------------------------------------------------
#
# Its records are asked by Statements (publishing.oparl.objects): built and compiled to SQL once per process, the
# meeting the one value each is given. Building and compiling the page's dozen querysets (their visibility rules
# above all), prefetching, and walking related managers in the template cost most of the page, where running
# the SQL took a millisecond. Every condition is still in the SQL, applied by the database on every request.
# Rows become records of their models (``_record``: the fields asked for, no more), so that the page shows them
# through the models' own display names, links and ``__str__``; what a record lists is attached to it as a list.


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
    lambda: visibility.public_items()
    .filter(meeting=_this_meeting())
    .order_by("order", "pk")
    .values_list(
        "id", "parent_id", "number", "sub_label", "title", "presenter", "first_pack_page", "last_pack_page",
        "withdrawn", *PROVENANCE,
    ),
    named=True,
    converted=True,
)
_attendances = Statement(
    lambda: Attendance.objects.filter(meeting=_this_meeting())
    .order_by("capacity", "person__name")
    .values_list(
        "status", "capacity", "role", *PROVENANCE,
        *(f"person__{f}" for f in PERSON), *(f"substitute_for__{f}" for f in PERSON),
    ),
    named=True,
)
_minutes = Statement(
    lambda: visibility.public_minutes()
    .filter(meeting=_this_meeting())
    .order_by("order", "pk")
    .values_list("id", "number", "title", "text", *PROVENANCE),
    named=True,
)
# Resolutions with the states of the actions each set: one row per action (or one with no action).
_resolutions = Statement(
    lambda: visibility.public_resolutions()
    .filter(minute__meeting=_this_meeting())
    .order_by("order", "pk", "actions__status", "actions__due_date", "actions__pk")
    .values_list("minute_id", "id", "text", "actions__status"),
)
_papers = Statement(
    lambda: visibility.public_papers()
    .filter(meeting=_this_meeting())
    .order_by("pk")
    .values_list(
        "id", "title", "kind", "author", "document_id", "agenda_item_id", *PROVENANCE,
        "agenda_item__number", "agenda_item__sub_label",
    ),
    named=True,
)
_recommendations = Statement(
    lambda: visibility.public_recommendations()
    .filter(paper__meeting=_this_meeting())
    .order_by("order", "pk")
    .values_list("paper_id", "text", "outcome"),
)
_declarations = Statement(
    lambda: visibility.public_declarations()
    .filter(meeting=_this_meeting())
    .order_by("pk")
    .values_list("id", "text", *PROVENANCE, *(f"person__{f}" for f in PERSON)),
    named=True,
)
_packs = Statement(
    lambda: visibility.public_packs()
    .filter(meeting=_this_meeting())
    .order_by("version")
    .values_list("id", "version", "page_count"),
)
# The page's files, each with the two rules asked of it: whether it is itself private (a private paper's own
# file, a members' pack: not listed at all) and whether a private record was read from it (then the public has
# its public lines, not the whole file).
_files = Statement(
    lambda: SourceDocument.objects.filter(AnyOf(F("pk")))
    .annotate(
        private_file=ExpressionWrapper(visibility.private_file(), output_field=BooleanField()),
        privately_cited=ExpressionWrapper(visibility.privately_cited(), output_field=BooleanField()),
    )
    .values_list("id", "name", "size", "imported_at", "private_file", "privately_cited"),
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


def meeting(request, pk):
    """A meeting's public record: agenda, attendance, declarations, minutes, papers and the files they came from.

    Ten queries at most whatever the meeting holds, each compiled once per process (and the Figures section's own
    where a document it cites had its figures checked)."""
    low, high = connection.ops.integer_field_range(Meeting._meta.pk.get_internal_type())
    found = _meeting.rows(meeting=pk) if low <= pk <= high else None  # a number no key can be is no meeting
    if not found:
        raise Http404("No meeting has this number.")
    row = found[0]
    meeting = _record(Meeting, **{name: getattr(row, name) for name in MEETING_FIELDS})
    meeting.has_minutes = row.has_minutes  # its stage, as with_stage() gives it
    meeting.body = _record(Body, id=row.body_id, name=row.body_name, slug=row.body_slug)
    if row.minutes_approved_at_id:
        meeting.minutes_approved_at = _record(Meeting, id=row.minutes_approved_at_id, start=row.approved_start)
    meeting.minutes_imported, meeting.held_later = row.minutes_imported, row.held_later  # for minutes_are_draft

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
            _record(AgendaItem, id=r.agenda_item_id, number=r.agenda_item_number, sub_label=r.agenda_item_sub_label)
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
    cited = {r.source_id for r in [meeting, *items, *present, *apologies, *absent, *minutes, *papers, *declarations]}
    cited |= {paper.document_id for paper in papers}
    cited.discard(None)
    sources, public_sources = [], set()
    for document_id, name, size, imported_at, private_file, privately_cited in _files.rows(cited):
        if not private_file:
            sources.append(_record(SourceDocument, id=document_id, name=name, size=size, imported_at=imported_at))
            if not privately_cited:  # the public may have it whole, not only its lines
                public_sources.add(document_id)
    previous = following = None
    if row.previous_id:
        previous = _record(Meeting, id=row.previous_id, start=row.previous_start)
    if row.following_id:
        following = _record(Meeting, id=row.following_id, start=row.following_start)
    return render(
        request,
        "web/meeting.html",
        {
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
        },
    )


def people(request):
    query = request.GET.get("q", "").strip()
    persons = Person.objects.annotate(meetings=Count("attendances")).order_by("name")
    if query:
        persons = persons.filter(Q(name__icontains=query) | Q(other_names__icontains=query))
    page = Paginator(persons, 100).get_page(request.GET.get("page"))
    return render(request, "web/people.html", {"page": page, "query": query})


PERSON_LIST = 25  # records a person's page shows of each kind at once; the rest are a page away


def person(request, slug):
    """A person's memberships, attendance and records.

    Attendance is counted in the database (one row per board and status), and each list of records is paged
    from the newest: a member of forty years' standing has thousands of them."""
    person = get_object_or_404(Person, slug=slug)
    counts = (
        person.attendances.values("meeting__body", "status")
        .annotate(
            times=Count("pk"),
            substitute=Count("pk", filter=Q(capacity=Attendance.Capacity.SUBSTITUTE)),
        )
        .order_by()
    )
    per_body: dict[int, dict] = defaultdict(
        lambda: {"present": 0, "apologies": 0, "absent": 0, "substitute": 0}
    )
    for row in counts:
        totals = per_body[row["meeting__body"]]
        totals[row["status"]] = totals.get(row["status"], 0) + row["times"]
        totals["substitute"] += row["substitute"]
    rates = []
    for board in Body.objects.filter(pk__in=per_body).order_by("name"):
        row = per_body[board.pk]
        expected = row["present"] + row["apologies"] + row["absent"]
        rates.append(
            {"body": board, **row, "rate": round(100 * row["present"] / expected) if expected else None}
        )
    attended = person.attendances.select_related("meeting__body", "substitute_for").order_by(
        "-meeting__start"
    )

    def paged(records, name):
        return Paginator(records, PERSON_LIST).get_page(request.GET.get(name))

    return render(
        request,
        "web/person.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("body", "organisation").order_by("-start_date"),
            "rates": rates,
            "apologies": paged(attended.filter(status=Attendance.Status.APOLOGIES), "apologies"),
            "substituted": paged(attended.exclude(substitute_for=None), "substituted"),
            "stood_in_for": paged(
                Attendance.objects.filter(substitute_for=person)
                .select_related("meeting__body", "person")
                .order_by("-meeting__start"),
                "stood_in_for",
            ),
            "declarations": paged(
                visibility.public(person.declarations.all())
                .select_related("meeting__body")
                .order_by("-meeting__start", "-pk"),
                "declarations",
            ),
            "actions": paged(
                visibility.public_actions()
                .with_due()
                .filter(owner_person=person)
                .select_related("body")
                .order_by("-pk"),
                "actions",
            ),
            "today": timezone.localdate(),
        },
    )


ACTION_STATES = {"open": "Open", "overdue": "Overdue", "done": "Done", "dropped": "Dropped", "all": "All"}


def actions(request):
    state = request.GET.get("status", "open")
    if state not in ACTION_STATES:
        state = "open"
    today = timezone.localdate()
    found = visibility.public_actions().with_due().select_related(
        "body", "owner_person", "owner_organisation", "resolution__minute__meeting", "reported_at"
    )
    if state == "overdue":
        found = found.filter(status=Action.Status.OPEN, due_on__lt=today)
    elif state != "all":
        found = found.filter(status=state)
    board = request.GET.get("body")
    if board:
        found = found.filter(body__slug=board)
    owner = request.GET.get("owner", "").strip()
    if owner:
        found = found.filter(
            Q(owner_person__name__icontains=owner)
            | Q(owner_text__icontains=owner)
            | Q(owner_organisation__name__icontains=owner)
        )
    page = Paginator(found.order_by("due_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/actions.html",
        {
            "page": page,
            "state": state,
            "states": ACTION_STATES,
            "body_slug": board or "",
            "owner": owner,
            "bodies": Body.objects.filter(pk__in=visibility.public_actions().values("body")),
            "today": today,
        },
    )


def decisions(request):
    found = (
        visibility.public_resolutions()
        .select_related("minute__meeting__body", "source")
        .annotate(
            later_held=Exists(held_after(OuterRef("minute__meeting__body"), OuterRef("minute__meeting__start")))
        )
    )
    board = request.GET.get("body")
    if board:
        found = found.filter(minute__meeting__body__slug=board)
    since, until = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if since:
        found = found.filter(minute__meeting__start__date__gte=since)
    if until:
        found = found.filter(minute__meeting__start__date__lte=until)
    page = Paginator(found.order_by("-minute__meeting__start", "minute__order", "order"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/decisions.html",
        {
            "page": page,
            "body_slug": board or "",
            "since": since,
            "until": until,
            "bodies": Body.objects.filter(meetings__minutes__isnull=False).distinct(),
        },
    )


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def search(request):
    """Search results, one per agenda item (or person, body, document), with facets and a suggestion."""
    parameters = SearchForm(request.GET).parameters()
    query, body_id, year, kind, page_number, person_id = (
        parameters[name] for name in ("query", "body", "year", "kind", "page", "person")
    )
    results = run_search(
        query,
        body=body_id,
        year=year,
        kind=kind,
        person=person_id,
        limit=PER_PAGE,
        offset=PER_PAGE * (page_number - 1),
        grouped=True,
        suggest=True,
    )
    bodies = {b.pk: b for b in Body.objects.filter(pk__in=[v for v, _ in results.facets.get("body", [])])}
    persons = {p.pk: p for p in Person.objects.filter(pk__in=[v for v, _ in results.facets.get("person", [])])}
    context = {
        "query": query,
        "results": results,
        "body_id": body_id,
        "year": year,
        "kind": kind,
        "person_id": person_id,
        "page_number": page_number,
        "has_next": results.group_total > PER_PAGE * page_number and page_number < MAX_PAGE,
        "body_facets": [(bodies.get(v), n) for v, n in results.facets.get("body", []) if v in bodies],
        "person_facets": [(persons.get(v), n) for v, n in results.facets.get("person", []) if v in persons],
        "kind_facets": [(v, SearchEntry.Kind(v).label, n) for v, n in results.facets.get("kind", [])],
        "year_facets": sorted(results.facets.get("year", []), reverse=True),
    }
    template = "web/search_results.html" if request.htmx else "web/search.html"
    return render(request, template, context)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def source(request, pk):
    """The original document's lines, with the lines a record came from highlighted.

    The lines of private records are withheld; a file that is itself private (a members' pack, an exempt
    paper) is not shown at all."""
    document_record = get_object_or_404(SourceDocument.objects.exclude(pk__in=visibility.private_files()), pk=pk)
    withheld = visibility.withheld_lines(document_record)
    if None in withheld:  # a private record whose lines are not known: no line is safe to show
        raise Http404("This document holds exempt information and is not published.")
    try:
        document = document_record.read()
    except (OSError, SourceError) as exc:
        raise Http404(f"The stored original cannot be read: {exc}") from None
    first, last = _line_range(request.GET.get("lines"))
    window = 150
    lines = document.lines
    if first:
        start = max(0, next((i for i, ln in enumerate(lines) if ln.number >= first), 0) - 20)
    else:
        start = max(0, (_int(request.GET.get("from")) or 1) - 1)
    shown = lines[start : start + (window if not first else max(window, (last or first) - first + 60))]
    rows = []
    page = None
    for ln in shown:
        hidden = any(a <= ln.number <= b for a, b in withheld)
        rows.append(
            {
                "number": ln.number,
                "text": WITHHELD if hidden else ln.text,
                "page": ln.page if ln.page != page else None,
                "highlight": bool(first and first <= ln.number <= (last or first)),
            }
        )
        page = ln.page
    return render(
        request,
        "web/source.html",
        {
            "document": document_record,
            "rows": rows,
            "first": first,
            "last": last,
            "earlier": max(0, start - window) + 1 if start > 0 else None,
            "later": start + len(shown) + 1 if start + len(shown) < len(lines) else None,
            "total": len(lines),
            "has_exempt": bool(withheld),
        },
    )


WITHHELD = "[exempt information withheld]"


def document(request, pk):
    """What a stored document is, which meetings and items it belongs to, and its pages with links into its lines.

    Only for a document the public may see whole (``visibility.public_documents``): one that holds or is an
    exempt record is not listed here at all."""
    record = get_object_or_404(visibility.public_documents(), pk=pk)
    try:
        read = record.read()
    except (OSError, SourceError) as exc:
        raise Http404(f"The stored original cannot be read: {exc}") from None
    pages: dict[int, list] = defaultdict(list)
    for ln in read.lines:
        pages[ln.page or 1].append(ln)
    rows = [
        {
            "number": number,
            "first": lines[0].number,
            "last": lines[-1].number,
            "opening": next((ln.text for ln in lines if ln.text.strip()), ""),
        }
        for number, lines in sorted(pages.items())
    ]
    items = list(
        visibility.public_items().filter(source=record).select_related("meeting__body").order_by("meeting__start", "order")
    )
    papers = list(visibility.public_papers().filter(document=record).select_related("meeting__body", "agenda_item"))
    meetings = {m.pk: m for m in Meeting.objects.filter(source=record).select_related("body")}
    for r in [*items, *papers]:
        meetings.setdefault(r.meeting.pk, r.meeting)
    return render(
        request,
        "web/document.html",
        {
            "document": record,
            "rows": rows,
            "items": items,
            "papers": papers,
            "meetings": sorted(meetings.values(), key=lambda m: m.start),
            "paged": read.media_type == "application/pdf",
        },
    )


def _line_range(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    first, _, last = text.partition("-")
    return _int(first), _int(last) or _int(first)


def original(request, pk):
    """The stored original, whole, only when nothing in it is private; always a download, never run here."""
    document = get_object_or_404(visibility.public_documents(), pk=pk)
    return stored_file(document)


def stored_file(document: SourceDocument) -> FileResponse:
    """A kept file as a response that cannot run on the site's origin.

    An imported file may be HTML, or text a browser would sniff as HTML: shown inline it would run its scripts
    with a signed-in clerk's cookies. So every file, packs included, is a download of opaque bytes, never
    sniffed, under a ``sandbox`` policy that gives it an origin of its own should a browser render it anyway."""
    if not document.original_exists():
        raise Http404("The stored original is missing.")
    response = FileResponse(
        document.open_original(), as_attachment=True, filename=document.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response


FILE_POLICY = "sandbox; default-src 'none'"
