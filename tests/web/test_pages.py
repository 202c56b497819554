"""The public pages, through Django's test client."""

import pytest
from django.core.management import call_command

from minutebook.governance.importing import import_file
from minutebook.governance.models import Action, Attendance, Meeting, Minute, Person, SourceDocument

from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def minute_book(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    call_command("demo")
    import_file(FIXTURES / "county_minutes.txt")
    import_file(FIXTURES / "panel_pack.txt")


def test_the_home_page_shows_next_meetings_decisions_and_overdue_actions(client, minute_book):
    page = client.get("/").content.decode()
    assert "Next meetings" in page and "Wexcombe Health and Wellbeing Board" in page
    assert "The consultation findings be noted." in page
    overdue = Action.objects.overdue().count()
    assert overdue >= 1 and f"{overdue} overdue" in page


def test_every_main_page_answers(client, minute_book):
    urls = [
        "/",
        "/decisions/",
        "/actions/",
        "/actions/?status=overdue",
        "/actions/?status=all",
        "/people/",
        "/search/",
        "/search/?q=strategy",
        "/calendar.ics",
    ]
    urls += [m.get_absolute_url() for m in Meeting.objects.all()]
    urls += [p.get_absolute_url() for p in Person.objects.all()]
    urls += [s.get_absolute_url() for s in SourceDocument.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_meeting_page_shows_attendance_substitutes_declarations_and_resolutions(client, minute_book):
    meeting = Meeting.objects.get(body__name="HEALTH AND WELLBEING BOARD")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "substitute for" in page and "K Brown" in page
    assert "declared a personal interest in minute 36" in page
    assert "That the refreshed strategy be endorsed." in page
    assert f"/sources/{meeting.source_id}/?lines=19-27#L19" in page


def test_the_source_view_highlights_the_lines_a_record_came_from(client, minute_book):
    minute = Minute.objects.get(number="36")
    page = client.get(
        f"/sources/{minute.source_id}/?lines={minute.first_line}-{minute.last_line}"
    ).content.decode()
    assert '<li id="L19" class="hl">' in page and '<li id="L27" class="hl">' in page
    assert '<li id="L28">' in page
    assert "36. JOINT HEALTH AND WELLBEING STRATEGY REFRESH" in page


def test_a_person_page_gives_attendance_rate_per_body(client, minute_book):
    person = Person.objects.get(name="K Brown")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Apologies sent" in page and "0%" in page
    grey = Person.objects.get(name="L Grey")
    page = client.get(grey.get_absolute_url()).content.decode()
    assert "Substituted for" in page and "100%" in page


def test_actions_filter_by_status_body_and_owner(client, minute_book):
    all_open = client.get("/actions/?status=open").context["page"].paginator.count
    assert all_open == Action.objects.filter(status="open").count()
    assert client.get("/actions/?status=done").context["page"].paginator.count == 1
    by_owner = client.get("/actions/?status=all&owner=Okafor").context["page"]
    assert [a.owner_person.name for a in by_owner] == ["Priya Okafor"]
    assert client.get("/actions/?status=all&body=wexcombe-hwb").context["page"].paginator.count == 4


def test_decisions_filter_by_body_and_date(client, minute_book):
    everything = client.get("/decisions/").context["page"].paginator.count
    wexcombe = client.get("/decisions/?body=wexcombe-hwb").context["page"].paginator.count
    assert 0 < wexcombe < everything
    dated = client.get("/decisions/?from=2023-11-01&to=2023-11-30").context["page"]
    assert {r.minute.meeting.start.date().isoformat() for r in dated} == {"2023-11-07"}
    assert len(dated) == 3


def test_search_returns_a_fragment_to_htmx_and_a_page_otherwise(client, minute_book):
    full = client.get("/search/?q=%22refreshed+strategy%22").content.decode()
    assert "<html" in full and "<mark>refreshed strategy</mark>" in full.replace("</mark> <mark>", " ")
    fragment = client.get("/search/?q=%22refreshed+strategy%22", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "results for" in fragment and "<mark>" in fragment


def test_calendar_feeds(client, minute_book):
    feed = client.get("/calendar.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == Meeting.objects.count()
    assert "LOCATION:Council Chamber\\, Civic Offices\\, Market Street" in body
    board = client.get("/bodies/wexcombe-hwb/calendar.ics").content.decode()
    assert board.count("BEGIN:VEVENT") == 3 and "X-WR-CALNAME:Wexcombe Health and Wellbeing Board" in board


def test_apologies_count_on_the_person_page_matches_the_records(client, minute_book):
    absent = Attendance.objects.filter(status="apologies").values_list("person__slug", flat=True)
    for slug in absent:
        assert client.get(f"/people/{slug}/").status_code == 200


def test_unknown_pages_are_not_found(client, minute_book):
    for url in ["/meetings/999999/", "/people/nobody/", "/bodies/none/", "/sources/999/"]:
        assert client.get(url).status_code == 404, url
