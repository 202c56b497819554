"""The rules the minute book keeps whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    council = Organisation.objects.create(name="Testshire County Council", kind=Organisation.Kind.COUNCIL)
    return Body.objects.create(organisation=council, name="Testshire Health and Wellbeing Board")


@pytest.fixture
def meeting(board):
    return Meeting.objects.create(body=board, start=timezone.now())


def test_one_minute_number_per_meeting(meeting):
    Minute.objects.create(meeting=meeting, number="12", title="Minutes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Minute.objects.create(meeting=meeting, number="12", title="Another")


def test_the_same_minute_number_in_another_meeting_is_fine(board, meeting):
    other = Meeting.objects.create(body=board, start=timezone.now() + datetime.timedelta(days=30))
    Minute.objects.create(meeting=meeting, number="1", title="Apologies")
    Minute.objects.create(meeting=other, number="1", title="Apologies")
    assert Minute.objects.filter(number="1").count() == 2


def test_a_substitute_names_whom_they_replace(meeting):
    sub = Person.objects.create(name="Ann Lucas")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=sub, capacity=Attendance.Capacity.SUBSTITUTE)
    absent = Person.objects.create(name="Lee Kelly")
    Attendance.objects.create(
        meeting=meeting, person=sub, capacity=Attendance.Capacity.SUBSTITUTE, substitute_for=absent
    )
    assert meeting.attendances.get().substitute_for == absent


def test_an_action_has_an_owner(board):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(body=board, description="Report back on waiting times")
    Action.objects.create(
        body=board, description="Report back on waiting times", owner_text="Director of Public Health"
    )


def test_a_membership_does_not_end_before_it_starts(board):
    person = Person.objects.create(name="Dev Patel")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=person,
            body=board,
            start_date=datetime.date(2024, 5, 1),
            end_date=datetime.date(2024, 4, 30),
        )
    Membership.objects.create(
        person=person, body=board, start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 5, 1)
    )


def test_an_exempt_item_names_its_schedule_12a_paragraph(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number="9", title="Contract award", exempt=True)
    AgendaItem.objects.create(
        meeting=meeting, number="9", title="Contract award", exempt=True, exempt_paragraph=3
    )


def test_a_person_gets_a_unique_slug():
    a = Person.objects.create(name="Sam Jones")
    b = Person.objects.create(name="Sam Jones")
    assert a.slug == "sam-jones" and b.slug == "sam-jones-2"


def test_an_action_due_at_the_next_meeting_is_overdue_once_that_meeting_has_passed(board):
    held = Meeting.objects.create(body=board, start=timezone.now() - datetime.timedelta(days=60))
    following = Meeting.objects.create(body=board, start=timezone.now() - datetime.timedelta(days=10))
    minute = Minute.objects.create(meeting=held, number="5", title="Dental access")
    resolution = minute.resolutions.create(text="The Chair to write to the ICB.", order=1)
    action = Action.objects.create(
        body=board,
        resolution=resolution,
        description=resolution.text,
        owner_text="The Chair",
        due_next_meeting=True,
    )
    assert action.due_by() == timezone.localdate(following.start)
    assert action.is_overdue()
    action.status = Action.Status.DONE
    assert not action.is_overdue()
