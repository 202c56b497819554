"""Steps the desk asks a clerk to confirm: the confirmation page, then the same fields posted again."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.models import Body, Organisation

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_moving_a_meeting_onto_another_meetings_day_is_confirmed_first(client):
    body = Body.objects.create(
        organisation=Organisation.objects.create(name="Anytown City Council"),
        name="Anytown Health Scrutiny Panel",
        slug="panel",
    )
    clerk = User.objects.create_user("clerk", password="a long clerk password")
    body.clerks.add(clerk)
    client.force_login(clerk)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    clerking.create_meeting(body, at(soon, 10))
    other = clerking.create_meeting(body, at(soon + datetime.timedelta(days=7), 10))
    fields = {
        "form": "details",
        "details-date": soon.isoformat(),
        "details-time": "18:00",
        "details-venue": "Room 2",
        "details-contact_officer": "",
    }
    asked = client.post(f"/clerk/meetings/{other.pk}/", fields)
    assert asked.status_code == 200 and b"Please confirm" in asked.content
    assert b"already has a meeting on" in asked.content
    other.refresh_from_db()
    assert timezone.localdate(other.start) == soon + datetime.timedelta(days=7)
    done = client.post(f"/clerk/meetings/{other.pk}/", {**fields, "details-confirm": "on"})
    assert done.status_code == 302
    other.refresh_from_db()
    assert timezone.localtime(other.start) == at(soon, 18) and other.venue == "Room 2"


def test_the_desks_history_names_records_as_a_clerk_would(client):
    body = Body.objects.create(
        organisation=Organisation.objects.create(name="Anytown City Council"), name="Anytown Panel", slug="panel"
    )
    clerk = User.objects.create_user("clerk", password="a long clerk password")
    body.clerks.add(clerk)
    client.force_login(clerk)
    meeting = clerking.create_meeting(body, at(timezone.localdate() + datetime.timedelta(days=9), 10))
    clerking.add_item(meeting, "Dental access in rural wards", "Report of the ICB")
    page = client.get(f"/clerk/meetings/{meeting.pk}/").content.decode()
    assert "agenda item “Dental access in rural wards”" in page
    assert "AgendaItem" not in page
