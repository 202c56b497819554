"""A person's page: attendance counted per board, and long lists of records paged from the newest."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance.models import Attendance, Body, Meeting, Organisation, Person
from minutebook.web.views import PERSON_LIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_serving():
    """A member of two boards over many years: present mostly, apologies at every third meeting of one board."""
    council = Organisation.objects.create(name="Exampleshire County Council")
    health = Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    scrutiny = Body.objects.create(organisation=council, name="Adult Social Care Scrutiny", slug="ascs")
    member = Person.objects.create(name="Priya Okafor")
    colleague = Person.objects.create(name="Tom Reeve")
    start = timezone.make_aware(datetime.datetime(2001, 1, 10, 14))
    for n in range(PERSON_LIST * 3 + 5):
        meeting = Meeting.objects.create(body=health, start=start + datetime.timedelta(days=30 * n), status="held")
        status = Attendance.Status.APOLOGIES if n % 3 == 0 else Attendance.Status.PRESENT
        Attendance.objects.create(meeting=meeting, person=member, status=status)
    for n in range(4):
        meeting = Meeting.objects.create(body=scrutiny, start=start + datetime.timedelta(days=7 + 90 * n), status="held")
        Attendance.objects.create(
            meeting=meeting, person=member, capacity=Attendance.Capacity.SUBSTITUTE, substitute_for=colleague
        )
    return member


def test_attendance_is_counted_per_board(client, long_serving):
    rates = {r["body"].slug: r for r in client.get(f"/people/{long_serving.slug}/").context["rates"]}
    meetings = PERSON_LIST * 3 + 5
    apologies = len(range(0, meetings, 3))
    assert (rates["hwb"]["present"], rates["hwb"]["apologies"]) == (meetings - apologies, apologies)
    assert rates["hwb"]["rate"] == round(100 * (meetings - apologies) / meetings)
    assert (rates["ascs"]["present"], rates["ascs"]["substitute"], rates["ascs"]["rate"]) == (4, 4, 100)
    assert [r["body"].slug for r in rates.values()] == ["ascs", "hwb"]  # by name


def test_apologies_are_listed_newest_first_a_page_at_a_time(client, long_serving):
    first = client.get(f"/people/{long_serving.slug}/")
    apologies = first.context["apologies"]
    dates = [a.meeting.start for a in apologies]
    assert len(dates) == PERSON_LIST and dates == sorted(dates, reverse=True)
    total = apologies.paginator.count
    assert f"1–{PERSON_LIST} of {total}" in first.content.decode()
    assert 'href="?apologies=2#apologies"' in first.content.decode()
    second = client.get(f"/people/{long_serving.slug}/?apologies=2").context["apologies"]
    assert len(second) == total - PERSON_LIST and second[0].meeting.start < dates[-1]
