"""The public meeting page: its links to the board's meetings either side, what it lists of each kind of
record, what it never lists (exempt business, private files), and the number of queries it makes."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper
from django.test.utils import CaptureQueriesContext

from minutebook.governance import clerking, visibility
from minutebook.governance.models import Action, AgendaItem, Body, Organisation, Person, SourceDocument

from ..documents import pdf_from_text
from .test_exempt import minute_book_with_secrets  # noqa: F401 (a fixture)
from .test_meeting_record import at

pytestmark = pytest.mark.django_db
SECRET = "Kvellrow"  # written into every exempt record below; never on the public page


@pytest.fixture
def boards(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Northshire County Council")
    panel = Body.objects.create(organisation=council, name="Adult Care Scrutiny Panel", slug="care-panel")
    cabinet = Body.objects.create(organisation=council, name="Cabinet", slug="cabinet")
    return panel, cabinet


def business(meeting, minutes: int = 1):
    """A held meeting's records of every kind, public and exempt."""
    chair, member, absent = (
        Person.objects.create(name=n, honorific="Councillor") for n in ("Ann Ode", "Ben Ray", "Cal Sim")
    )
    substitute = Person.objects.create(name="Dee Tull")
    clerking.record_attendance(meeting, chair, role="Chair")
    clerking.record_attendance(meeting, member, status="apologies")
    clerking.record_attendance(meeting, substitute, capacity="substitute", substitute_for=member)
    clerking.record_attendance(meeting, absent, status="absent")
    public = clerking.add_item(meeting, "Home care market", presenter="Director of Adult Services")
    AgendaItem.objects.create(meeting=meeting, parent=public, sub_label="a", title="Provider survey", order=1)
    private = clerking.mark_exempt(
        clerking.add_item(meeting, f"Contract award {SECRET}"), 3, "Commercial terms"
    )
    AgendaItem.objects.create(
        meeting=meeting, parent=private, sub_label="a", title=f"Bidders {SECRET}", order=1
    )
    clerking.record_declaration(meeting, chair, "A relative works for a care provider", agenda_item=public)
    clerking.record_declaration(meeting, absent, f"Shareholder in {SECRET} Care", agenda_item=private)
    report = clerking.attach_paper(
        public,
        pdf_from_text("Home care market\nThe market is stable.\n"),
        "home-care.pdf",
        title="Home care market report",
        recommendations=["The panel notes the survey."],
    )
    clerking.attach_paper(
        private,
        pdf_from_text(f"Tender evaluation\n{SECRET} scored highest.\n"),
        "tender.pdf",
        title=f"Tender evaluation {SECRET}",
        recommendations=[f"Award to {SECRET}."],
        exempt=True,
    )
    for n in range(minutes):
        minute = clerking.write_minute(
            meeting,
            f"Home care market {n}",
            agenda_item=public,
            resolutions=["The report be noted.", "A survey be run."],
        )
    resolution = minute.resolutions.get(order=2)
    Action.objects.create(
        resolution=resolution, body=meeting.body, description="Run the survey", owner_text="Officer"
    )
    secret = clerking.write_minute(
        meeting, f"Contract award {SECRET}", agenda_item=private, resolutions=[f"Award to {SECRET}."]
    )
    Action.objects.create(
        resolution=secret.resolutions.get(),
        body=meeting.body,
        description=f"Sign {SECRET}",
        owner_text="Officer",
    )
    return report


def test_previous_and_next_are_the_same_boards_meetings_either_side(client, boards):
    panel, cabinet = boards
    first, middle, last = (
        clerking.create_meeting(panel, at(datetime.date(2025, month, 12))) for month in (1, 3, 5)
    )
    between = clerking.create_meeting(cabinet, at(datetime.date(2025, 2, 12)))
    clerking.create_meeting(cabinet, at(datetime.date(2025, 4, 12)))
    links = {}
    for meeting in (first, middle, last, between):
        page = client.get(meeting.get_absolute_url()).content.decode()
        links[meeting.pk] = (
            re.findall(r'href="(/meetings/\d+/)">Previous meeting: ([^<]+)<', page),
            re.findall(r'href="(/meetings/\d+/)">Next meeting: ([^<]+)<', page),
        )
    assert links[first.pk] == ([], [(middle.get_absolute_url(), "12 Mar 2025")])
    assert links[middle.pk] == (
        [(first.get_absolute_url(), "12 Jan 2025")],
        [(last.get_absolute_url(), "12 May 2025")],
    )
    assert links[last.pk] == ([(middle.get_absolute_url(), "12 Mar 2025")], [])
    assert links[between.pk][0] == [] and links[between.pk][1][0][1] == "12 Apr 2025"


def test_the_page_lists_public_business_and_never_exempt_business(client, boards):
    panel, _ = boards
    meeting = clerking.create_meeting(panel, at(datetime.date(2025, 3, 12)))
    report = business(meeting)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert SECRET not in page
    assert (
        "Home care market" in page and "(a) Provider survey" in page and "Director of Adult Services" in page
    )
    assert "Councillor Ann Ode</a> (Chair)" in page
    assert 'Dee Tull</a> <span class="meta">substitute for <a href="/people/' in page
    assert "Councillor Ben Ray" in page and "<h3>Absent</h3>" in page and "Councillor Cal Sim" in page
    assert "A relative works for a care provider" in page
    assert '<li>A survey be run. <strong class="tag tag--yellow">Action: Open</strong></li>' in page
    assert "<li>The report be noted.</li>" in page
    assert "Home care market report" in page and "The panel notes the survey." in page
    # The public paper's file is listed whole; the exempt paper's own file is not listed at all.
    assert f'<a href="/documents/{report.document_id}/">home-care.pdf</a>' in page
    assert "tender.pdf" not in page


def test_a_clerk_sees_the_same_public_page(client, boards, django_user_model):
    panel, _ = boards
    meeting = clerking.create_meeting(panel, at(datetime.date(2025, 3, 12)))
    business(meeting)
    clerk = django_user_model.objects.create_user("panel-clerk")
    panel.clerks.add(clerk)
    client.force_login(clerk)
    assert SECRET not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_number_of_queries_does_not_grow_with_the_records(client, boards):
    panel, _ = boards
    small = clerking.create_meeting(panel, at(datetime.date(2025, 3, 12)))
    business(small, minutes=1)
    large = clerking.create_meeting(panel, at(datetime.date(2025, 5, 12)))
    business(large, minutes=12)
    counts = []
    for meeting in (small, large):
        client.get(meeting.get_absolute_url())  # the statements compiled, the URLconf loaded
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    # the meeting, items, attendance, minutes, resolutions with their actions, papers, recommendations,
    # declarations, files, packs
    assert counts[0] == counts[1] == 10


def test_an_unknown_meeting_is_not_found(client, boards):
    for number in ("424242", "0", "9" * 30):  # beyond any key the database can hold, too
        assert client.get(f"/meetings/{number}/").status_code == 404


def test_a_file_a_private_record_uses_is_never_offered_whole(client, minute_book_with_secrets):  # noqa: F811
    """The page's one-query form of the rule (visibility.private_file and privately_cited) agrees with
    public_documents and private_files on every file of a book holding exempt records of every kind, and each
    meeting page links whole only the public files."""
    rows = SourceDocument.objects.annotate(
        own=ExpressionWrapper(visibility.private_file(), output_field=BooleanField()),
        cited=ExpressionWrapper(visibility.privately_cited(), output_field=BooleanField()),
    ).values_list("pk", "own", "cited")
    used = {pk: bool(own or cited) for pk, own, cited in rows}
    own_files = {pk for pk, own, _ in rows if own}
    assert own_files and own_files == set(visibility.private_files().values_list("pk", flat=True))
    public = set(visibility.public_documents().values_list("pk", flat=True))
    assert {pk for pk, is_used in used.items() if not is_used} == public
    assert public and len(public) < len(used)
    linked = set()
    for meeting in minute_book_with_secrets.body.meetings.all():
        page = client.get(meeting.get_absolute_url()).content.decode()
        linked |= set(map(int, re.findall(r'href="/documents/(\d+)/"', page)))
    assert linked and linked <= public
