"""The OParl 1.1 endpoint: the System object, its Bodies, their external lists and every object by its URL.

Lists are paged by keyset (``?after=<cursor>``, the last object of the page
before), never by OFFSET, so page 100 costs what page 1 costs. A list may draw
on several tables in turn (committees, then organisations represented, then
deleted records); the cursor names the table by a letter and the row by its id.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from minutebook.governance import visibility
from minutebook.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organisation,
    Paper,
    Person,
    SourceDocument,
    Tombstone,
)
from minutebook.sql.statements import Given, Statement

from .objects import (
    Writer,
    item_rows,
    location_key,
    meeting_rows,
    municipal_year,
    stamp,
    tombstone,
    venue_spans,
)

PAGE_SIZE = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
CURSOR = re.compile(r"^([a-z])([1-9]\d{0,18})$")
LARGEST_ID = 2**63 - 1
# The lists embedded in objects that a client may do without (``omit_internal=true``, OParl 1.1 chapter 2.5):
# type -> properties. Body's legislativeTerm is left in: the schema requires it.
INTERNAL = {
    "Meeting": ("agendaItem", "auxiliaryFile"),
    "Paper": ("auxiliaryFile", "location"),
    "AgendaItem": ("auxiliaryFile",),
    "Person": ("membership",),
}
LEADING_ZEROS = re.compile(r"/0+(?=\d+(?:/|$))")


class BadRequest(Exception):
    """A request the API cannot answer as asked: answered 400 with an OParl error object."""


ENCODER = DjangoJSONEncoder()


def answer(data: dict, status: int = 200) -> HttpResponse:
    """The object as UTF-8 JSON, readable from any site's scripts.

    orjson, not the standard library's encoder: a list page of 100 meetings with their agenda items is ~450 KB,
    and encoding it was a sixth of the page's cost. Anything orjson does not know goes to Django's encoder."""
    response = HttpResponse(
        orjson.dumps(data, default=ENCODER.default),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str, debug: str = "") -> HttpResponse:
    return answer({"type": "https://schema.oparl.org/1.1/Error", "message": message, "debug": debug}, status)


def oparl(view):
    """Answers GET (and HEAD) only, with JSON errors in OParl's form instead of HTML pages."""

    @require_safe
    def wrapped(request, *args, **kwargs):
        numbered = any(isinstance(value, int) for value in kwargs.values())
        canonical = LEADING_ZEROS.sub("/", request.path) if numbered else request.path
        if canonical != request.path:
            # One URL per object (chapter 2.3): /meetings/007 is /meetings/7.
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return error(400, str(exc), request.get_full_path())
        except Http404 as exc:
            return error(404, str(exc) or "No such object.", request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@dataclass
class Source:
    """One table a list draws on: ``key`` names it in cursors.

    ``rows``: a queryset, or a function building light rows (``values_list``) with :class:`Given` in place of
    the values in ``given``: its page query is then compiled once per process (:func:`_statement`)."""

    key: str
    rows: QuerySet | Callable[[], QuerySet]
    write: Callable[[Writer, list], list[dict]]
    created: str = "created"
    modified: str = "modified"
    given: dict = field(default_factory=dict)


def date_time(name: str, text: str) -> datetime.datetime:
    # An unencoded '+' in a query string arrives as a space: read it as the offset it was meant to be.
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", text.strip())
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"{name} must be a date-time such as 2024-05-01T10:00:00+01:00 (URL-encode the '+'), not {text!r}."
        ) from None
    if moment.tzinfo is None:
        raise BadRequest(
            f"{name} must give its offset from UTC, e.g. 2024-05-01T10:00:00+01:00, not {text!r}."
        )
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise BadRequest(f"{name}={text!r} is outside the years 1 to 9999 once in UTC.") from None


def filters(request) -> tuple[dict[str, str], dict[str, datetime.datetime]]:
    """The created_/modified_ filters as given (to keep in links) and as read."""
    kept = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    return kept, {name: date_time(name, text) for name, text in kept.items()}


def within(rows, bounds: dict, created: str = "created", modified: str = "modified"):
    for name, moment in bounds.items():
        field = created if name.startswith("created") else modified
        rows = rows.filter(**{f"{field}__{'gte' if name.endswith('since') else 'lte'}": moment})
    return rows


def omitting(request, kept: dict) -> bool:
    """Whether the client asked to go without the lists embedded in objects (``omit_internal=true``)."""
    value = request.GET.get("omit_internal", "")
    if value not in ("", "true", "false"):
        raise BadRequest(f"omit_internal must be true or false, not {value!r}.")
    if value:
        kept["omit_internal"] = value
    return value == "true"


def page(request, sources: list[Source], council: int | None = None) -> HttpResponse:
    """One page of an external list: the objects after the cursor, filtered, with a ``next`` link.

    A source of deleted records (:func:`deleted`) is drawn on only when the client asks what changed
    (``modified_since``): OParl 1.1 asks for deleted objects then, and forbids them otherwise.

    A list of a ``council`` is a 404 unless it is one (:func:`known_council`), asked of the database only when
    the page holds no live record: one listed is a live council's."""
    kept, bounds = filters(request)
    if "modified_since" not in bounds:
        sources = [s for s in sources if s.key not in GONE]
    omit = omitting(request, kept)
    size = PAGE_SIZE
    for name in ("limit", "elementsPerPage"):  # limit is OParl 1.1's name; elementsPerPage came first here
        if name in request.GET:
            try:
                size = max(1, min(PAGE_SIZE, int(request.GET[name])))
            except ValueError:
                raise BadRequest(f"{name} must be a whole number.") from None
            kept[name] = str(size)
    after = request.GET.get("after", "")
    position = 0
    last_id = 0
    if after:
        found = CURSOR.match(after)
        keys = [s.key for s in sources]
        if not found or found[1] not in keys or int(found[2]) > LARGEST_ID:
            raise BadRequest(f"after={after!r} is not a cursor of this list: follow the links.next URLs.")
        position, last_id = keys.index(found[1]), int(found[2])
    writer = Writer(request)
    data: list[dict] = []
    next_cursor = None
    remaining = size
    previous = None  # (key, id) of the last object taken
    live = False  # whether a record not deleted is on the page
    for index in range(position, len(sources)):
        source = sources[index]
        after_cursor = index == position and last_id
        if isinstance(source.rows, QuerySet):
            rows = within(source.rows, bounds, source.created, source.modified)
            if after_cursor:
                rows = rows.filter(pk__gt=last_id)
            taken = list(rows.order_by("pk")[: remaining + 1])
        else:
            statement = _statement(
                source.rows,
                tuple(sorted(bounds)),
                bool(after_cursor),
                remaining + 1,
                source.created,
                source.modified,
            )
            taken = statement.rows(**source.given, **bounds, after=last_id)
        live = live or (bool(taken) and source.key not in GONE)
        if len(taken) > remaining:
            if remaining:
                taken = taken[:remaining]
                previous = (source.key, taken[-1].pk)
            next_cursor = f"{previous[0]}{previous[1]}"
            data += source.write(writer, taken)
            break
        if taken:
            data += source.write(writer, taken)
            previous = (source.key, taken[-1].pk)
            remaining -= len(taken)
    if council is not None and not live:
        known_council(council)
    if omit:
        for obj in data:
            for name in INTERNAL.get(obj["type"].rsplit("/", 1)[1], ()):
                obj.pop(name, None)
    path = request.build_absolute_uri(request.path)
    links = {"first": _link(path, kept), "self": _link(path, {**kept, **({"after": after} if after else {})})}
    if next_cursor:
        links["next"] = _link(path, {**kept, "after": next_cursor})
    return answer({"data": data, "pagination": {"elementsPerPage": size}, "links": links})


@functools.cache
def _statement(build, names: tuple, after: bool, limit: int, created: str, modified: str) -> Statement:
    """A page query of light rows for one shape of request (the filters given, whether after a cursor, how many
    rows), compiled once per process: building and compiling it cost more than running it. The values come as
    :class:`Given` each time it runs."""

    def query():
        rows = within(build(), {name: Given(name, DateTimeField()) for name in names}, created, modified)
        if after:
            rows = rows.filter(pk__gt=Given("after", BigIntegerField()))
        return rows.order_by("pk")[:limit]

    return Statement(query, named=True, converted=True)


def _link(path: str, params: dict) -> str:
    """The one canonical spelling of a list URL: parameters in alphabetical order."""
    return path + ("?" + urlencode(sorted(params.items())) if params else "")


DELETED_KEY = "x"
WITHDRAWN_KEY = "w"
# The sources of records gone from a list (deleted, or withdrawn from public view): drawn on only under
# modified_since, and never telling that a council is live.
GONE = {DELETED_KEY, WITHDRAWN_KEY}
TOMBSTONE_FIELDS = ("pk", "model", "object_id", "created", "deleted_at")


def deleted(council: int, *models, write=Writer.tombstones) -> Source:
    """The council's deleted records of a list, after its live ones: listed only to a client asking with
    ``modified_since``. Those whose council could not be told when they were deleted are every council's."""
    rows = _council_tombstones(tuple(m._meta.model_name for m in models))
    return Source(DELETED_KEY, rows, write, modified="deleted_at", given={"council": council})


@functools.cache
def _council_tombstones(models: tuple[str, ...]) -> Callable[[], QuerySet]:
    """The light rows of a council's tombstones of ``models``, built once per process (a :class:`Source`'s
    ``rows``): most pages never ask for them, and each page that built them paid for it."""

    def rows():
        at_council = Q(council=Given("council", BigIntegerField())) | Q(council__isnull=True)
        return Tombstone.objects.filter(at_council, model__in=models).values_list(*TOMBSTONE_FIELDS)

    return rows


def tombstones(rows, write=Writer.tombstones) -> Source:
    """Deleted records as a list's last source: ``modified`` is when they were deleted."""
    return Source(DELETED_KEY, rows, write, modified="deleted_at")


def councils():
    """Organisations with boards or committees of their own: OParl's Bodies."""
    return Organisation.objects.filter(Exists(Body.objects.filter(organisation=OuterRef("pk"))))


def one(request, rows, write, pk, kept: str = "", write_deleted=Writer.tombstones, withdrawn=None):
    """An object by its URL; a deleted one (its tombstone's ``model`` is ``kept``), or one withdrawn from public
    view (in ``withdrawn``, rows as :func:`withdrawn_rows` makes them), as ``deleted: true``; else a 404 for
    unknown ids."""
    found = rows.filter(pk=pk).first()
    if found is None:
        gone = withdrawn.filter(pk=pk).first() if withdrawn is not None else None
        if gone is None and kept:
            gone = tombstone(kept, pk)
        if gone is None:
            raise Http404(f"No such object: {request.path}")
        return answer(write_deleted(Writer(request), [gone])[0])
    return answer(write(Writer(request), [found])[0])


# --- the System and its Bodies ---------------------------------------------------------------------


@oparl
def system(request):
    return answer(Writer(request).system())


@oparl
def bodies(request):
    gone = Tombstone.objects.filter(model=Tombstone.COUNCIL)
    return page(request, [Source("b", councils(), Writer.bodies), tombstones(gone)])


@oparl
def body(request, pk):
    return one(request, councils(), Writer.bodies, pk, Tombstone.COUNCIL)


def known_council(pk: int) -> None:
    """A 404 unless ``pk`` is a council's, live or deleted.

    A deleted council's lists still answer (OParl 1.1 keeps no list of a deleted Body, but a client that kept
    one learns from it what went): with the deleted records that were its own to a client asking what changed
    (``modified_since``, chapter 2.5), and empty otherwise, as nothing of it is left."""
    if not (
        Body.objects.filter(organisation=pk).exists()
        or Tombstone.objects.filter(model=Tombstone.COUNCIL, object_id=pk).exists()
    ):
        raise Http404(f"No such body: {pk}")


@oparl
def body_organizations(request, pk):
    represented = Organisation.objects.filter(
        Exists(Membership.objects.filter(organisation=OuterRef("pk"), body__organisation=pk))
    )
    return page(
        request,
        [
            Source("c", Body.objects.filter(organisation=pk), Writer.committees),
            Source("o", represented, Writer.organisations),
            deleted(pk, Body, Organisation),
        ],
        council=pk,
    )


@oparl
def body_people(request, pk):
    persons = Person.objects.filter(
        Exists(Membership.objects.filter(person=OuterRef("pk"), body__organisation=pk))
        | Exists(Attendance.objects.filter(person=OuterRef("pk"), meeting__body__organisation=pk))
    )
    return page(request, [Source("p", persons, Writer.people), deleted(pk, Person)], council=pk)


@oparl
def body_memberships(request, pk):
    rows = Membership.objects.filter(body__organisation=pk)
    return page(request, [Source("m", rows, Writer.memberships), deleted(pk, Membership)], council=pk)


def _council_meetings():
    return meeting_rows(Meeting.objects.filter(body__organisation=Given("council", BigIntegerField())))


def _council_items():
    return item_rows(
        AgendaItem.objects.filter(meeting__body__organisation=Given("council", BigIntegerField()))
    )


def _committee_meetings():
    return meeting_rows(Meeting.objects.filter(body=Given("committee", BigIntegerField())))


@oparl
def body_meetings(request, pk):
    live = Source("m", _council_meetings, Writer.meetings, given={"council": pk})
    return page(request, [live, deleted(pk, Meeting)], council=pk)


@oparl
def body_agenda_items(request, pk):
    live = Source("a", _council_items, Writer.agenda_items, given={"council": pk})
    return page(request, [live, deleted(pk, AgendaItem)], council=pk)


# A paper's ``modified`` as shown: its own, or its meeting's if later. A paper leaves public view or comes back
# to it by a change to its agenda item (made exempt, or a sub-item of one), which touches the meeting but not
# the paper (governance.models, _touch_containers): clients asking what changed learn of it either way.
PAPER_MODIFIED = Greatest("modified", "meeting__modified")


def _papers(council: int | None = None):
    papers = (
        visibility.public_papers().annotate(shown_modified=PAPER_MODIFIED).select_related("meeting__body")
    )
    return papers if council is None else papers.filter(meeting__body__organisation=council)


def withdrawn_rows(records, model: str, deleted_at, **created) -> QuerySet:
    """Records that exist but are no longer public, as light rows of what a tombstone shows
    (:meth:`Writer.tombstones`): ``deleted_at`` is the expression of when they left public view.

    OParl 1.1 (chapter 2.8) tells a client of an object it may no longer have only as ``deleted: true``: an
    object that simply vanished from the lists would stay in every incremental client's copy. Derived when the
    query runs, as the visibility rule is (never a flag written when the record changed): a record is withdrawn
    for as long as it is private, and is live again, with nothing left behind, the moment it is public.
    ``created``: for a model whose creation has another name, ``created=F(...)``."""
    return records.annotate(
        model=Value(model, output_field=CharField()), object_id=F("pk"), deleted_at=deleted_at, **created
    ).values_list(*TOMBSTONE_FIELDS, named=True)


def _withdrawn_papers(council: int | None = None) -> QuerySet:
    """Papers that exist but are not public (exempt, or under a private agenda item), nothing of their content."""
    papers = visibility.private(Paper)
    if council is not None:
        papers = papers.filter(meeting__body__organisation=council)
    return withdrawn_rows(papers, "paper", PAPER_MODIFIED)


def withdrawn(rows, write=Writer.tombstones) -> Source:
    """Records of a list withdrawn from public view (:func:`withdrawn_rows`): listed, after the live ones, only to a
    client asking what changed, as deleted ones are."""
    return Source(WITHDRAWN_KEY, rows, write, modified="deleted_at")


@oparl
def body_papers(request, pk):
    return page(
        request,
        [
            Source("p", _papers(pk), Writer.papers, modified="shown_modified"),
            withdrawn(_withdrawn_papers(pk)),
            deleted(pk, Paper),
        ],
        council=pk,
    )


@oparl
def body_consultations(request, pk):
    return page(
        request,
        [
            Source("c", _papers(pk), Writer.consultations, modified="shown_modified"),
            withdrawn(_withdrawn_papers(pk), write=Writer.consultation_tombstones),
            deleted(pk, Paper, write=Writer.consultation_tombstones),
        ],
        council=pk,
    )


def _write_files(writer: Writer, documents) -> list[dict]:
    return writer.files(documents, writer.file_meetings(documents))


@oparl
def body_files(request, pk):
    at_council = Q(meeting__body__organisation=pk)
    linked = (
        Exists(Meeting.objects.filter(body__organisation=pk, source=OuterRef("pk")))
        | Exists(visibility.public_packs().filter(at_council, document=OuterRef("pk")))
        | Exists(
            visibility.public_papers()
            .filter(at_council)
            .filter(Q(document=OuterRef("pk")) | Q(source=OuterRef("pk")))
        )
        | Exists(visibility.public_minutes().filter(at_council, source=OuterRef("pk")))
        | Exists(visibility.public_items().filter(at_council, source=OuterRef("pk")))
    )
    rows = visibility.public_documents().filter(linked)
    return page(
        request,
        [
            Source("f", rows, _write_files, created="imported_at", modified="imported_at"),
            withdrawn(_withdrawn_files(pk), write=_write_withdrawn_files),
        ],
        council=pk,
    )


def _withdrawn_files(council: int | None = None) -> QuerySet:
    """Stored files once published with the council's records that are no longer public: a paper's own file or
    original when the paper is made exempt, a document read for an agenda item or minute made private.

    When each left public view: the latest change among the papers and meetings it belongs to (making an item
    exempt touches its meeting; making a paper exempt, the paper), or its import if later."""
    papers = Paper.objects.filter(Q(document=OuterRef("pk")) | Q(source=OuterRef("pk")))
    meetings = Meeting.objects.filter(
        Q(agenda_items__source=OuterRef("pk")) | Q(minutes__source=OuterRef("pk"))
    )
    if council is not None:
        papers = papers.filter(meeting__body__organisation=council)
        meetings = meetings.filter(body__organisation=council)

    def latest(rows, moment):
        return Coalesce(
            Subquery(rows.annotate(moment=moment).order_by("-moment").values("moment")[:1]), "imported_at"
        )

    documents = (
        SourceDocument.objects.exclude(pk__in=visibility.public_documents().values("pk"))
        .filter(Exists(papers) | Exists(meetings))
        .annotate(at_papers=latest(papers, PAPER_MODIFIED), at_meetings=latest(meetings, F("modified")))
    )
    at = Greatest("imported_at", "at_papers", "at_meetings")
    return withdrawn_rows(documents, "file", at, created=F("imported_at"))


def _write_withdrawn_files(writer: Writer, rows) -> list[dict]:
    return writer.tombstones(rows, shown_as=("files", "File"))


@oparl
def body_locations(request, pk):
    """Every venue on one page: a council meets in a handful of places, so this list is never paged."""
    known_council(pk)
    venues = (
        Meeting.objects.filter(body__organisation=pk)
        .exclude(venue="")
        .values("venue")
        .annotate(created=Min("created"), modified=Max("modified"))
    )
    venues = within(venues, filters(request)[1])
    writer = Writer(request)
    data = [
        writer.location(row["venue"], span=(stamp(row["created"]), stamp(row["modified"])))
        for row in sorted(venues, key=lambda row: location_key(row["venue"]))
    ]
    own = request.build_absolute_uri(request.path)
    return answer(
        {"data": data, "pagination": {"elementsPerPage": len(data)}, "links": {"self": own, "first": own}}
    )


@oparl
def legislative_term(request, pk, year):
    council = get_object_or_404(councils(), pk=pk)
    span = Meeting.objects.filter(body__organisation=council).aggregate(first=Min("start"), last=Max("start"))
    if span["first"] is None or not (
        municipal_year(timezone.localdate(span["first"]))
        <= year
        <= municipal_year(timezone.localdate(span["last"]))
    ):
        raise Http404(f"{council} has no meetings in the municipal year {year}/{(year + 1) % 100:02d}.")
    return answer(Writer(request).term(council, year))


# --- objects by their URL ------------------------------------------------------------------------


@oparl
def committee(request, pk):
    return one(request, Body.objects.all(), Writer.committees, pk, "body")


@oparl
def committee_meetings(request, pk):
    """A committee's meetings, and to a client asking what changed, those deleted from it, as a council's lists.

    A deleted meeting is listed by the committee it was deleted from; one whose committee could not be told
    (deleted before tombstones kept it) by every committee of its council. A deleted committee's list answers
    with its deletions, as a deleted council's do (:func:`known_council`)."""
    council = Body.objects.filter(pk=pk).values_list("organisation", flat=True).first()
    councils = (
        {council}
        if council is not None
        else set(Tombstone.objects.filter(model="body", object_id=pk).values_list("council", flat=True))
    )
    if not councils:
        raise Http404(f"No such committee: {pk}")
    gone = (
        Tombstone.objects.filter(model="meeting")
        .filter(
            Q(committee=pk)
            | Q(committee__isnull=True) & (Q(council__in=councils - {None}) | Q(council__isnull=True))
        )
        # Not those still here: a committee moved to another council keeps its meetings, deleted only from the
        # old council's lists; nor, of a meeting moved away and then deleted, its first tombstone but its last.
        .exclude(Exists(Meeting.objects.filter(pk=OuterRef("object_id"), body=pk)))
        .exclude(
            Exists(
                Tombstone.objects.filter(
                    model="meeting", object_id=OuterRef("object_id"), committee=pk, pk__gt=OuterRef("pk")
                )
            )
        )
    )
    live = Source("m", _committee_meetings, Writer.meetings, given={"committee": pk})
    return page(request, [live, tombstones(gone)])


@oparl
def organisation(request, pk):
    return one(request, Organisation.objects.all(), Writer.organisations, pk, "organisation")


@oparl
def person(request, pk):
    return one(request, Person.objects.all(), Writer.people, pk, "person")


@oparl
def membership(request, pk):
    return one(request, Membership.objects.all(), Writer.memberships, pk, "membership")


@oparl
def meeting(request, pk):
    return one(request, meeting_rows(Meeting.objects.all()), Writer.meetings, pk, "meeting")


@oparl
def agenda_item(request, pk):
    return one(request, item_rows(AgendaItem.objects.all()), Writer.agenda_items, pk, "agendaitem")


@oparl
def paper(request, pk):
    return one(request, _papers(), Writer.papers, pk, "paper", withdrawn=_withdrawn_papers())


@oparl
def consultation(request, pk):
    return one(
        request,
        _papers(),
        Writer.consultations,
        pk,
        "paper",
        Writer.consultation_tombstones,
        withdrawn=_withdrawn_papers(),
    )


@oparl
def file(request, pk):
    return one(
        request,
        visibility.public_documents(),
        _write_files,
        pk,
        write_deleted=_write_withdrawn_files,
        withdrawn=_withdrawn_files(),
    )


@oparl
def location(request, key):
    meetings = Meeting.objects.exclude(venue="").order_by("pk")
    for venue in meetings.values_list("venue", flat=True).distinct():
        if location_key(venue) == key:
            ids = list(meetings.filter(venue=venue).values_list("pk", flat=True))
            return answer(Writer(request).location(venue, meetings=ids, span=venue_spans([venue])[venue]))
    raise Http404("No such location.")


@oparl
def file_access(request, pk):
    return _send(pk, attachment=False)


@oparl
def file_download(request, pk):
    return _send(pk, attachment=True)


def _send(pk: int, attachment: bool) -> FileResponse:
    """The file itself: shown in the browser at accessUrl, saved as an attachment at downloadUrl."""
    document = get_object_or_404(visibility.public_documents(), pk=pk)
    if not document.original_exists():
        raise Http404("The stored original is missing.")
    response = FileResponse(
        document.open_original(),
        as_attachment=attachment,
        filename=document.name,
        content_type=document.media_type,
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["ETag"] = f'"{document.sha256}"'
    response["Last-Modified"] = http_date(document.imported_at.timestamp())
    return response


@oparl
def unknown(request, rest):
    raise Http404(f"Nothing is published at {request.path}: start from the System object.")
