import pytest
from django.core.management import call_command

from minutebook.governance.models import Action, Attendance, Body, Meeting, Minute, WorkProgrammeEntry

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_whole_board_and_loads_again_without_duplicates():
    call_command("demo")
    counts = [Meeting.objects.count(), Minute.objects.count(), Action.objects.count()]
    call_command("demo")
    assert [Meeting.objects.count(), Minute.objects.count(), Action.objects.count()] == counts
    board = Body.objects.get(slug="wexcombe-hwb")
    assert board.meetings.filter(status=Meeting.Status.HELD).count() == 2
    assert board.meetings.filter(status=Meeting.Status.SCHEDULED).count() == 1
    assert Attendance.objects.filter(capacity=Attendance.Capacity.SUBSTITUTE).exists()
    assert WorkProgrammeEntry.objects.filter(planned_date__isnull=True).exists()
    assert any(a.is_overdue() for a in Action.objects.all())
