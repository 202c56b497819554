"""The questions an import asks through compiled statements give what the querysets they replace gave: the same
records, field for field and in the same order, as instances the import can change and save."""

import datetime

import pytest
from django.db.models import BigIntegerField, Q
from django.forms.models import model_to_dict
from django.utils import timezone

from minutebook.governance import importing, people
from minutebook.governance import models as gov
from minutebook.search import index
from minutebook.sql.records import Records
from minutebook.sql.statements import Given

pytestmark = pytest.mark.django_db


def _document(name: str, digit: str, *, size: int, stored_as: str) -> gov.SourceDocument:
    """A stored PDF as an import leaves it (its checksum ``digit`` 64 times)."""
    return gov.SourceDocument.objects.create(
        name=name,
        sha256=digit * 64,
        media_type="application/pdf",
        size=size,
        stored_as=stored_as,
        extractor_version="1",
    )


def fields(records) -> list[dict]:
    return [{"pk": r.pk, **model_to_dict(r)} for r in records]


@pytest.fixture
def book():
    """Two councils; one board has two meetings on one day, people met as members, attendees and declarers."""
    home = gov.Organisation.objects.create(
        name="Ferrybridge City Council", kind=gov.Organisation.Kind.COUNCIL
    )
    other = gov.Organisation.objects.create(
        name="Upmoor District Council", kind=gov.Organisation.Kind.COUNCIL
    )
    board = gov.Body.objects.create(organisation=home, name="Zeal Health and Wellbeing Board", slug="zeal")
    panel = gov.Body.objects.create(
        organisation=home, name="Adult Care Scrutiny Panel", slug="adult", other_names=["Care Panel"]
    )
    elsewhere = gov.Body.objects.create(organisation=other, name="Upmoor Cabinet", slug="upmoor")
    day = datetime.date(2024, 6, 12)
    at = timezone.make_aware(datetime.datetime(2024, 6, 12, 10))
    later = gov.Meeting.objects.create(body=board, start=at + datetime.timedelta(hours=4), venue="Hall")
    earlier = gov.Meeting.objects.create(body=board, start=at, venue="Annex")
    gov.Meeting.objects.create(body=board, start=at + datetime.timedelta(days=1))
    gov.Meeting.objects.create(body=elsewhere, start=at)
    source = _document("pack.pdf", "a", size=10, stored_as="x")
    items = [
        gov.AgendaItem.objects.create(meeting=later, number="2", title="Falls", order=200, source=source),
        gov.AgendaItem.objects.create(meeting=later, number="1", title="Minutes", order=100, source=source),
        gov.AgendaItem.objects.create(meeting=later, number="", title="Any other business", order=300),
        gov.AgendaItem.objects.create(
            meeting=later,
            number="2",
            title="Falls (again)",
            order=150,
            first_page=3,
            last_page=4,
            source=source,
        ),
    ]
    gov.Paper.objects.create(meeting=later, agenda_item=items[0], title="Falls report", document=source)
    gov.Paper.objects.create(meeting=later, title="Covering note", document=source, date=day)
    minute = gov.Minute.objects.create(meeting=later, number="7", title="Falls", agenda_item=items[0])
    resolutions = [gov.Resolution.objects.create(minute=minute, order=k, text=f"Clause {k}") for k in (2, 1)]
    member, attendee, declarer, stranger = (
        gov.Person.objects.create(name=n, other_names=o)
        for n, o in [("Rhys Owen", ["R Owen"]), ("Bea Khan", []), ("Al Dunn", []), ("Cy Moss", [])]
    )
    gov.Membership.objects.create(person=member, body=panel)
    gov.Membership.objects.create(person=member, body=board)
    gov.Membership.objects.create(person=stranger, body=elsewhere)
    gov.Attendance.objects.create(meeting=earlier, person=attendee)
    gov.Attendance.objects.create(meeting=later, person=member)
    gov.Declaration.objects.create(meeting=later, person=declarer, text="A friend works there")
    for resolution, owner in zip(resolutions, (attendee, None), strict=True):
        gov.Action.objects.create(
            body=board, resolution=resolution, description="Do it", owner_person=owner, owner_text="The board"
        )
    return {
        "home": home,
        "board": board,
        "panel": panel,
        "day": day,
        "later": later,
        "minute": minute,
        "source": source,
        "people": [member, attendee, declarer, stranger],
        "resolutions": resolutions,
    }


def test_records_are_the_querysets_instances_in_its_order(book):
    board = book["board"]
    meetings = Records(lambda: gov.Meeting.objects.filter(body_id=Given("body", BigIntegerField())))
    found = meetings.all(body=board.pk)
    assert fields(found) == fields(
        gov.Meeting.objects.filter(body=board)
    )  # Meeting's own order: latest first
    assert all(isinstance(m, gov.Meeting) and not m._state.adding for m in found)
    assert timezone.is_aware(found[0].start)
    assert meetings.first(body=book["panel"].pk) is None
    found[0].venue = "Council Chamber"
    found[0].save(update_fields=["venue"])  # an instance the import can change and save
    assert gov.Meeting.objects.get(pk=found[0].pk).venue == "Council Chamber"


def test_the_import_asks_what_its_querysets_asked(book):
    board, later, source, home = book["board"], book["later"], book["source"], book["home"]
    assert fields([importing._stored.first(sha256=source.sha256)]) == fields([source])
    assert importing._stored.first(sha256="b" * 64) is None
    assert fields([importing._council.first(name=home.name)]) == fields([home])
    assert fields(importing._bodies.all(council=home.pk)) == fields(home.bodies.all())  # by name
    on_day = gov.Meeting.objects.filter(body=board, start__date=book["day"]).order_by("pk")
    assert fields([importing._meetings_on.first(body=board.pk, day=book["day"])]) == fields([on_day.first()])
    numbered = gov.AgendaItem.objects.filter(meeting=later).exclude(number="")
    assert fields(importing._numbered_items.all(meeting=later.pk)) == fields(numbered)  # the agenda's order
    for model, scope, parent in [
        (gov.AgendaItem, "meeting", later),
        (gov.Attendance, "meeting", later),
        (gov.Resolution, "minute", book["minute"]),
    ]:
        children = importing._children_of(model, scope).all(parent=parent.pk)
        expected = model.objects.filter(**{scope: parent})
        assert sorted(map(str, fields(children))) == sorted(map(str, fields(expected)))
    assert fields(people._council_people.all(council=home.pk)) == fields(people.people_of(home))
    assert {p for (p,) in people._members.rows(body=board.pk)} == set(
        gov.Membership.objects.filter(body=board).values_list("person", flat=True)
    )
    assert {p for (p,) in people._attending.rows(body=board.pk)} == set(
        gov.Attendance.objects.filter(meeting__body=board).values_list("person", flat=True)
    )


def test_the_index_asks_what_its_querysets_asked(book):
    pks = [book["source"].pk]
    resolutions = [r.pk for r in book["resolutions"]]
    persons = [p.pk for p in book["people"]]
    assert index._owners.rows(resolutions) == list(
        gov.Action.objects.filter(resolution__in=resolutions)
        .exclude(owner_person=None)
        .values_list("resolution", "owner_person")
    )
    assert index._sitting.rows(persons) == list(
        gov.Body.objects.filter(memberships__person__in=persons)
        .values_list("memberships__person", "name")
        .distinct()
    )
    papers = index.visibility.public_papers().filter(document__in=pks).order_by("-pk")
    assert [tuple(row[:5]) for row in index._citing_papers.rows(pks)] == [
        (p.document_id, p.pk, p.title, p.date, p.agenda_item_id) for p in papers
    ]
    items = index.visibility.public_items().filter(source__in=pks).exclude(first_page=None)
    assert [tuple(row[:5]) for row in index._spanning_items.rows(pks)] == [
        (i.source_id, i.first_page, i.last_page, i.pk, i.parent_id) for i in items
    ]
    cited = gov.Meeting.objects.filter(
        Q(source__in=pks) | Q(pk__in=gov.AgendaItem.objects.filter(source__in=pks).values("meeting"))
    ).order_by("-start")
    assert list(map(tuple, index._cited_meetings(pks))) == [
        (m.source_id, m.pk, m.body_id, m.start) for m in cited
    ]
    of_items = (
        gov.AgendaItem.objects.filter(source__in=pks).select_related("meeting").order_by("-meeting__start")
    )
    assert list(map(tuple, index._meetings_of_items.rows(pks))) == [
        (i.source_id, i.meeting_id, i.meeting.body_id, i.meeting.start) for i in of_items
    ]


def test_a_pages_context_names_its_paper_item_or_meeting(book):
    source, later = book["source"], book["later"]
    context = index._contexts([source])[source.pk]
    first_paper = (
        gov.Paper.objects.filter(document=source).order_by("pk").first()
    )  # the first paper of a file
    item = first_paper.agenda_item
    assert context(1) == (
        first_paper.title,
        f"item-{item.pk}",
        later.body_id,
        timezone.localdate(later.start),
    )
    other = _document("minutes.pdf", "c", size=1, stored_as="y")
    gov.AgendaItem.objects.filter(number="2", first_page=3).update(source=other)
    context = index._contexts([other])[other.pk]
    spanned = gov.AgendaItem.objects.get(source=other, first_page=3)
    assert context(4) == ("minutes.pdf", f"item-{spanned.pk}", later.body_id, timezone.localdate(later.start))
    assert context(9) == (
        "minutes.pdf",
        f"meeting-{later.pk}",
        later.body_id,
        timezone.localdate(later.start),
    )
    alone = _document("alone.pdf", "d", size=1, stored_as="z")
    assert index._contexts([alone])[alone.pk](1) == ("alone.pdf", f"document-{alone.pk}", None, None)
