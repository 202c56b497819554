"""Single phrasings, each as UK committee papers print it."""

import datetime

import pytest

from minutebook.extract.dates import find_date, find_time
from minutebook.extract.people import read_apologies, split_people
from minutebook.extract.text import _ODD_SPACE, Row, clean, split_marker
from minutebook.sources.document import Line

from .helpers import record_of_text


@pytest.mark.parametrize(
    "text, date, time",
    [
        ("10.00 am on Wednesday, 13th September, 2017", "2017-09-13", "10:00"),
        ("2.00 p.m. on 21st October, 2013", "2013-10-21", "14:00"),
        ("Monday 24 February 2014 at 2pm", "2014-02-24", "14:00"),
        ("Thursday, January 25th, 2021 at 12 noon", "2021-01-25", "12:00"),
        ("Date: 25/01/2021 Time: 18:30", "2021-01-25", "18:30"),
        ("Tuesday 21st November 2017 (rearranged from 13.12.17)", "2017-11-21", None),
        ("1430 hrs, 2023-07-26", "2023-07-26", "14:30"),
    ],
)
def test_dates_and_times(text, date, time):
    assert find_date(text) == datetime.date.fromisoformat(date)
    assert find_time(text) == time


def test_numbered_text_is_not_a_time():
    assert find_time("2.1 The Board is asked to note") is None
    assert find_time("see paragraph 3.15") is None


@pytest.mark.parametrize(
    "line, kind, label, rest",
    [
        ("- (1) The report be noted.", "paren_num", "1", "The report be noted."),
        ("**1.** Apologies", "num_dot", "1", "Apologies"),
        ("(iv) Approve the plan", "paren_roman", "iv", "Approve the plan"),
        ("b) Note the risks", "alpha_paren", "b", "Note the risks"),
        ("2.1 The Board is asked to:", "decimal", "2.1", "The Board is asked to:"),
        ("• Endorse the approach", "bullet", None, "Endorse the approach"),
        ("10.00 am on Monday", None, None, "10.00 am on Monday"),
    ],
)
def test_list_markers(line, kind, label, rest):
    marked = split_marker(clean(line))
    assert (marked.kind, marked.label, marked.text) == (kind, label, rest)


def test_cleaning_removes_markdown_html_and_links():
    assert clean("### **13. Declarations of Interest**") == "13. Declarations of Interest"
    assert clean("held on 27<sup>th</sup> July 2020") == "held on 27th July 2020"
    assert clean("Email: [liz@example.gov.uk](mailto:liz@example.gov.uk)") == "Email: liz@example.gov.uk"


def test_cleaning_folds_spaces_and_keeps_the_white_space_only_split_would_fold():
    """Runs of spaces, tabs and the like become one space; the white space str.split() alone treats as space
    (form feeds, line separators ...) is kept. A printable line is not searched for the latter: so every such
    character must be unprintable."""
    odd = [chr(c) for c in range(0x110000) if _ODD_SPACE.match(chr(c))]
    assert odd and not any(c.isprintable() for c in odd)
    for space in ["\t", "\u00a0", "\u2003", "\u200b", "  "]:
        assert clean(f"Item{space}4{space} Report ") == "Item 4 Report", repr(space)
    for space in odd:
        assert clean(f"Item{space}4{space}  Report ") == f"Item{space}4{space} Report", repr(space)


@pytest.mark.parametrize(
    "text, people",
    [
        ("Councillor D Gannon (Chair)", [("D Gannon", "Chair")]),
        ("Jane Moore, Director of Public Health", [("Jane Moore", "Director of Public Health")]),
        (
            "Councillor J Clifford Councillor D Kershaw Councillor R Lancaster",
            [("J Clifford", None), ("D Kershaw", None), ("R Lancaster", None)],
        ),
        ("J Fowles, L Gaulton, R Chapman", [("J Fowles", None), ("L Gaulton", None), ("R Chapman", None)]),
        (
            "V Castree, Place Directorate L Gaulton, People Directorate",
            [("V Castree", None), ("L Gaulton", None)],
        ),
        ("Councillors Clifford, Gannon and Walsh", [("Clifford", None), ("Gannon", None), ("Walsh", None)]),
        ("Dr Sarah Raistrick, Coventry and Rugby CCG (Chair)", [("Sarah Raistrick", "Chair")]),
        ("Andy Hardy, University Hospitals Coventry and Warwickshire", [("Andy Hardy", None)]),
        ("Professor Sir Chris Ham, Health and Care Partnership", [("Chris Ham", None)]),
    ],
)
def test_attendance_list_entries(text, people):
    assert split_people(text) == people


def _rows(*texts):
    return [Row(i, Line(i + 1, 1, t), t) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "texts, expected",
    [
        (
            ["Councillor L Kelly and T Mayer, substitute Councillor J Lepoidevin"],
            [("L Kelly", "J Lepoidevin"), ("T Mayer", None)],
        ),
        (
            ["received from Councillor A Shah (Councillor B Cole attended as substitute)"],
            [("A Shah", "B Cole")],
        ),
        (["Councillor B Cole attended as a substitute for Councillor A Shah"], [("A Shah", "B Cole")]),
        (["Councillor B Cole substituted for Councillor A Shah"], [("A Shah", "B Cole")]),
        (["Dr Mina Rao deputised for Dr Paul Grant"], [("Paul Grant", "Mina Rao")]),
        (["Councillors Patel and Singh"], [("Patel", None), ("Singh", None)]),
        (
            ["Pete Fahy, Director of Adult Services", "Professor Caroline Meyer, Warwick University"],
            [("Pete Fahy", None), ("Caroline Meyer", None)],
        ),
    ],
)
def test_apologies_and_substitutes(texts, expected):
    assert [(a.name, a.substitute) for a in read_apologies(_rows(*texts))] == expected


MINUTES = """Minutes of the meeting of the Adult Social Care Scrutiny Committee held on Monday 3 June 2024 at 6.00 pm

Present: Councillor R Hale (Chair), Councillor S Begum

Apologies: There were no apologies.

12. Declarations of interest

There were no declarations of interest.

13. Home Care Recommissioning

{resolution}

14. Date of next meeting

Noted.
"""


@pytest.mark.parametrize(
    "resolution, clauses",
    [
        ("RESOLVED that the report be noted.", ["the report be noted."]),
        ("Resolved – That the report be noted.", ["the report be noted."]),
        (
            "RESOLVED:\n\n(1) That the report be noted.\n(2) That a further report be submitted in March.",
            ["That the report be noted.", "That a further report be submitted in March."],
        ),
        (
            "RESOLVED that the Committee:\n\n1. Endorse the approach.\n\n2. Ask officers to consult providers.",
            ["Endorse the approach.", "Ask officers to consult providers."],
        ),
        ("The Committee RESOLVED to support the proposals.", ["support the proposals."]),
        ("Decision:\n\nThe proposals be supported.", ["The proposals be supported."]),
        (
            "RESOLVED: (i) that the report be noted; (ii) that the Chair write to the provider.",
            ["that the report be noted", "that the Chair write to the provider."],
        ),
        ("The Committee had agreed its terms of reference last year.", []),
    ],
)
def test_resolved_blocks(resolution, clauses):
    [meeting] = record_of_text(MINUTES.format(resolution=resolution))["meetings"]
    assert [i["number"] for i in meeting["items"]] == ["12", "13", "14"]
    assert meeting["items"][1]["resolutions"] == clauses
    assert meeting["apologies"] == [] and meeting["declarations"] == []
    assert meeting["items"][2]["resolutions"] == []


def test_a_front_sheet_with_a_sentence_for_when_and_where():
    text = """Public Health Sub-Committee

A meeting of the Public Health Sub-Committee will be held on Monday 24 February 2014 at 2pm in the Council Chamber, Guildhall.

Agenda

1. Apologies
2. Minutes of the meeting held on 20 January 2014 (Pages 1 - 4)
3. Sexual Health Services (Page 5)
   Verbal update from the Consultant in Public Health
"""
    [agenda] = record_of_text(text)["meetings"]
    assert (agenda["body"], agenda["date"], agenda["time"]) == (
        "Public Health Sub-Committee",
        "2014-02-24",
        "14:00",
    )
    assert agenda["venue"] == "the Council Chamber, Guildhall"
    assert [i["pages"] for i in agenda["items"]] == [None, [1, 4], [5, 5]]
    assert agenda["items"][2]["presenter"] == "Verbal update from the Consultant in Public Health"


def test_private_items_carry_their_schedule_12a_paragraph():
    text = """Adult Social Care Scrutiny Committee

Date: Monday 3 June 2024
Time: 6.00 pm
Venue: Town Hall

PART A - PUBLIC BUSINESS

1. Apologies

2. Home Care Recommissioning (Pages 1 - 10)

PART B - PRIVATE BUSINESS

3. Home Care Contract Award (Pages 11 - 20)

(Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972)

4. Care Home Fees - exempt under paragraph 3
"""
    [agenda] = record_of_text(text)["meetings"]
    assert [(i["number"], i["title"], i["exempt_paragraph"]) for i in agenda["items"]] == [
        ("1", "Apologies", None),
        ("2", "Home Care Recommissioning", None),
        ("3", "Home Care Contract Award", 3),
        ("4", "Care Home Fees", 3),
    ]


def test_recommendations_written_on_one_line():
    text = """Report

To: Health and Wellbeing Board
Date: 5 March 2024
Title: Pharmaceutical Needs Assessment

1. Recommendations

The Board is asked to: (i) note the draft assessment; (ii) approve it for consultation.

2. Background

Text.
"""
    [report] = record_of_text(text)["reports"]
    assert report["recommendations"] == ["note the draft assessment", "approve it for consultation."]


def test_an_agenda_title_wrapped_onto_the_next_line_keeps_its_pages():
    text = """Health Scrutiny Panel

Date: Wednesday, 4 October 2023
Time: 6.30 pm
Venue: Council Chamber

1. Apologies
2. Joint Health and Wellbeing Strategy Refresh: Outcome of
Consultation (Pages 5 - 20)
Report of the Director of Public Health
3. Work Programme (Pages 21 - 24)
"""
    [agenda] = record_of_text(text)["meetings"]
    assert [(i["title"], i["pages"], i["presenter"]) for i in agenda["items"]] == [
        ("Apologies", None, None),
        (
            "Joint Health and Wellbeing Strategy Refresh: Outcome of Consultation",
            [5, 20],
            "Report of the Director of Public Health",
        ),
        ("Work Programme", [21, 24], None),
    ]


def test_a_minute_heading_broken_after_a_connecting_word_is_mended():
    text = """Minutes of the meeting of the Health Scrutiny Panel held on Monday 3 June 2024 at 6.00 pm

12. Update on the Progress of the
Flu Immunisation Programme

The Panel received a report.

13. Minutes
The minutes were agreed
"""
    [meeting] = record_of_text(text)["meetings"]
    assert [i["title"] for i in meeting["items"]] == [
        "Update on the Progress of the Flu Immunisation Programme",
        "Minutes",
    ]


def test_the_councils_name_above_the_front_sheet_is_not_the_body():
    text = """Anytown Borough Council

Health and Wellbeing Board

Date: Thursday 5 March 2020
Time: 2.00 pm
Venue: Town Hall

1. Apologies
2. Minutes (Pages 1 - 4)
"""
    [agenda] = record_of_text(text)["meetings"]
    assert agenda["body"] == "Health and Wellbeing Board"


def test_a_report_whose_title_stands_unlabelled_under_report_to():
    text = """Report to the Health and Wellbeing Board

12 March 2024

Pharmaceutical Needs Assessment 2025

Report of the Director of Public Health

1. Purpose

To present the draft assessment.

2. Recommendations

The Board is recommended to:

1. approve the draft PNA for consultation; and

2. delegate final sign-off to the Director of Public Health.

3. Background

Every board must publish a PNA.
"""
    [report] = record_of_text(text)["reports"]
    assert report["title"] == "Pharmaceutical Needs Assessment 2025"
    assert report["recommendations"] == [
        "approve the draft PNA for consultation; and",
        "delegate final sign-off to the Director of Public Health.",
    ]


def test_declarations_listed_one_per_line():
    text = MINUTES.format(resolution="RESOLVED that the report be noted.").replace(
        "There were no declarations of interest.",
        "The following declarations were made:\n\n- Councillor R Hale – Item 13 – personal interest as a "
        "carer of a home care client\n- Councillor S Begum: non-pecuniary interest in item 13 as a trustee of Age UK",
    )
    [meeting] = record_of_text(text)["meetings"]
    assert [(d["member"], d["item"]) for d in meeting["declarations"]] == [
        ("R Hale", "13"),
        ("S Begum", "13"),
    ]
