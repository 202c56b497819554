"""Records of the minute book written as OParl 1.1 objects (plain dicts, ready for JSON).

Each writer takes a whole page of records and makes a fixed number of queries
for what they embed, so that a list page costs the same whatever its length
or position. Non-public agenda items are written as ``public: false`` and
nothing else that could tell what they were about.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import CharField, F, Func, Max, Min
from django.urls import reverse
from django.utils import timezone

from minutebook.governance import visibility
from minutebook.governance.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Organisation,
    SourceDocument,
    Tombstone,
)
from minutebook.sql.statements import AnyOf, Slot, Statement

SCHEMA = "https://schema.oparl.org/1.1/"
OPEN_GOVERNMENT_LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
VOTING_ROLES = {
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.SUBSTITUTE,
}

# Where each kind of tombstone is served: Tombstone.model -> (path segment, OParl type).
DELETED = {
    Tombstone.COUNCIL: ("bodies", "Body"),
    "organisation": ("organisations", "Organization"),
    "body": ("committees", "Organization"),
    "person": ("people", "Person"),
    "meeting": ("meetings", "Meeting"),
    "paper": ("papers", "Paper"),
    "agendaitem": ("agenda-items", "AgendaItem"),
    "membership": ("memberships", "Membership"),
}


def licence() -> str:
    """The licence of the published data: MINUTEBOOK_DATA_LICENCE, by default the Open Government Licence v3.0."""
    return getattr(settings, "MINUTEBOOK_DATA_LICENCE", "") or OPEN_GOVERNMENT_LICENCE


def stamp(moment: datetime.datetime) -> str:
    """OParl's date-time: yyyy-mm-ddThh:mm:ss±hh:mm, in the council's own time zone.

    Written once for each second: the records an import saves together share their seconds, and a page
    of meetings stamps two thousand agenda items."""
    return _local_second(moment.replace(microsecond=0), timezone.get_default_timezone())


@functools.lru_cache(maxsize=4096)
def _local_second(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    return moment.astimezone(zone).isoformat()


class UtcSecond(Func):
    """A date-time read as the text of its UTC second, ``yyyy-mm-dd hh:mm:ss``: what :func:`stamp_text` takes.

    For the thousand agenda items of a page: turning each row's two date-times into datetime objects, and
    then each of those into a stamp, was a third of the page's cost; the text is looked up in one cache."""

    output_field = CharField()
    template = "substr(%(expressions)s, 1, 19)"  # SQLite keeps UTC date-times as 'yyyy-mm-dd hh:mm:ss.ffffff'
    postgresql = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self.postgresql, **extra)

    @classmethod
    def around(cls, sql: str) -> str:
        """The same for a piece of SQL written by hand (:func:`venue_spans`)."""
        template = cls.postgresql if connection.vendor == "postgresql" else cls.template
        return template % {"expressions": sql}


def stamp_text(second: str) -> str:
    """:func:`stamp` of a date-time read by :class:`UtcSecond`."""
    return _text_second(second, timezone.get_default_timezone())


@functools.lru_cache(maxsize=4096)
def _text_second(second: str, zone: datetime.tzinfo) -> str:
    return _local_second(datetime.datetime.fromisoformat(second).replace(tzinfo=datetime.UTC), zone)


@functools.lru_cache(maxsize=1024)
def _day(date: str) -> str:
    """A meeting's day as its name gives it ("7 May 2024"), from the date of its local :func:`stamp`."""
    return f"{datetime.date.fromisoformat(date):%-d %B %Y}"


ITEM_FIELDS = (
    "pk",
    "meeting_id",
    "number",
    "sub_label",
    "title",
    "order",
    "exempt",
    "parent_exempt",
    "created_second",
    "modified_second",
)


def item_rows(items):
    """Agenda items as light rows, their date-times as text (:class:`UtcSecond`): a page of meetings embeds a
    thousand of them."""
    return items.annotate(
        parent_exempt=F("parent__exempt"),
        created_second=UtcSecond("created"),
        modified_second=UtcSecond("modified"),
    ).values_list(*ITEM_FIELDS, named=True)


MEETING_FIELDS = (
    "pk",
    "body_id",
    "body_name",
    "start_second",
    "end_second",
    "status",
    "venue",
    "source_id",
    "created_second",
    "modified_second",
)


def meeting_rows(meetings):
    """Meetings as light rows of what an OParl Meeting shows, their date-times as text (:class:`UtcSecond`)."""
    return meetings.annotate(
        body_name=F("body__name"),
        start_second=UtcSecond("start"),
        end_second=UtcSecond("end"),
        created_second=UtcSecond("created"),
        modified_second=UtcSecond("modified"),
    ).values_list(*MEETING_FIELDS, named=True)


FILE_FIELDS = ("pk", "name", "media_type", "size", "imported_at")


def public_files(ids) -> dict[int, tuple]:
    """The public documents among ``ids``, as light rows of what an OParl File shows."""
    return {row.pk: row for row in _files.rows(ids)}


def municipal_year(day: datetime.date) -> int:
    """The year a municipal year starts in: they run from May (annual meetings) to April."""
    return day.year if day.month >= 5 else day.year - 1


def venue_spans(venues) -> dict[str, tuple[str, str]]:
    """A Location's ``created`` and ``modified`` (as :func:`stamp` writes them): the first meeting at the venue
    created, the last one changed. OParl 1.1 asks for both on every object, a Location embedded in a Meeting too.

    Two lookups per venue, each the end of an index on (venue, created) or (venue, modified): a council meets
    at a handful of venues, so an aggregate over their meetings read every meeting of the book, a page's
    largest cost on a big book and growing with it."""
    venues = list(venues)
    if not venues:
        return {}
    table = connection.ops.quote_name(Meeting._meta.db_table)
    given = "unnest(%s::text[]) AS v(value)" if connection.vendor == "postgresql" else "json_each(%s) AS v"
    first = UtcSecond.around(f"(SELECT min(m.created) FROM {table} m WHERE m.venue = v.value)")
    last = UtcSecond.around(f"(SELECT max(m.modified) FROM {table} m WHERE m.venue = v.value)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.value, {first}, {last} FROM {given}",
            [Slot("values", many=True).value({"values": venues})],
        )
        return {
            venue: (stamp_text(created), stamp_text(modified))
            for venue, created, modified in cursor.fetchall()
            if created is not None
        }


@functools.lru_cache(maxsize=1024)
def location_key(venue: str) -> str:
    """A Location's id: derived from the venue as written, since venues are not records of their own."""
    return hashlib.sha1(venue.strip().encode()).hexdigest()[:16]


# What a page embeds, each asked once for the page's records, by a Statement (minutebook.sql): compiled to SQL once per process,
# the page's ids given as one parameter. Building and compiling a page's nine querysets (their visibility rules
# above all) cost more than running them; the rules are still in the SQL, applied by the database on every query.


_files = Statement(
    lambda: visibility.public_documents().filter(AnyOf(F("pk"))).values_list(*FILE_FIELDS),
    named=True,
    converted=True,
)
_embedded_items = Statement(
    lambda: item_rows(AgendaItem.objects.filter(AnyOf(F("meeting")))).order_by("order", "pk")
)
_participants = Statement(
    lambda: (
        Attendance.objects.filter(AnyOf(F("meeting")), status=Attendance.Status.PRESENT)
        .order_by("person__name")
        .values_list("meeting", "person")
    )
)
_invitations = Statement(
    lambda: (
        visibility.public_packs()
        .filter(AnyOf(F("meeting")))
        .order_by("version")
        .values_list("meeting", "document")
    )
)
_protocols = Statement(
    lambda: (
        visibility.public_minutes()
        .filter(AnyOf(F("meeting")), source__isnull=False)
        .order_by("-pk")
        .values_list("meeting", "source")
    )
)
_resolutions = Statement(
    lambda: (
        visibility.public_resolutions()
        .filter(AnyOf(F("minute__meeting")), minute__agenda_item__isnull=False)
        .order_by("minute__order", "minute__pk", "order", "pk")
        .values_list("minute__agenda_item", "clause", "text")
    )
)
_consultations = Statement(
    lambda: (
        visibility.public_papers()
        .filter(AnyOf(F("meeting")), agenda_item__isnull=False)
        .order_by("-pk")
        .values_list("agenda_item", "pk")
    )
)


def _clean(obj: dict) -> dict:
    """OParl asks for no nulls, empty strings or empty lists on optional properties."""
    return {k: v for k, v in obj.items() if v is not None and v != "" and v != []}


class Writer:
    """Writes OParl objects with absolute URLs for the request's host."""

    def __init__(self, request):
        self.root = request.build_absolute_uri(reverse("oparl-system"))
        self.site = request.build_absolute_uri("/")[:-1]
        # The public page of a meeting, spelt once: reversing it for each of a hundred meetings cost more than the rest.
        self.meeting_web = self.site + reverse("meeting", args=[0]).replace("/0/", "/{}/")

    def url(self, *parts) -> str:
        return self.root + "/".join(map(str, parts))

    def stamps(self, record, modified: datetime.datetime | None = None) -> dict:
        """``created`` and ``modified``; ``modified``: when the record as shown last changed, if not its own."""
        return {"created": stamp(record.created), "modified": stamp(modified or record.modified)}

    # --- System and Body (a council) ------------------------------------------------------------

    def system(self) -> dict:
        span = Organisation.objects.aggregate(first=Min("created"), last=Max("modified"))
        now = timezone.now()
        return _clean(
            {
                "id": self.root,
                "type": SCHEMA + "System",
                "oparlVersion": SCHEMA,
                "license": licence(),
                "body": self.url("bodies/"),
                "name": "minutebook",
                "website": self.site + "/",
                "created": stamp(span["first"] or now),
                "modified": stamp(span["last"] or now),
                "web": self.site + reverse("api"),
            }
        )

    def bodies(self, councils) -> list[dict]:
        years = defaultdict(list)
        spans = (
            Meeting.objects.filter(body__organisation__in=councils)
            .values("body__organisation")
            .annotate(first=Min("start"), last=Max("start"))
        )
        for row in spans:
            first = municipal_year(timezone.localdate(row["first"]))
            last = municipal_year(timezone.localdate(row["last"]))
            years[row["body__organisation"]] = list(range(first, last + 1))
        out = []
        for council in councils:
            lists = {
                name: self.url("bodies", council.pk, f"{segment}/")
                for name, segment in (
                    ("organization", "organizations"),
                    ("person", "people"),
                    ("meeting", "meetings"),
                    ("paper", "papers"),
                    ("agendaItem", "agenda-items"),
                    ("consultation", "consultations"),
                    ("file", "files"),
                    ("locationList", "locations"),
                    ("membership", "memberships"),
                )
            }
            out.append(
                {
                    "id": self.url("bodies", council.pk),
                    "type": SCHEMA + "Body",
                    "system": self.root,
                    "name": council.name,
                    **lists,
                    "legislativeTerm": [self.term(council, year) for year in years[council.pk]],
                    "classification": council.get_kind_display(),
                    **self.stamps(council),
                }
            )
        return out

    def term(self, council: Organisation, year: int) -> dict:
        return {
            "id": self.url("bodies", council.pk, "terms", year),
            "type": SCHEMA + "LegislativeTerm",
            "body": self.url("bodies", council.pk),
            "name": f"Municipal year {year}/{(year + 1) % 100:02d}",
            "startDate": f"{year}-05-01",
            "endDate": f"{year + 1}-04-30",
            **self.stamps(council),
        }

    # --- Organizations: committees and organisations represented ----------------------------------

    def committees(self, boards) -> list[dict]:
        members = defaultdict(list)
        for body_id, pk in (
            Membership.objects.filter(body__in=boards).order_by("pk").values_list("body", "pk")
        ):
            members[body_id].append(self.url("memberships", pk))
        return [
            _clean(
                {
                    "id": self.url("committees", board.pk),
                    "type": SCHEMA + "Organization",
                    "body": self.url("bodies", board.organisation_id),
                    "name": board.name,
                    "shortName": board.short_name,
                    "membership": members[board.pk],
                    "meeting": self.url("committees", board.pk, "meetings/"),
                    "organizationType": "committee",
                    "classification": board.get_kind_display(),
                    **self.stamps(board),
                    "web": self.site + board.get_absolute_url(),
                }
            )
            for board in boards
        ]

    def organisations(self, organisations) -> list[dict]:
        return [
            _clean(
                {
                    "id": self.url("organisations", organisation.pk),
                    "type": SCHEMA + "Organization",
                    "name": organisation.name,
                    "organizationType": "organisation represented",
                    "classification": organisation.get_kind_display(),
                    **self.stamps(organisation),
                }
            )
            for organisation in organisations
        ]

    # --- People and memberships --------------------------------------------------------------------

    def people(self, persons) -> list[dict]:
        held = defaultdict(list)
        for membership in Membership.objects.filter(person__in=persons).order_by("pk"):
            held[membership.person_id].append(membership)
        return [
            _clean(
                {
                    "id": self.url("people", person.pk),
                    "type": SCHEMA + "Person",
                    "name": person.name,
                    "formOfAddress": person.honorific,
                    "membership": self.memberships(held[person.pk]),
                    **self.stamps(person),
                    "web": self.site + person.get_absolute_url(),
                }
            )
            for person in persons
        ]

    def memberships(self, memberships) -> list[dict]:
        return [
            _clean(
                {
                    "id": self.url("memberships", m.pk),
                    "type": SCHEMA + "Membership",
                    "person": self.url("people", m.person_id),
                    "organization": self.url("committees", m.body_id),
                    "role": m.get_role_display(),
                    "votingRight": True if m.role in VOTING_ROLES else None,
                    "startDate": m.start_date.isoformat() if m.start_date else None,
                    "endDate": m.end_date.isoformat() if m.end_date else None,
                    "onBehalfOf": self.url("organisations", m.organisation_id) if m.organisation_id else None,
                    **self.stamps(m),
                }
            )
            for m in memberships
        ]

    # --- Meetings and agenda items -----------------------------------------------------------------

    def meetings(self, meetings) -> list[dict]:
        """Meetings read by :func:`meeting_rows`, each with its agenda items, participants and files."""
        ids = [m.pk for m in meetings]
        items = defaultdict(list)
        for written in self.agenda_items(_embedded_items.rows(ids)):
            items[written["meeting"]].append(written)
        present = defaultdict(list)
        person_url = self.url("people", "")
        for meeting_id, person_id in _participants.rows(ids):
            present[meeting_id].append(f"{person_url}{person_id}")
        invitations = {}
        for meeting_id, document_id in _invitations.rows(ids):
            invitations[meeting_id] = document_id  # the latest issue wins
        protocols = {}
        for meeting_id, source_id in _protocols.rows(ids):
            protocols[meeting_id] = source_id
        wanted = {*invitations.values(), *protocols.values(), *(m.source_id for m in meetings if m.source_id)}
        files = public_files(wanted)
        # One Location per venue, shared by the page's meetings held there (a handful of venues for 100 meetings).
        places = {
            venue: self.location(venue, span=span)
            for venue, span in venue_spans({m.venue for m in meetings if m.venue.strip()}).items()
        }
        out = []
        meeting_url = self.url("meetings", "")
        for meeting in meetings:
            invitation = files.get(invitations.get(meeting.pk))
            protocol = files.get(protocols.get(meeting.pk))
            source = files.get(meeting.source_id)
            start = stamp_text(meeting.start_second)
            auxiliary = [source] if source and source not in (invitation, protocol) else []
            out.append(
                _clean(
                    {
                        "id": self.url("meetings", meeting.pk),
                        "type": SCHEMA + "Meeting",
                        "name": f"{meeting.body_name}, {_day(start[:10])}",
                        "meetingState": meeting.status,
                        "cancelled": meeting.status == Meeting.Status.CANCELLED,
                        "start": start,
                        "end": stamp_text(meeting.end_second) if meeting.end_second else None,
                        "location": places.get(meeting.venue),
                        "organization": [self.url("committees", meeting.body_id)],
                        "participant": present[meeting.pk],
                        "invitation": self.files([invitation])[0] if invitation else None,
                        "resultsProtocol": self.files([protocol])[0] if protocol else None,
                        "auxiliaryFile": self.files(auxiliary),
                        "agendaItem": items[f"{meeting_url}{meeting.pk}"],
                        "created": stamp_text(meeting.created_second),
                        "modified": stamp_text(meeting.modified_second),
                        "web": self.meeting_web.format(meeting.pk),
                    }
                )
            )
        return out

    def agenda_items(self, items) -> list[dict]:
        """Agenda items read by :func:`item_rows` (as named or plain tuples, in the order of ITEM_FIELDS)."""
        flags_public = visibility.item_flags_public
        shown = {item[0] for item in items if flags_public(item[6], item[7])}
        # Looked up by meeting (a page holds a hundred at most) rather than by item (a thousand).
        meetings = {item[1] for item in items}
        resolved = defaultdict(list)
        for item_id, clause, text in _resolutions.rows(meetings):
            if item_id in shown:
                resolved[item_id].append(f"({clause}) {text}" if clause else text)
        considered = {}
        for item_id, paper_id in _consultations.rows(meetings):
            if item_id in shown:
                considered[item_id] = paper_id
        out = []
        kind = SCHEMA + "AgendaItem"
        item_url, meeting_url = self.url("agenda-items", ""), self.url("meetings", "")
        consultation_url = self.url("consultations", "")
        # One dict per item, its optional properties added only when they have a value (as _clean would leave
        # them), each row unpacked once: a page holds a thousand items, and copying each through two more dicts
        # was a third of its cost, reading each field by name a sixth of what was left.
        for pk, meeting_id, number, sub_label, title, order, _, _, created, modified in items:
            entry = {
                "id": f"{item_url}{pk}",
                "type": kind,
                "meeting": f"{meeting_url}{meeting_id}",
                "order": order,
            }
            if pk in shown:
                label = f"{number}({sub_label})" if sub_label else number
                if label:
                    entry["number"] = label
                if title:
                    entry["name"] = title
                entry["public"] = True
                paper = considered.get(pk)
                if paper:
                    entry["consultation"] = f"{consultation_url}{paper}"
                texts = resolved.get(pk)
                if texts:
                    entry["result"] = "resolved"
                    entry["resolutionText"] = "\n".join(texts)
            else:
                entry["public"] = False
            entry["created"] = stamp_text(created)
            entry["modified"] = stamp_text(modified)
            out.append(entry)
        return out

    def location(self, venue: str, meetings=None, span: tuple[str, str] | None = None) -> dict:
        """A venue as an OParl Location; ``span``: its created and modified stamps (:func:`venue_spans`)."""
        entry = {
            "id": self.url("locations", location_key(venue)),
            "type": SCHEMA + "Location",
            "description": venue,
        }
        if meetings is not None:
            entry["meetings"] = [self.url("meetings", pk) for pk in meetings]
        if span:
            entry.update(created=span[0], modified=span[1])
        return entry

    # --- Papers, consultations and files -----------------------------------------------------------

    def papers(self, papers) -> list[dict]:
        files = public_files([p.document_id for p in papers if p.document_id])
        return [
            _clean(
                {
                    "id": self.url("papers", paper.pk),
                    "type": SCHEMA + "Paper",
                    "body": self.url("bodies", paper.meeting.body.organisation_id),
                    "name": paper.title,
                    "date": paper.date.isoformat() if paper.date else None,
                    "paperType": paper.get_kind_display(),
                    "mainFile": self.files([files[paper.document_id]])[0]
                    if paper.document_id in files
                    else None,
                    "consultation": self.consultations([paper]),
                    **self.stamps(paper, modified=paper.shown_modified),
                    "web": f"{self.site}{paper.meeting.get_absolute_url()}#paper-{paper.pk}",
                }
            )
            for paper in papers
        ]

    def consultations(self, papers) -> list[dict]:
        """A paper put to a meeting: one consultation per paper, sharing the paper's number."""
        return [
            _clean(
                {
                    "id": self.url("consultations", paper.pk),
                    "type": SCHEMA + "Consultation",
                    "paper": self.url("papers", paper.pk),
                    "meeting": self.url("meetings", paper.meeting_id),
                    "agendaItem": self.url("agenda-items", paper.agenda_item_id)
                    if paper.agenda_item_id
                    else None,
                    "organization": [self.url("committees", paper.meeting.body_id)],
                    **self.stamps(paper, modified=paper.shown_modified),
                }
            )
            for paper in papers
        ]

    def files(self, documents: list[SourceDocument], meetings: dict | None = None) -> list[dict]:
        """Kept originals and pack PDFs: callers pass only documents from ``visibility.public_documents()``."""
        return [
            _clean(
                {
                    "id": self.url("files", d.pk),
                    "type": SCHEMA + "File",
                    "name": d.name,
                    "fileName": d.name,
                    "mimeType": d.media_type,
                    "size": d.size,
                    "accessUrl": self.url("files", d.pk, "access"),
                    "downloadUrl": self.url("files", d.pk, "download"),
                    "meeting": [self.url("meetings", pk) for pk in (meetings or {}).get(d.pk, [])],
                    "created": stamp(d.imported_at),
                    "modified": stamp(d.imported_at),
                }
            )
            for d in documents
        ]

    def file_meetings(self, documents) -> dict[int, list[int]]:
        """The meetings each document belongs to: as the meeting's own record or a pack issued for it."""
        found = defaultdict(set)
        for meeting_id, source_id in Meeting.objects.filter(source__in=documents).values_list("pk", "source"):
            found[source_id].add(meeting_id)
        for meeting_id, document_id in (
            visibility.public_packs().filter(document__in=documents).values_list("meeting", "document")
        ):
            found[document_id].add(meeting_id)
        return {k: sorted(v) for k, v in found.items()}

    # --- Deleted records ---------------------------------------------------------------------------

    def tombstones(self, tombstones, shown_as: tuple[str, str] | None = None) -> list[dict]:
        """Deleted records as ``deleted: true``, each at its own URL, or at ``shown_as`` (path segment, OParl type)."""
        out = []
        for t in tombstones:
            segment, kind = shown_as or DELETED[t.model]
            out.append(
                {
                    "id": self.url(segment, t.object_id),
                    "type": SCHEMA + kind,
                    "created": stamp(t.created),
                    "modified": stamp(t.deleted_at),
                    "deleted": True,
                }
            )
        return out

    def consultation_tombstones(self, tombstones) -> list[dict]:
        """A deleted paper's consultation: OParl 1.1 keeps deleted Consultations at their URLs too."""
        return self.tombstones(tombstones, shown_as=("consultations", "Consultation"))


def tombstone(model: str, pk: int) -> Tombstone | None:
    """The tombstone of a deleted record (``model`` as in :data:`DELETED`): its latest row. Rows differ in their
    council, and a record that left a council with its committee before it was deleted has a row from then."""
    return Tombstone.objects.filter(model=model, object_id=pk).order_by("-deleted_at", "-pk").first()
