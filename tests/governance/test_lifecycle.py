"""The meeting's life cycle and the corrections a clerk makes, through the functions the desk calls.

Each rule is tested with the mistake it stops: a meeting that has not happened gets no attendance, minutes or
approval; a substitute never changes another line; a called-off meeting gives its items back; a date with no
meeting, or a second meeting on one day, needs a confirmation.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.clerking import RegisterLine
from minutebook.governance.due import read_due
from minutebook.governance.importing import import_file
from minutebook.governance.models import (
    Action,
    AgendaItem,
    AuditEntry,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
    WorkProgrammeEntry,
)

from ..documents import pdf_from_text

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date, hour=14):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def soon() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=30)


@pytest.fixture
def board(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council", kind="council")
    body = Body.objects.create(organisation=council, name="Anytown Health Scrutiny Panel", slug="panel")
    for name in ("Asha Patel", "Ben Cole", "Cara Dunn"):
        Membership.objects.create(person=Person.objects.create(name=name), body=body)
    return body


def person(name):
    return Person.objects.get_or_create(name=name)[0]


def line(meeting, name):
    return meeting.attendances.get(person__name=name)


# -- held, postponed, cancelled --------------------------------------------------------------------------------------


def test_a_meeting_that_has_not_started_takes_no_attendance_minutes_or_declarations(board):
    future = clerking.create_meeting(board, soon())
    with pytest.raises(clerking.CycleError, match="has not started yet"):
        clerking.record_attendance(future, person("Asha Patel"))
    with pytest.raises(clerking.CycleError, match="has not started yet"):
        clerking.write_minute(future, "Winter pressures")
    with pytest.raises(clerking.CycleError, match="has not started yet"):
        clerking.record_declaration(future, person("Asha Patel"), "Trustee of a care charity")
    assert future.stage == Meeting.Stage.SCHEDULED and not future.attendances.exists()


def test_a_meeting_moves_from_held_to_minutes_drafted_to_minutes_approved(board):
    first = clerking.create_meeting(board, at(D(2025, 1, 12)))
    assert first.stage == "scheduled"
    clerking.record_attendance(first, person("Asha Patel"))
    first.refresh_from_db()
    assert first.stage == "held"
    clerking.write_minute(first, "Winter pressures", resolutions=["The update be noted."])
    assert first.stage == "drafted" and first.get_stage_display() == "Minutes drafted"
    second = clerking.create_meeting(board, at(D(2025, 3, 9)))
    clerking.approve_minutes(first, at=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.stage == "approved" and first.is_locked
    assert second.status == "held"  # approving at a meeting records that it took place


def test_approving_a_meeting_that_was_not_held_or_has_no_minutes_is_refused(board):
    past = clerking.create_meeting(board, at(D(2025, 1, 12)))
    later = clerking.create_meeting(board, at(D(2025, 3, 9)))
    future = clerking.create_meeting(board, soon())
    with pytest.raises(clerking.CycleError, match="not held"):
        clerking.approve_minutes(past, at=later)
    clerking.record_attendance(past, person("Asha Patel"))
    past.refresh_from_db()
    with pytest.raises(clerking.CycleError, match="no minutes yet"):
        clerking.approve_minutes(past, at=later)
    clerking.write_minute(past, "Winter pressures")
    with pytest.raises(clerking.CycleError, match="once it has started"):
        clerking.approve_minutes(past, at=future)
    with pytest.raises(clerking.CycleError, match="later meeting"):
        clerking.approve_minutes(past, at=clerking.create_meeting(board, at(D(2024, 11, 1))))
    past.refresh_from_db()
    assert past.minutes_approved_at is None and past.stage == "drafted"
    # and the database itself holds the rule
    future.minutes_approved_at = later
    with pytest.raises(IntegrityError), transaction.atomic():
        future.save()


def test_a_cancelled_meetings_planned_items_go_back_to_the_work_programme(board):
    day = timezone.localdate(soon())
    entry = clerking.plan(board, "Stroke services", date=day)
    meeting = clerking.create_meeting(board, soon())
    entry.refresh_from_db()
    assert entry.planned_meeting == meeting
    with pytest.raises(clerking.CycleError, match="reason"):
        clerking.call_off(meeting, Meeting.Status.CANCELLED, "  ")
    assert clerking.call_off(meeting, Meeting.Status.CANCELLED, "Not quorate") == 1
    entry.refresh_from_db()
    meeting.refresh_from_db()
    assert entry.to_be_determined and entry.moved_from == [day.isoformat()]
    assert (meeting.stage, meeting.status_reason) == ("cancelled", "Not quorate")
    with pytest.raises(clerking.CycleError, match="cancelled"):
        clerking.record_attendance(meeting, person("Asha Patel"))


def test_a_held_meeting_cannot_be_postponed(board):
    meeting = clerking.create_meeting(board, at(D(2025, 1, 12)))
    clerking.record_attendance(meeting, person("Asha Patel"))
    with pytest.raises(clerking.CycleError, match="was held"):
        clerking.call_off(meeting, Meeting.Status.POSTPONED, "Room unavailable")


def test_a_second_meeting_on_the_same_day_needs_a_confirmation(board):
    clerking.create_meeting(board, at(D(2025, 1, 12), 10))
    with pytest.raises(clerking.NeedsConfirmation, match="already has a meeting on 12 January 2025"):
        clerking.create_meeting(board, at(D(2025, 1, 12), 18))
    clerking.create_meeting(board, at(D(2025, 1, 12), 18), confirmed=True)
    assert board.meetings.count() == 2


def test_moving_a_meeting_onto_a_day_the_body_meets_needs_a_confirmation(board):
    clerking.create_meeting(board, at(D(2025, 1, 12), 10))
    other = clerking.create_meeting(board, at(D(2025, 1, 19), 10))
    with pytest.raises(clerking.NeedsConfirmation, match="already has a meeting on 12 January 2025 at 10:00"):
        clerking.edit_meeting(other, start=at(D(2025, 1, 12), 18), venue="", contact_officer="")
    other.refresh_from_db()
    assert timezone.localdate(other.start) == D(2025, 1, 19)
    # a new time on its own day is no clash with itself
    clerking.edit_meeting(other, start=at(D(2025, 1, 19), 14), venue="Room 2", contact_officer="")
    clerking.edit_meeting(other, start=at(D(2025, 1, 12), 18), venue="", contact_officer="", confirmed=True)
    assert board.meetings.filter(start__date=D(2025, 1, 12)).count() == 2


def test_editing_a_meeting_takes_its_planned_items_along(board):
    entry = clerking.plan(board, "Dental access", date=timezone.localdate(soon()))
    meeting = clerking.create_meeting(board, soon())
    later = soon() + datetime.timedelta(days=7)
    clerking.edit_meeting(meeting, start=later, venue="Room 2", contact_officer="")
    entry.refresh_from_db()
    assert entry.planned_date == timezone.localdate(later) and entry.planned_meeting == meeting


# -- the register ----------------------------------------------------------------------------------------------------


def test_a_substitute_replaces_one_member_who_sent_apologies_and_changes_no_other_line(board):
    meeting = clerking.create_meeting(board, at(D(2025, 1, 12)))
    asha, ben = person("Asha Patel"), person("Ben Cole")
    dev = person("Dev Rao")
    clerking.record_attendance(meeting, asha)
    clerking.record_attendance(meeting, ben)
    with pytest.raises(clerking.CycleError, match="Record Ben Cole's apologies first"):
        clerking.record_attendance(meeting, dev, capacity="substitute", substitute_for=ben)
    assert line(meeting, "Ben Cole").status == "present"  # untouched
    clerking.record_attendance(meeting, ben, status="apologies")
    with pytest.raises(clerking.CycleError, match="member of Anytown Health Scrutiny Panel"):
        clerking.record_attendance(meeting, person("Cara Dunn"), capacity="substitute", substitute_for=ben)
    assert not meeting.attendances.filter(person__name="Cara Dunn").exists()
    clerking.record_attendance(meeting, dev, capacity="substitute", substitute_for=ben)
    with pytest.raises(clerking.CycleError, match="already recorded as substitute for Ben Cole"):
        clerking.record_attendance(meeting, person("Eve Hart"), capacity="substitute", substitute_for=ben)
    with pytest.raises(clerking.CycleError, match="Dev Rao is recorded as substitute for Ben Cole"):
        clerking.record_attendance(meeting, ben, status="present")
    with pytest.raises(clerking.CycleError, match="remove that line first"):
        clerking.remove_attendance(line(meeting, "Ben Cole"))
    assert [(a.person.name, a.status) for a in meeting.attendances.order_by("person__name")] == [
        ("Asha Patel", "present"),
        ("Ben Cole", "apologies"),
        ("Dev Rao", "present"),
    ]
    clerking.remove_attendance(line(meeting, "Dev Rao"))
    clerking.record_attendance(meeting, ben, status="present")
    assert line(meeting, "Ben Cole").status == "present"


def test_the_database_allows_one_substitute_per_member(board):
    meeting = clerking.create_meeting(board, at(D(2025, 1, 12)))
    ben = person("Ben Cole")
    clerking.record_attendance(meeting, ben, status="apologies")
    clerking.record_attendance(meeting, person("Dev Rao"), capacity="substitute", substitute_for=ben)
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.attendances.create(person=person("Eve Hart"), capacity="substitute", substitute_for=ben)


def test_the_register_is_saved_whole_or_not_at_all(board):
    meeting = clerking.create_meeting(board, at(D(2025, 1, 12)))
    asha, ben, cara, dev = (person(n) for n in ("Asha Patel", "Ben Cole", "Cara Dunn", "Dev Rao"))
    clerking.save_register(
        meeting,
        [
            RegisterLine(asha, "present"),
            RegisterLine(ben, "apologies", substitute=dev),
            RegisterLine(cara, "absent"),
            RegisterLine(person("Sam Clerk"), "present", capacity="officer", role="Scrutiny officer"),
        ],
    )
    assert (
        line(meeting, "Dev Rao").substitute_for == ben
        and line(meeting, "Sam Clerk").role == "Scrutiny officer"
    )
    before = sorted(meeting.attendances.values_list("person__name", "status", "capacity"))
    with pytest.raises(clerking.CycleError, match="substitute for Ben Cole"):
        clerking.save_register(
            meeting, [RegisterLine(asha, ""), RegisterLine(ben, "present", substitute=dev)]
        )
    assert sorted(meeting.attendances.values_list("person__name", "status", "capacity")) == before
    # the member back as present and the substitute gone, in one save; Asha's line taken off
    clerking.save_register(
        meeting, [RegisterLine(asha, ""), RegisterLine(ben, "present"), RegisterLine(cara, "absent")]
    )
    assert sorted(meeting.attendances.values_list("person__name", "status")) == [
        ("Ben Cole", "present"),
        ("Cara Dunn", "absent"),
        ("Sam Clerk", "present"),
    ]


# -- corrections before approval --------------------------------------------------------------------------------------


def test_agenda_corrections_renumber_and_are_in_the_audit_trail(board):
    meeting = clerking.create_meeting(board, soon())
    dental = clerking.add_item(meeting, "Dental acess")
    clerking.edit_item(dental, title="Dental access", presenter="ICB Director")
    clerking.reorder_item(dental, -1)
    clerking.withdraw_item(dental)
    titles = [(i.number, i.title, i.withdrawn) for i in meeting.agenda_items.order_by("order")]
    assert titles[2:4] == [
        ("3", "Dental access", True),
        ("4", "Minutes of the Previous Meeting and Matters Arising", False),
    ]
    change = AuditEntry.objects.filter(
        model="governance.AgendaItem", object_id=str(dental.pk), action="update"
    )
    assert any(e.before["title"] == "Dental acess" and e.after["title"] == "Dental access" for e in change)


def test_papers_are_replaced_and_removed_and_the_first_file_is_kept(board):
    meeting = clerking.create_meeting(board, soon())
    item = meeting.agenda_items.get(number="3")
    paper = clerking.attach_paper(item, pdf_from_text("First draft\n"), "report.pdf", title="Report")
    first = paper.document
    clerking.replace_paper(paper, pdf_from_text("Corrected\n"), "report-v2.pdf")
    paper.refresh_from_db()
    assert paper.document != first and first.path.exists()
    clerking.remove_paper(paper)
    assert not meeting.papers.exists()
    assert AuditEntry.objects.filter(model="governance.Paper", action="delete").exists()


def test_draft_minutes_are_corrected_and_approved_ones_are_not(board):
    first = clerking.create_meeting(board, at(D(2025, 1, 12)))
    minute = clerking.write_minute(first, "Winter", resolutions=["The update be noted."])
    clerking.correct_minute(
        minute,
        title="Winter pressures",
        text="Members heard the plan.",
        resolutions=["The update be noted.", "The Director of Public Health to report back in March."],
    )
    action = Action.objects.get()
    assert action.due_date == D(2025, 3, 31) and minute.resolutions.count() == 2
    declaration = clerking.record_declaration(first, person("Asha Patel"), "Trustee")
    clerking.record_attendance(first, person("Asha Patel"))
    clerking.correct_declaration(declaration, text="Trustee of a care charity", kind="non_registrable")
    second = clerking.create_meeting(board, at(D(2025, 3, 9)))
    clerking.approve_minutes(first, at=second)
    for correction in (
        lambda: clerking.correct_minute(minute, title="Winter", text="", resolutions=[]),
        lambda: clerking.remove_minute(minute),
        lambda: clerking.remove_declaration(declaration),
        lambda: clerking.remove_attendance(line(first, "Asha Patel")),
        lambda: clerking.record_attendance(first, person("Ben Cole")),
    ):
        with pytest.raises(clerking.CycleError, match="approved as a true record"):
            correction()
    minute.refresh_from_db()
    assert minute.title == "Winter pressures"


# -- actions and the work programme ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clause, set_on, due",
    [
        ("The Director of Public Health to report back in March.", D(2024, 11, 20), D(2025, 3, 31)),
        ("The ICB to report by March.", D(2025, 1, 12), D(2025, 3, 31)),
        ("Officers to circulate the figures by the end of June 2024.", D(2023, 7, 1), D(2024, 6, 30)),
        ("The Chair to write to the Minister by 14 June 2025.", D(2025, 5, 1), D(2025, 6, 14)),
        ("The Director may bring a report in due course.", D(2025, 1, 1), None),
    ],
)
def test_due_dates_are_read_from_the_clause_and_the_day_it_was_set(clause, set_on, due):
    assert read_due(clause, set_on).date == due


def test_an_action_due_at_the_next_meeting_is_overdue_once_that_meeting_passes_without_a_report(board):
    first = clerking.create_meeting(board, at(D(2025, 1, 12)))
    clerking.write_minute(
        first, "Beds", resolutions=["The ICB Director to report on beds to the next meeting."]
    )
    action = Action.objects.get()
    assert action.due_next_meeting and action.due_by() is None  # the next meeting is not scheduled yet
    second = clerking.create_meeting(board, at(D(2025, 3, 9)))
    assert action.due_by() == D(2025, 3, 9) and action.is_overdue()
    assert list(Action.objects.overdue()) == [action]
    with pytest.raises(clerking.CycleError, match="Say what was reported"):
        clerking.report_back(action, second, " ")
    clerking.report_back(action, second, "Bed numbers circulated.")
    assert not Action.objects.overdue().exists()
    clerking.set_due(action, date=D(2025, 4, 30))
    action.refresh_from_db()
    assert (action.due_date, action.due_next_meeting) == (D(2025, 4, 30), False)


def test_imported_history_is_held_and_its_actions_fall_due(tmp_path, board):
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(
        """Minutes of the Meeting of the Health Scrutiny Panel held at 6.30 pm on Wednesday, 4 October 2017

Present: Councillor R Hale (Chair), Councillor S Begum

1. Apologies for absence and substitutions

There were no apologies.

2. Sexual Health Services

RESOLVED that the Director of Public Health report back on the new clinics in March.
""",
        encoding="utf-8",
    )
    import_file(minutes)
    action = Action.objects.get()
    assert action.due_date == D(2018, 3, 31) and action.is_overdue()


def test_work_programme_items_move_to_the_bodys_meetings_or_a_confirmed_date(board):
    meeting = clerking.create_meeting(board, soon())
    entry = clerking.plan(board, "Obesity strategy", lead="Director of Public Health")
    clerking.move(entry, meeting=meeting)
    assert (entry.planned_meeting, entry.planned_date) == (meeting, timezone.localdate(meeting.start))
    item = meeting.agenda_items.get(title="Obesity strategy")  # the agenda still to come follows the plan
    assert (item.number, item.presenter) == ("4", "Report of Director of Public Health")
    other = Body.objects.create(organisation=board.organisation, name="Cabinet", slug="cabinet")
    with pytest.raises(clerking.CycleError, match="this body's meetings"):
        clerking.move(entry, meeting=clerking.create_meeting(other, soon()))
    empty_day = timezone.localdate(soon()) + datetime.timedelta(days=3)
    with pytest.raises(clerking.NeedsConfirmation, match="has no meeting on"):
        clerking.move(entry, date=empty_day)
    clerking.move(entry, date=empty_day, confirmed=True)
    entry.refresh_from_db()
    assert not meeting.agenda_items.filter(title="Obesity strategy").exists()
    assert meeting.agenda_items.get(title="Any Other Business").number == "4"
    assert entry.planned_date == empty_day and entry.planned_meeting is None
    assert WorkProgrammeEntry.objects.get().moved_from == [
        None,
        timezone.localdate(meeting.start).isoformat(),
    ]


def test_memberships_are_managed_with_role_organisation_and_dates(board):
    nhs = Organisation.objects.create(name="Anytown NHS Trust")
    membership = clerking.appoint(
        board, person("Dev Rao"), role="co_opted", organisation=nhs, start_date=D(2025, 5, 1)
    )
    with pytest.raises(clerking.CycleError, match="cannot end before it starts"):
        clerking.change_membership(membership, end_date=D(2025, 4, 1))
    clerking.change_membership(membership, end_date=D(2026, 4, 30))
    assert person("Dev Rao") not in clerking.members(board, D(2026, 5, 1))
    assert person("Dev Rao") in clerking.members(board, D(2025, 6, 1))


def test_a_record_saved_field_by_field_is_changed_when_it_is_saved(board):
    """OParl clients ask what changed since a time: a save of some fields (as a re-import making an item exempt
    does) moves ``modified`` too; a save of no field changes nothing."""
    meeting = clerking.create_meeting(board, soon())
    item = AgendaItem.objects.create(meeting=meeting, number="9", title="Estates disposal", order=900)
    before = item.modified
    item.exempt, item.exempt_paragraph = True, 3
    item.save(update_fields=["exempt", "exempt_paragraph"])
    item.refresh_from_db()
    assert item.exempt and item.modified > before
    kept = item.modified
    item.save(update_fields=[])
    item.refresh_from_db()
    assert item.modified == kept
