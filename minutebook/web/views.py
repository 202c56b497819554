"""The public minute book: what residents, journalists, members and officers read.

Nothing exempt is ever shown here: every query of records goes through
``governance.visibility``, the one rule for what the public may see, and every
stored file is served as a download that cannot run in the browser.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from minutebook.governance import visibility
from minutebook.governance.models import (
    Action,
    Attendance,
    Body,
    Meeting,
    Person,
    SourceDocument,
    WorkProgrammeEntry,
    held_after,
)
from minutebook.search.forms import MAX_PAGE, PER_PAGE, SearchForm
from minutebook.search.models import SearchEntry
from minutebook.search.query import search as run_search
from minutebook.sources.document import SourceError

from . import meeting_page


def home(request):
    today = timezone.localdate()
    upcoming = Meeting.objects.select_related("body").filter(start__date__gte=today).order_by("start")[:8]
    decisions = (
        visibility.public_resolutions()
        .select_related("minute__meeting__body")
        .order_by("-minute__meeting__start", "minute__order", "order")[:8]
    )
    open_actions = visibility.public_actions().filter(status=Action.Status.OPEN)
    overdue = (
        visibility.public_actions()
        .overdue(today)
        .select_related("body", "owner_person", "owner_organisation")
    )
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


BODY_PAST = 50  # past meetings a board's page lists at once


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
            # Twenty years of a board's meetings are hundreds: the newest BODY_PAST at once, the rest a page away.
            "past": Paginator(meetings.filter(start__date__lt=today), BODY_PAST).get_page(request.GET.get("past")),
            "work_programme": WorkProgrammeEntry.objects.filter(body=board).order_by("planned_date", "pk"),
        },
    )


def meeting(request, pk):
    """A meeting's public record: agenda, attendance, declarations, minutes, papers and the files they came from
    (read by :mod:`.meeting_page`)."""
    return render(request, "web/meeting.html", meeting_page.context(pk))


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
    found = (
        visibility.public_actions()
        .with_due()
        .select_related(
            "body", "owner_person", "owner_organisation", "resolution__minute__meeting", "reported_at"
        )
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
            later_held=Exists(
                held_after(OuterRef("minute__meeting__body"), OuterRef("minute__meeting__start"))
            )
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
    persons = {
        p.pk: p for p in Person.objects.filter(pk__in=[v for v, _ in results.facets.get("person", [])])
    }
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
    document_record = get_object_or_404(
        SourceDocument.objects.exclude(pk__in=visibility.private_files()), pk=pk
    )
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
        visibility.public_items()
        .filter(source=record)
        .select_related("meeting__body")
        .order_by("meeting__start", "order")
    )
    papers = list(
        visibility.public_papers().filter(document=record).select_related("meeting__body", "agenda_item")
    )
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
        document.open_original(),
        as_attachment=True,
        filename=document.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response


FILE_POLICY = "sandbox; default-src 'none'"
