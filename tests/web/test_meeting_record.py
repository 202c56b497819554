"""Public pages say whether minutes are a draft or approved (when, and where), and why a meeting was called off."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import Body, Meeting, Organisation, Person

pytestmark = pytest.mark.django_db
DRAFT = "Draft — not yet approved"


def at(day: datetime.date, hour=18):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def board(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council")
    return Body.objects.create(organisation=council, name="Anytown Health Scrutiny Panel", slug="panel")


def test_minutes_are_marked_draft_until_approved_then_say_where(board, client):
    first = clerking.create_meeting(board, at(datetime.date(2025, 1, 12)))
    clerking.record_attendance(first, Person.objects.create(name="Asha Patel"))
    clerking.write_minute(first, "Winter pressures", resolutions=["The update be noted."])
    assert DRAFT in client.get(first.get_absolute_url()).content.decode()
    assert DRAFT in client.get("/decisions/").content.decode()
    second = clerking.create_meeting(board, at(datetime.date(2025, 3, 9)))
    clerking.approve_minutes(first, at=second)
    page = client.get(first.get_absolute_url()).content.decode()
    assert DRAFT not in page and "as a true record at the" in page and "meeting of 9 March 2025" in page
    assert DRAFT not in client.get("/decisions/").content.decode()


def test_imported_minutes_of_an_earlier_cycle_are_not_called_draft(board, client, tmp_path):
    text = """Minutes of the Meeting of the Health Scrutiny Panel held at 6.30 pm on Wednesday, {day}

Present: Councillor R Hale (Chair), Councillor S Begum

1. Sexual Health Services

RESOLVED that the report be noted.
"""
    for name, day in (("october.txt", "4 October 2017"), ("december.txt", "6 December 2017")):
        (tmp_path / name).write_text(text.format(day=day), encoding="utf-8")
        import_file(tmp_path / name)
    october, december = Meeting.objects.order_by("start")
    assert not october.minutes_are_draft  # the body met again: its approval is simply not in the book
    assert december.minutes_are_draft  # the latest minutes in the book: a draft as far as the book knows
    assert DRAFT not in client.get(october.get_absolute_url()).content.decode()
    assert DRAFT in client.get(december.get_absolute_url()).content.decode()


def test_the_public_reads_why_a_meeting_was_postponed(board, client):
    meeting = clerking.create_meeting(board, timezone.now() + datetime.timedelta(days=10))
    clerking.call_off(meeting, Meeting.Status.POSTPONED, "The Chair is unwell; a new date will follow")
    for path in (meeting.get_absolute_url(), "/", "/bodies/panel/", "/bodies/panel/calendar.ics"):
        text = client.get(path).content.decode()
        assert "Postponed" in text and "The Chair is unwell" in text, path
