"""The clerk's cycle, step by step, through the functions the clerk's screens call."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.models import (
    Action,
    AuditEntry,
    Body,
    Membership,
    MinuteAmendment,
    MinutesLocked,
    Organisation,
    Person,
)

from ..documents import pdf_from_text

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour=14):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def board(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council", kind="council")
    body = Body.objects.create(organisation=council, name="Anytown Health and Wellbeing Board", slug="hwb")
    for name, role in [("Asha Patel", "chair"), ("Ben Cole", "member"), ("Cara Dunn", "member")]:
        Membership.objects.create(person=Person.objects.create(name=name), body=body, role=role)
    return body


def test_the_work_programme_remembers_where_an_item_was_moved_from(board):
    entry = clerking.plan(
        board,
        "Dental access",
        date=datetime.date(2027, 1, 12),
        lead="ICB Director",
        origin="Request from Scrutiny",
    )
    clerking.move(entry, date=datetime.date(2027, 3, 9), confirmed=True)
    clerking.move(entry, date=None)
    entry.refresh_from_db()
    assert entry.planned_date is None and entry.moved_from == ["2027-01-12", "2027-03-09"]


def test_a_new_meeting_starts_from_standing_items_and_the_items_planned_for_it(board):
    day = datetime.date(2027, 1, 12)
    clerking.plan(board, "Dental access", date=day, lead="ICB Director")
    clerking.plan(board, "Obesity strategy", date=None)
    meeting = clerking.create_meeting(board, at(day), "Committee Room 1")
    assert [(i.number, i.title, i.presenter) for i in meeting.agenda_items.order_by("order")] == [
        ("1", "Apologies for Absence and Substitutions", ""),
        ("2", "Declarations of Interest", ""),
        ("3", "Minutes of the Previous Meeting and Matters Arising", ""),
        ("4", "Dental access", "Report of ICB Director"),
        ("5", "Any Other Business", ""),
    ]
    item = clerking.add_item(meeting, "Pharmacy closures", "Report of the Director of Public Health")
    assert [(i.number, i.title) for i in meeting.agenda_items.order_by("order")][-2:] == [
        ("5", "Pharmacy closures"),
        ("6", "Any Other Business"),
    ]
    with pytest.raises(clerking.CycleError, match="paragraphs 1 to 7"):
        clerking.mark_exempt(item, 9, "commercial")
    with pytest.raises(clerking.CycleError, match="public-interest reason"):
        clerking.mark_exempt(item, 3, " ")


def test_a_paper_must_be_a_readable_pdf_or_word_file(board):
    meeting = clerking.create_meeting(board, at(datetime.date(2027, 1, 12)))
    item = meeting.agenda_items.get(number="3")
    with pytest.raises(clerking.CycleError, match="notes.txt: a paper must be a PDF or a Word"):
        clerking.attach_paper(item, b"just text", "notes.txt", title="Notes")
    with pytest.raises(clerking.CycleError, match="encrypted"):
        clerking.attach_paper(item, pdf_from_text("x\n", encrypt=True), "locked.pdf", title="Locked")
    paper = clerking.attach_paper(
        item,
        pdf_from_text("Report text\n"),
        "report.pdf",
        title="Report",
        recommendations=["Note the report"],
    )
    assert paper.document.media_type == "application/pdf" and paper.recommendations.count() == 1


def test_minutes_actions_matters_arising_approval_and_amendment(board):
    first = clerking.create_meeting(board, at(datetime.date(2025, 1, 12)))
    asha, ben = Person.objects.get(name="Asha Patel"), Person.objects.get(name="Ben Cole")
    clerking.record_attendance(first, asha, role="Chair")
    clerking.record_attendance(first, ben, status="apologies")
    clerking.record_attendance(
        first, Person.objects.create(name="Dev Rao"), capacity="substitute", substitute_for=ben
    )
    with pytest.raises(clerking.CycleError, match="Say whom Cara Dunn replaces"):
        clerking.record_attendance(first, Person.objects.get(name="Cara Dunn"), capacity="substitute")
    minute = clerking.write_minute(
        first,
        "Dental access",
        "Members heard that waits had doubled.",
        [
            "The report be noted.",
            "The ICB Director to report on dental recovery to the next meeting.",
        ],
    )
    assert minute.number == "1"
    [action] = Action.objects.all()
    assert action.owner_text == "The ICB Director" and action.due_next_meeting and action.status == "open"
    second = clerking.create_meeting(board, at(datetime.date(2025, 3, 9)))
    assert list(clerking.matters_arising(second)) == [action]
    assert clerking.write_minute(second, "Minutes").number == "2"  # numbers run on
    clerking.approve_minutes(first, at=second)
    minute.refresh_from_db()
    minute.title = "Dental services"
    with pytest.raises(MinutesLocked):
        minute.save()
    with pytest.raises(clerking.CycleError, match="amend them instead"):
        clerking.write_minute(first, "Late addition")
    with pytest.raises(clerking.CycleError, match="needs a reason"):
        clerking.amend(minute, "title", "Dental services", "")
    clerking.amend(minute, "title", "Dental services", "Title corrected at the March meeting")
    minute.refresh_from_db()
    assert minute.title == "Dental services"
    amendment = MinuteAmendment.objects.get()
    assert (amendment.before, amendment.after) == ("Dental access", "Dental services")
    clerking.report_back(action, second, "Recovery plan presented.")
    assert list(clerking.matters_arising(clerking.create_meeting(board, at(datetime.date(2025, 5, 4))))) == []
    changes = AuditEntry.objects.filter(model="governance.Minute", object_id=str(minute.pk), action="update")
    assert changes.exists() and changes.first().before["title"] == "Dental access"


def test_declarations_are_recorded_with_what_was_declared(board):
    meeting = clerking.create_meeting(board, at(datetime.date(2025, 1, 12)))
    asha = Person.objects.get(name="Asha Patel")
    item = meeting.agenda_items.get(number="3")
    with pytest.raises(clerking.CycleError, match="what the interest is"):
        clerking.record_declaration(meeting, asha, " ")
    declaration = clerking.record_declaration(
        meeting, asha, "Trustee of a care charity", agenda_item=item, kind="non_registrable"
    )
    assert meeting.declarations.get() == declaration and declaration.agenda_item == item
