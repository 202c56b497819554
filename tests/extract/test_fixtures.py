"""Whole documents in other councils' conventions (fixtures written for these tests)."""

from .helpers import record_of_fixture


def names(people):
    return [p["name"] for p in people]


def test_a_saved_web_page_of_agenda_and_minutes_is_one_minutes_meeting():
    record = record_of_fixture("web_agenda_and_minutes.txt")
    [meeting] = record["meetings"]
    assert (meeting["kind"], meeting["body"], meeting["date"], meeting["time"]) == (
        "minutes",
        "Health and Wellbeing Board",
        "2020-03-12",
        "14:00",
    )
    assert meeting["venue"] == "Committee Room 1, Town Hall, Anytown"
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        ("1", "Apologies for Absence"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Better Care Fund 2019/20"),
        ("5", "Dementia Friendly Anytown"),
    ]
    assert [(a["name"], a["substitute"]) for a in meeting["apologies"]] == [
        ("Patel", None),
        ("Rhiannon Jones", "Tariq Smith"),
    ]
    assert [(d["member"], d["item"]) for d in meeting["declarations"]] == [("Brown", "5")]
    assert meeting["items"][3]["resolutions"] == [
        "That the quarter three return be noted",
        "That the Director of Adult Social Care report the year-end position to the June meeting.",
    ]
    assert meeting["items"][4]["resolutions"] == ["sign the dementia friendly communities pledge."]


def test_county_minutes_with_the_body_above_the_header_and_run_together_lists():
    [meeting] = record_of_fixture("county_minutes.txt")["meetings"]
    assert (meeting["body"], meeting["date"], meeting["time"], meeting["venue"]) == (
        "HEALTH AND WELLBEING BOARD",
        "2023-11-07",
        "10:00",
        "County Hall, Riverside",
    )
    assert names(meeting["present"]) == [
        "A Smith",
        "B Jones",
        "C Green",
        "D White",
        "E Black",
        "F Khan",
        "G Hughes",
        "H Patel",
        "J Lee",
    ]
    assert meeting["present"][0]["role"] == "Chair"
    assert {p["category"] for p in meeting["present"][-2:]} == {"other"}
    assert [(a["name"], a["substitute"]) for a in meeting["apologies"]] == [
        ("K Brown", "L Grey"),
        ("M Davies", None),
    ]
    assert meeting["declarations"][0]["member"] == "D White" and meeting["declarations"][0]["item"] == "36"
    assert [i["number"] for i in meeting["items"]] == ["34", "35", "36", "37"]
    assert meeting["items"][2]["resolutions"] == [
        "That the refreshed strategy be endorsed.",
        "That the Director of Public Health report progress to the March 2024 meeting.",
    ]


def test_a_panel_pack_with_labelled_front_sheet_report_and_work_programme_table():
    record = record_of_fixture("panel_pack.txt")
    [agenda] = record["meetings"]
    assert (agenda["kind"], agenda["body"], agenda["date"], agenda["time"]) == (
        "agenda",
        "HEALTH SCRUTINY PANEL",
        "2023-10-04",
        "18:30",
    )
    assert agenda["venue"] == "Council Chamber, Civic Offices, Market Street"
    assert [(i["number"], i["title"], i["pages"]) for i in agenda["items"]] == [
        ("1", "Apologies for absence and substitutions", None),
        ("2", "Declarations of interest", None),
        ("3", "Minutes of the previous meeting", [1, 6]),
        ("4", "Integrated Care Board: Winter Plan", [7, 20]),
        ("5", "Work Programme 2023/24", [21, 26]),
    ]
    assert agenda["items"][3]["presenter"] == "Report of the Chief Executive, NHS Anyshire ICB"
    [report] = record["reports"]
    assert report["title"] == "Integrated Care Board Winter Plan 2023/24"
    assert report["agenda_item"] == "4"
    assert report["recommendations"] == [
        "notes the winter plan;",
        "asks the Integrated Care Board to report on delivery in February 2024.",
    ]
    assert [(w["date"], w["title"]) for w in record["work_programme"]] == [
        ("2023-10-04", "Integrated Care Board Winter Plan"),
        ("2023-10-04", "Access to GP Appointments"),
        ("2023-12-06", "Children's Mental Health Services"),
        (None, "Dental Services"),
    ]


def test_a_standalone_strategy_gives_an_empty_record():
    record = record_of_fixture("standalone_strategy.txt")
    assert record["meetings"] == [] and record["reports"] == [] and record["work_programme"] == []


def test_every_record_says_which_lines_it_came_from():
    [meeting] = record_of_fixture("county_minutes.txt")["meetings"]
    minute = meeting["items"][2]
    assert minute["lines"] == [19, 27]  # from its heading to its last resolution
    assert meeting["apologies"][0]["lines"] == [9, 9]


def test_a_saved_agenda_web_page_with_numbers_in_their_own_cells():
    [agenda] = record_of_fixture("web_agenda.txt")["meetings"]
    assert (agenda["kind"], agenda["body"], agenda["date"], agenda["time"]) == (
        "agenda",
        "Health and Wellbeing Board",
        "2024-09-10",
        "10:00",
    )
    assert agenda["venue"] == "The Council Chamber, Civic Centre, Anytown"
    assert [(i["number"], i["title"], i["presenter"]) for i in agenda["items"]] == [
        ("1", "Apologies for Absence", None),
        ("2", "Declarations of Interest", None),
        ("3", "Minutes of the meeting held on 9 July 2024", None),
        ("4", "Better Care Fund Plan 2024/25", "Report of the Director of Adult Social Care"),
        (
            "5",
            "Joint Local Health and Wellbeing Strategy: Annual Review",
            "Presentation by the Director of Public Health",
        ),
    ]


def test_borough_minutes_with_apologies_in_the_first_minute_and_roman_clauses():
    [meeting] = record_of_fixture("borough_minutes.txt")["meetings"]
    assert (meeting["body"], meeting["date"]) == ("HEALTH AND WELLBEING BOARD", "2024-03-14")
    assert [(p["name"], p["role"], p["category"]) for p in meeting["present"]] == [
        ("Jane Smith", "Chair", "member"),
        ("Ali Khan", None, "member"),
        ("Ruth Lowe", None, "member"),
        ("Sarah Price", "Director of Public Health", "member"),
        ("Tom Reed", None, "other"),
        ("Mark Evans", None, "officer"),
    ]
    assert [(a["name"], a["substitute"]) for a in meeting["apologies"]] == [
        ("Lee Brown", "Sam Ode"),
        ("Helen Ward", None),
    ]
    assert meeting["declarations"] == []
    assert meeting["items"][3]["resolutions"] == [
        "That the report be noted.",
        "That the plan be approved for submission.",
    ]
