"""A small, fictional board to explore minutebook with.

Wexcombe is an invented city; its people, meetings and decisions are written
for this demo and resemble no real council's.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Paper,
    Person,
    Recommendation,
    Resolution,
    WorkProgrammeEntry,
)

PEOPLE = [
    # name, honorific, organisation, role
    ("Priya Okafor", "Councillor", "Wexcombe City Council", Membership.Role.CHAIR),
    ("Tom Halloran", "Councillor", "Wexcombe City Council", Membership.Role.VICE_CHAIR),
    ("Bethan Idris", "Councillor", "Wexcombe City Council", Membership.Role.MEMBER),
    ("Mark Stenning", "Councillor", "Wexcombe City Council", Membership.Role.MEMBER),
    ("Grace Adeyemi", "Dr", "Wexcombe Integrated Care Board", Membership.Role.MEMBER),
    ("Howard Lyle", "", "Wexcombe Healthwatch", Membership.Role.CO_OPTED),
    ("Sunita Rao", "", "Wexcombe City Council", Membership.Role.MEMBER),
    ("Owen Pritchard", "Chief Superintendent", "Wexcombe Constabulary", Membership.Role.BY_INVITATION),
    ("Rachel Moss", "Councillor", "Wexcombe City Council", Membership.Role.SUBSTITUTE),
]
OFFICERS = ["Dan Keeble", "Ifeoma Chukwu"]

ORGANISATIONS = [
    ("Wexcombe City Council", Organisation.Kind.COUNCIL),
    ("Wexcombe Integrated Care Board", Organisation.Kind.ICB),
    ("Wexcombe Healthwatch", Organisation.Kind.VOLUNTARY),
    ("Wexcombe Constabulary", Organisation.Kind.POLICE),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )


@transaction.atomic
def load_demo(today: datetime.date | None = None) -> Body:
    """Create (or re-create) the Wexcombe Health and Wellbeing Board and its recent history.

    Dates are set around ``today`` so the demo always has past meetings with
    minutes and a next meeting to come.
    """
    today = today or datetime.date.today()
    orgs = {}
    for name, kind in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    council = orgs["Wexcombe City Council"]
    _clear(council)
    board = Body.objects.create(
        organisation=council,
        name="Wexcombe Health and Wellbeing Board",
        short_name="Wexcombe HWB",
        slug="wexcombe-hwb",
        kind=Body.Kind.HEALTH_AND_WELLBEING,
        other_names=["Wexcombe Health and Well-being Board"],
    )
    people = {}
    for name, honorific, org, role in PEOPLE:
        person, _ = Person.objects.get_or_create(name=name, defaults={"honorific": honorific})
        people[name] = person
        Membership.objects.create(
            person=person,
            body=board,
            role=role,
            organisation=orgs[org],
            start_date=today.replace(year=today.year - 2),
        )
    for name in OFFICERS:
        people[name], _ = Person.objects.get_or_create(name=name)

    first = today - datetime.timedelta(days=120)
    second = today - datetime.timedelta(days=35)
    upcoming = today + datetime.timedelta(days=28)
    m1 = _meeting(board, first, Meeting.Status.HELD)
    m2 = _meeting(board, second, Meeting.Status.HELD)
    m3 = _meeting(board, upcoming, Meeting.Status.SCHEDULED)

    # The first meeting: minutes approved at the second.
    items1 = _agenda(
        m1,
        [
            ("1", "Apologies for Absence and Substitutions", "", None),
            ("2", "Declarations of Interest", "", None),
            ("3", "Minutes of the Previous Meeting", "", (3, 8)),
            ("4", "Tobacco Control Plan 2025-2028", "Report of the Director of Public Health", (9, 24)),
            ("5", "Winter Resilience in Primary Care", "Presentation by Dr Grace Adeyemi", None),
            ("6", "Work Programme", "Report of the Governance Officer", (25, 28)),
        ],
    )
    _attend(
        m1,
        people,
        present=[
            "Priya Okafor",
            "Tom Halloran",
            "Bethan Idris",
            "Grace Adeyemi",
            "Howard Lyle",
            "Sunita Rao",
            "Rachel Moss",
        ],
        apologies={"Mark Stenning": "Rachel Moss"},
        officers=OFFICERS,
    )
    Declaration.objects.create(
        meeting=m1,
        person=people["Howard Lyle"],
        agenda_item=items1["5"],
        kind=Declaration.Kind.NON_REGISTRABLE,
        text="Works part-time at a GP practice named in the presentation.",
    )
    tobacco = _minute(
        m1,
        "41",
        "Tobacco Control Plan 2025-2028",
        items1["4"],
        "The Board considered a report on the draft plan, which sets out how smoking prevalence "
        "in Wexcombe will be brought below 5% by 2030.",
        [
            "The draft Tobacco Control Plan be endorsed for consultation.",
            "The Director of Public Health to report the consultation findings to the next meeting.",
        ],
    )
    winter = _minute(
        m1,
        "42",
        "Winter Resilience in Primary Care",
        items1["5"],
        "Dr Adeyemi presented the plan for extra GP appointments over the winter months.",
        [
            "The presentation be noted.",
            "Wexcombe Integrated Care Board to circulate the practice-level appointment figures to members.",
        ],
    )
    _minute(
        m1,
        "43",
        "Work Programme",
        items1["6"],
        "The Board considered its work programme.",
        ["The work programme be agreed, with the addition of an item on dental access."],
    )
    Action.objects.create(
        resolution=tobacco.resolutions.get(order=2),
        body=board,
        description=tobacco.resolutions.get(order=2).text,
        owner_text="Director of Public Health",
        due_next_meeting=True,
        status=Action.Status.DONE,
        reported_at=m2,
        reported_note="Consultation findings reported under minute 52.",
    )
    Action.objects.create(
        resolution=winter.resolutions.get(order=2),
        body=board,
        description=winter.resolutions.get(order=2).text,
        owner_organisation=orgs["Wexcombe Integrated Care Board"],
        due_date=first + datetime.timedelta(days=30),
    )

    # The second meeting.
    items2 = _agenda(
        m2,
        [
            ("1", "Apologies for Absence and Substitutions", "", None),
            ("2", "Declarations of Interest", "", None),
            ("3", "Minutes of the Previous Meeting", "", (3, 10)),
            (
                "4",
                "Tobacco Control Plan: Consultation Findings",
                "Report of the Director of Public Health",
                (11, 20),
            ),
            ("5", "Better Care Fund Quarter 2 Return", "Report of the Director of Adult Services", (21, 34)),
            ("6", "Dental Access in Wexcombe", "Report of Wexcombe Healthwatch", (35, 44)),
        ],
    )
    _attend(
        m2,
        people,
        present=[
            "Priya Okafor",
            "Tom Halloran",
            "Mark Stenning",
            "Grace Adeyemi",
            "Sunita Rao",
            "Owen Pritchard",
        ],
        apologies={"Bethan Idris": None, "Howard Lyle": None},
        officers=OFFICERS[:1],
    )
    _minute(
        m2,
        "51",
        "Minutes of the Previous Meeting",
        items2["3"],
        "The minutes of the previous meeting were agreed as a true record.",
        [],
    )
    _minute(
        m2,
        "52",
        "Tobacco Control Plan: Consultation Findings",
        items2["4"],
        "412 responses were received; most supported smoke-free outdoor dining areas.",
        ["The consultation findings be noted.", "The final plan be recommended to Cabinet for adoption."],
    )
    bcf = _minute(
        m2,
        "53",
        "Better Care Fund Quarter 2 Return",
        items2["5"],
        "The Board received the quarter 2 return, which shows discharge spending ahead of plan.",
        [
            "The quarter 2 return be approved retrospectively.",
            "A progress report on discharge spending be submitted to a future meeting.",
        ],
    )
    dental = _minute(
        m2,
        "54",
        "Dental Access in Wexcombe",
        items2["6"],
        "Healthwatch reported that one in three residents could not find an NHS dentist.",
        ["The Chair to write to the Integrated Care Board asking for its dental recovery plan."],
    )
    Action.objects.create(
        resolution=bcf.resolutions.get(order=2),
        body=board,
        description=bcf.resolutions.get(order=2).text,
        owner_text="Director of Adult Services",
        due_next_meeting=True,
    )
    Action.objects.create(
        resolution=dental.resolutions.get(order=1),
        body=board,
        description=dental.resolutions.get(order=1).text,
        owner_person=people["Priya Okafor"],
        due_date=second + datetime.timedelta(days=21),
    )
    paper = Paper.objects.create(
        meeting=m2,
        agenda_item=items2["5"],
        title="Better Care Fund Quarter 2 Return",
        kind=Paper.Kind.REPORT,
        author="Director of Adult Services",
        date=second,
    )
    for n, text in enumerate(
        [
            "Note the quarter 2 performance against the national metrics.",
            "Approve the quarter 2 return retrospectively.",
        ],
        start=1,
    ):
        Recommendation.objects.create(paper=paper, number=f"2.{n}", text=text, order=n)

    # The next meeting: agenda only.
    _agenda(
        m3,
        [
            ("1", "Apologies for Absence and Substitutions", "", None),
            ("2", "Declarations of Interest", "", None),
            ("3", "Minutes of the Previous Meeting and Matters Arising", "", (3, 9)),
            (
                "4",
                "Better Care Fund: Discharge Spending",
                "Report of the Director of Adult Services",
                (10, 22),
            ),
            (
                "5",
                "Joint Strategic Needs Assessment: Older People",
                "Report of the Director of Public Health",
                (23, 60),
            ),
        ],
    )
    for planned, title, lead, origin in [
        (
            upcoming,
            "Better Care Fund: Discharge Spending",
            "Director of Adult Services",
            "Resolution of the Board",
        ),
        (
            upcoming,
            "Joint Strategic Needs Assessment: Older People",
            "Director of Public Health",
            "Organisational requirement",
        ),
        (
            upcoming + datetime.timedelta(days=91),
            "Dental Recovery Plan",
            "Wexcombe Integrated Care Board",
            "Request from Healthwatch",
        ),
        (None, "Healthy Weight Strategy", "Director of Public Health", "Request from Scrutiny"),
    ]:
        WorkProgrammeEntry.objects.create(
            body=board,
            planned_date=planned,
            title=title,
            lead=lead,
            origin=origin,
            planned_meeting=m3 if planned == upcoming else None,
        )
    return board


def _clear(council: Organisation) -> None:
    """Remove an earlier demo board so loading again gives the same state."""
    for board in Body.objects.filter(organisation=council, slug="wexcombe-hwb"):
        Action.objects.filter(body=board).delete()
        for meeting in board.meetings.all():
            meeting.declarations.all().delete()
            meeting.attendances.all().delete()
            meeting.delete()
        board.delete()


def _meeting(board: Body, day: datetime.date, status: str) -> Meeting:
    return Meeting.objects.create(
        body=board,
        start=_at(day, 14),
        end=_at(day, 16) if status == Meeting.Status.HELD else None,
        venue="Committee Room 2, Wexcombe Civic Centre",
        status=status,
        agenda_issued=day - datetime.timedelta(days=8),
        issuing_officer="Dan Keeble, Head of Governance",
        contact_officer="Ifeoma Chukwu, Governance Services Officer",
    )


def _agenda(meeting: Meeting, rows) -> dict[str, AgendaItem]:
    items = {}
    for order, (number, title, presenter, pages) in enumerate(rows, start=1):
        items[number] = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=title,
            presenter=presenter,
            section="Public Business",
            first_pack_page=pages[0] if pages else None,
            last_pack_page=pages[1] if pages else None,
            order=order,
        )
    return items


def _attend(meeting, people, present, apologies, officers):
    for name in present:
        replaced = next((absent for absent, sub in apologies.items() if sub == name), None)
        Attendance.objects.create(
            meeting=meeting,
            person=people[name],
            capacity=Attendance.Capacity.SUBSTITUTE if replaced else Attendance.Capacity.MEMBER,
            substitute_for=people[replaced] if replaced else None,
            role="Chair" if name == "Priya Okafor" else "",
        )
    for name in apologies:
        Attendance.objects.create(meeting=meeting, person=people[name], status=Attendance.Status.APOLOGIES)
    for name in officers:
        Attendance.objects.create(meeting=meeting, person=people[name], capacity=Attendance.Capacity.OFFICER)


def _minute(meeting, number, title, item, text, clauses) -> Minute:
    order = meeting.minutes.count() + 1
    minute = Minute.objects.create(
        meeting=meeting, number=number, title=title, agenda_item=item, text=text, order=order
    )
    for n, clause in enumerate(clauses, start=1):
        Resolution.objects.create(minute=minute, clause=str(n), text=clause, order=n)
    return minute
