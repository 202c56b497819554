import pytest
from django.core.management import call_command

from minutebook.governance.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_demo_meetings(client):
    call_command("demo")
    page = client.get("/").content.decode()
    assert page.count("Wexcombe Health and Wellbeing Board") == Meeting.objects.count()


def test_a_meeting_page_shows_agenda_attendance_and_resolutions(client):
    call_command("demo")
    held = Meeting.objects.filter(status=Meeting.Status.HELD).order_by("start").first()
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Tobacco Control Plan 2025-2028" in page
    assert "substitute for" in page
    assert "The draft Tobacco Control Plan be endorsed for consultation." in page


def test_an_unknown_meeting_is_not_found(client):
    assert client.get("/meetings/999999/").status_code == 404
