"""Meeting documents in the forms UK councils publish them, read block by block.

Every text here is invented (councils, people, places) to show one convention
of committee papers: a heading form, an item numbering, an attendance,
apologies, declarations or resolution phrasing.
"""

import pytest

from .helpers import record_of_text


def one_meeting(text: str) -> dict:
    [meeting] = record_of_text(text)["meetings"]
    return meeting


def people(entries, key="name"):
    return [e[key] for e in entries]


# --- meeting headings -------------------------------------------------------------------------------------

PAGE = """Agenda and minutes

{heading}

Venue: The Guildhall, Market Square, Wexham WX1 4AA. View directions

Contact: Tom Ashdown, Committee Clerk

Items
No. Item

1.

Apologies for Absence

Minutes:

Apologies for absence were received from Councillor Pell.
"""


@pytest.mark.parametrize(
    "heading, body, date, time",
    [
        (
            "Health and Wellbeing Board - Tuesday, 22nd February, 2022 1.20 pm",
            "Health and Wellbeing Board",
            "2022-02-22",
            "13:20",
        ),
        (
            "Licensing Sub-Committee - Wednesday 23rd June 2021 11.15 am",
            "Licensing Sub-Committee",
            "2021-06-23",
            "11:15",
        ),
        ("Cabinet\nThursday, 7th July, 2022 10.30 am", "Cabinet", "2022-07-07", "10:30"),
        (
            "Meeting of Corporate Parenting Panel, Monday 9 October 2023 4.00 pm",
            "Corporate Parenting Panel",
            "2023-10-09",
            "16:00",
        ),
    ],
)
def test_a_web_page_heading(heading, body, date, time):
    meeting = one_meeting(PAGE.format(heading=heading))
    assert (meeting["kind"], meeting["body"], meeting["date"], meeting["time"]) == (
        "minutes",
        body,
        date,
        time,
    )
    assert meeting["venue"] == "The Guildhall, Market Square, Wexham WX1 4AA"
    assert people(meeting["apologies"]) == ["Pell"]


def test_a_page_that_lost_its_heading_keeps_only_the_venue():
    text = PAGE.format(heading="").replace("Agenda and minutes\n", "Agenda and draft minutes\n")
    meeting = one_meeting(text)
    assert (meeting["body"], meeting["date"], meeting["time"]) == (None, None, None)
    assert meeting["venue"] == "The Guildhall, Market Square, Wexham WX1 4AA"


SENTENCE = """{heading}

Present: Councillors Abara, Brisco and Lindqvist.

1. Welcome

The Chair welcomed everyone.
"""


@pytest.mark.parametrize(
    "heading, body, date, time, venue",
    [
        (
            "Minutes of the Meeting of the Western Area Committee held on 14 June 2022 at 7.00 pm at the Village "
            "Hall, Lowmoor",
            "Western Area Committee",
            "2022-06-14",
            "19:00",
            "Village Hall, Lowmoor",
        ),
        (
            "MINUTES of a meeting of the Coastal Towns Committee held at Harbour House, Pennock on "
            "Monday 4 March 2024 at 6.30 pm",
            "Coastal Towns Committee",
            "2024-03-04",
            "18:30",
            "Harbour House, Pennock",
        ),
        (
            "At a MEETING of the Planning Committee held in the Council Chamber, Brackley Road on "
            "Tuesday, 9 April 2019 at 10.00 am",
            "Planning Committee",
            "2019-04-09",
            "10:00",
            "Council Chamber, Brackley Road",
        ),
        (
            "Minute of Meeting of the Glenmorris Integration Joint Board held in the Burgh Chambers, Kirkton on "
            "Wednesday 12 June 2019 at 2.00 pm",
            "Glenmorris Integration Joint Board",
            "2019-06-12",
            "14:00",
            "Burgh Chambers, Kirkton",
        ),
        (
            "Minutes of a meeting of Ashby Fold Parish Council held remotely using Microsoft Teams on "
            "6th October 2020 at 19:00",
            "Ashby Fold Parish Council",
            "2020-10-06",
            "19:00",
            "remotely using Microsoft Teams",
        ),
    ],
)
def test_a_minutes_sentence_heading(heading, body, date, time, venue):
    meeting = one_meeting(SENTENCE.format(heading=heading))
    assert (meeting["body"], meeting["date"], meeting["time"], meeting["venue"]) == (body, date, time, venue)
    assert people(meeting["present"]) == ["Abara", "Brisco", "Lindqvist"]


def test_the_councils_name_above_a_committee_and_its_place():
    text = """THE KELDALE COUNCIL - AUDIT AND RISK COMMITTEE -
FENWICK.

3rd May, 2011

2.00 p.m. - 4.10 p.m.

PRESENT: Councillors Ivo Marsh (Convener), Dora Quist and Pia Lund.

1. MINUTE OF PREVIOUS MEETING

Decided: that the minute be approved.
"""
    meeting = one_meeting(text)
    assert (meeting["body"], meeting["date"], meeting["time"], meeting["venue"]) == (
        "AUDIT AND RISK COMMITTEE",
        "2011-05-03",
        "14:00",
        "FENWICK",
    )
    assert people(meeting["present"]) == ["Ivo Marsh", "Dora Quist", "Pia Lund"]
    assert meeting["items"][0]["resolutions"] == ["the minute be approved."]


def test_a_date_time_venue_label_block():
    text = """Full Council

Date: Monday, 15 Mar 2021 Time: 6:30 PM

Venue: Civic Centre, Tollgate

Minutes

1. Apologies

Apologies were received from Alderman Fyfe.

2. Declarations of Interest

None.
"""
    meeting = one_meeting(text)
    assert (meeting["body"], meeting["date"], meeting["time"], meeting["venue"]) == (
        "Full Council",
        "2021-03-15",
        "18:30",
        "Civic Centre, Tollgate",
    )
    assert people(meeting["apologies"]) == ["Fyfe"]
    assert meeting["declarations"] == []


def test_a_body_meeting_in_public_held_via_a_video_call():
    text = """Northmoor Care Partnership Board Meeting in Public
Held on 3rd February 2022 via Microsoft Teams
Present:
Dr Ola Brandt (OB) Partnership Chair
Ken Iwata (KI) Director of Finance
Apologies:
Rhona Vale (RV) Lay Member for Audit
NCP/2122/031: Welcome and Apologies
The Chair welcomed members.
"""
    meeting = one_meeting(text)
    assert (meeting["body"], meeting["date"], meeting["venue"]) == (
        "Northmoor Care Partnership Board",
        "2022-02-03",
        "Microsoft Teams",
    )
    assert [(p["name"], p["role"]) for p in meeting["present"]] == [
        ("Ola Brandt", "Partnership Chair"),
        ("Ken Iwata", "Director of Finance"),
    ]
    assert people(meeting["apologies"]) == ["Rhona Vale"]
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        ("NCP/2122/031", "Welcome and Apologies")
    ]


def test_an_issue_page_names_its_meeting_and_item():
    text = """Issue - meetings
Street Trading Policy
Meeting: 14/09/2022 - Licensing Committee (Item 27)
Street Trading Policy
The Committee considered the revised policy.
Decision:
The Committee resolved to adopt the revised policy from 1 January.
Minutes:
The Committee resolved to adopt the revised policy from 1 January.
"""
    meeting = one_meeting(text)
    assert (meeting["body"], meeting["date"]) == ("Licensing Committee", "2022-09-14")
    [item] = meeting["items"]
    assert (item["number"], item["title"]) == ("27", "Street Trading Policy")
    assert item["resolutions"] == ["adopt the revised policy from 1 January."]


def test_an_agenda_item_page_with_one_unnumbered_item():
    text = """Agenda item

Review of Allotment Rents

Purpose: To set allotment rents for the coming year.

Decision:

(a) That rents rise by 3 per cent from April.

Minutes:

Members discussed the proposed rise.

RESOLVED:

(a) That rents rise by 3 per cent from April.
"""
    meeting = one_meeting(text)
    [item] = meeting["items"]
    assert (item["number"], item["title"]) == (None, "Review of Allotment Rents")
    assert item["resolutions"] == ["That rents rise by 3 per cent from April."]


# --- item numbering ---------------------------------------------------------------------------------------

ITEMS = """Agenda and minutes

Venue: Town Hall

Items
No. Item

{items}
"""


@pytest.mark.parametrize(
    "first, second",
    [
        ("23.", "24."),
        ("23", "24"),
        ("(23)", "(24)"),
        ("HWB/23/5", "HWB/23/6"),
        ("CAB/150", "CAB/151"),
        ("A20/005", "A20/006"),
        ("1/23", "2/23"),
        ("4a", "4b"),
        ("5.1", "5.2"),
    ],
)
def test_item_numbers_alone_above_their_titles(first, second):
    items = f"{first}\n\nLibrary Opening Hours\n\nMinutes:\n\nNoted.\n\n{second}\n\nPlay Areas Review\n\nMinutes:\n\nNoted."
    meeting = one_meeting(ITEMS.format(items=items))
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        (first.strip("()."), "Library Opening Hours"),
        (second.strip("()."), "Play Areas Review"),
    ]


@pytest.mark.parametrize(
    "first, second, number",
    [
        ("23.", "24.", "23"),
        ("Item 5", "Item 6", "5"),
        ("AM119", "AM120", "AM119"),
        ("HWB/23/5", "HWB/23/6", "HWB/23/5"),
        ("1 (116)", "2 (117)", "1 (116)"),
        ("(23)", "(24)", "23"),
    ],
)
def test_item_numbers_on_the_title_line(first, second, number):
    text = f"""Minutes of the meeting of the Parks Committee held on 2 May 2023 at 7 pm

Present: Councillors Nagy and Ferreira.

{first} Library Opening Hours

Noted.

{second} Play Areas Review

RESOLVED that the review be published.
"""
    meeting = one_meeting(text)
    assert (meeting["items"][0]["number"], meeting["items"][0]["title"]) == (number, "Library Opening Hours")
    assert meeting["items"][1]["title"] == "Play Areas Review"
    assert meeting["items"][1]["resolutions"] == ["the review be published."]


def test_unnumbered_items_set_apart_and_notes_after_titles():
    text = """Agenda and minutes

Grants Panel - Thursday, 9th November, 2023 5.00 pm

No. Item


Declarations of Interest

Members are asked to declare any interests.


None were declared.


Community Chest Awards (Agenda Item 3) pdf icon PDF 95 KB

To consider applications.


RESOLVED: That grants be awarded as set out in the appendix.
"""
    meeting = one_meeting(text)
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        (None, "Declarations of Interest"),
        (None, "Community Chest Awards"),
    ]
    assert meeting["declarations"] == []
    assert meeting["items"][1]["resolutions"] == ["grants be awarded as set out in the appendix."]


def test_a_title_wrapped_over_two_lines():
    text = """Minutes of the meeting of the Transport Board held on 1 June 2022 at 2pm

Present: Councillors Abbot and Grey.

6. Minutes of the previous meeting

Agreed.

7. Bus Service Improvement Plan: Update on the
   Enhanced Partnership

Noted.
"""
    meeting = one_meeting(text)
    assert meeting["items"][1]["title"] == "Bus Service Improvement Plan: Update on the Enhanced Partnership"


# --- attendance -------------------------------------------------------------------------------------------


def test_present_with_the_chair_and_plural_councillors():
    text = """Minutes of the meeting of the Environment Scrutiny Panel held on 3 July 2023 at 10.00 am

PRESENT: Councillor M Dunmore (Chair); Councillors Ekwueme, Fairley and Hoxha

Also in attendance: Ms R Ilves (Waste Manager), Mr T Jorge (Climate Officer)

1. Apologies

None.
"""
    meeting = one_meeting(text)
    assert [(p["name"], p["role"], p["category"]) for p in meeting["present"]] == [
        ("M Dunmore", "Chair", "member"),
        ("Ekwueme", None, "member"),
        ("Fairley", None, "member"),
        ("Hoxha", None, "member"),
        ("R Ilves", "Waste Manager", "other"),
        ("T Jorge", "Climate Officer", "other"),
    ]
    assert meeting["apologies"] == []


def test_a_scottish_sederunt():
    text = """MINUTE of MEETING of the EDUCATION COMMITTEE held in the Town House, Inverbrae on Tuesday 7 May 2019 at 2.00 pm.

Sederunt: Councillors Muir (Convener), Lennox and Rennie.

1. MINUTE

The minute of the previous meeting was approved.
"""
    assert people(one_meeting(text)["present"]) == ["Muir", "Lennox", "Rennie"]


def test_scottish_present_with_provost_bailie_and_post_nominals():
    text = """MINUTE of MEETING of the STRATHVALE COUNCIL held in the Council Chambers, Dunmore on Thursday 2 March 2023 at 10.00 am.

Present:- Provost ANNE KERR OBE, Bailie ROSS DUFF, Councillors IONA BLAIR MBE, Fr. Liam Gow and Elin Rees MS.

Provost ANNE KERR OBE, in the Chair.

1. DECLARATIONS OF INTEREST

No declarations of interest were made.
"""
    meeting = one_meeting(text)
    assert people(meeting["present"]) == ["ANNE KERR", "ROSS DUFF", "IONA BLAIR", "Liam Gow", "Elin Rees"]
    assert meeting["present"][0]["role"] == "Chair"
    assert meeting["declarations"] == []


def test_in_the_chair_officers_and_one_name_a_line():
    text = """Minutes of the meeting of the Housing Committee held on 8 May 2023 at 6 pm

Councillor Robinson in the chair

Members present: Councillors Vance, Whitlock and Yilmaz

Officers:
Nadia Orr, Head of Housing
Paul Quirke, Democratic Services Officer

1. Welcome

The Chair welcomed those present.
"""
    meeting = one_meeting(text)
    assert people(meeting["present"]) == [
        "Robinson",
        "Vance",
        "Whitlock",
        "Yilmaz",
        "Nadia Orr",
        "Paul Quirke",
    ]
    assert [p["category"] for p in meeting["present"]][-2:] == ["officer", "officer"]


def test_a_table_of_names_and_roles():
    text = """Minutes of the meeting of the Safer Streets Partnership held on 4 April 2022 at 1pm

In attendance:
Chief Inspector Ruth Aldo | Police
Sam Brecon | Fire and Rescue Service

1. Apologies

Apologies were received from Cllr Dane.
"""
    meeting = one_meeting(text)
    assert people(meeting["present"]) == ["Ruth Aldo", "Sam Brecon"]


# --- apologies and substitutes ----------------------------------------------------------------------------

APOLOGIES = """Agenda and minutes

Venue: Town Hall

Items
No. Item

1.

Apologies

Minutes:

{text}
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Apologies for absence were received from Councillors Adair and Bexley.",
            [("Adair", None), ("Bexley", None)],
        ),
        ("Councillor Corr sent his apology. Councillor Dunne was his substitute.", [("Corr", "Dunne")]),
        (
            "Apologies were received from Councillor Eames (Ms H Horne attended as substitute).",
            [("Eames", "H Horne")],
        ),
        ("Councillor Gale attended in place of Councillor Frome.", [("Frome", "Gale")]),
        ("Apologies were received from Councillor Hart, substituted by Councillor Ives.", [("Hart", "Ives")]),
        ("Apologies were received from Jo Kerr (being represented by Lee Mack).", [("Jo Kerr", "Lee Mack")]),
        ("Apologies were received from Cllr Nunn (Cllr Ord substituting).", [("Nunn", "Ord")]),
        (
            "Councillors Pike and Quine apologised for their inability to attend.",
            [("Pike", None), ("Quine", None)],
        ),
        ("Rob Sands, Director of Housing, sent his apologies.", [("Rob Sands", None)]),
        ("There were no apologies for absence.", []),
        ("Apologies for absence: none.", []),
        ("The Panel received apologies from Councillor Sefton.", [("Sefton", None)]),
        ("Apologies for lateness were received from Councillor Tate.", None),
    ],
)
def test_apologies_and_substitutes(text, expected):
    meeting = one_meeting(APOLOGIES.format(text=text))
    if expected is None:
        assert meeting.get("apologies") in (None, [])
    else:
        assert [(a["name"], a["substitute"]) for a in meeting["apologies"]] == expected


def test_substitute_members_label():
    text = """Minutes of the meeting of the Overview Committee held on 5 June 2023 at 7.30 pm

Present: Councillors Ames, Bell and Cobb

Substitute Members: Councillor Bell (for Councillor Drew)

Apologies: Councillor Drew

1. Minutes

RESOLVED that the minutes be signed.
"""
    meeting = one_meeting(text)
    assert people(meeting["apologies"]) == ["Drew"]


# --- declarations -----------------------------------------------------------------------------------------

DECLARATIONS = """Agenda and minutes

Venue: Town Hall

Items
No. Item

4.

Declarations of Interest

Minutes:

{text}
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Councillor Ruiz declared a personal interest in item 6 as a governor of Elm Road School.",
            [("Ruiz", "6")],
        ),
        (
            "Councillors Sato and Toms declared a prejudicial interest in agenda item 9 and left the room.",
            [("Sato", "9"), ("Toms", "9")],
        ),
        ("Cllr Ueda stated that she was employed by the hospital trust.", [("Ueda", None)]),
        ("Councillor Vos advised that he held a dispensation to speak and vote on item 12.", [("Vos", "12")]),
        ("No declarations of interest were made.", []),
        ("A personal interest in item 8 was declared by Councillor Wolff.", [("Wolff", "8")]),
        ("There were none.", []),
    ],
)
def test_declarations(text, expected):
    meeting = one_meeting(DECLARATIONS.format(text=text))
    assert [(d["member"], d["item"]) for d in meeting["declarations"]] == expected


def test_declarations_listed_in_a_table():
    text = DECLARATIONS.format(
        text="Councillor\n\nMinute Number\n\nNature of Interest\n\nA.B. Wynn\n\n8 – Leisure Review\n\n"
        "Member of the leisure trust\n\nC. Yates\n\n11 – Housing Plan\n\nLandlord"
    )
    meeting = one_meeting(text)
    assert [(d["member"], d["item"]) for d in meeting["declarations"]] == [
        ("A.B. Wynn", "8"),
        ("C. Yates", "11"),
    ]


# --- resolutions ------------------------------------------------------------------------------------------

RESOLUTION = """Minutes of the meeting of the Finance Committee held on 6 February 2024 at 6 pm

Present: Councillors Moss and Nolan.

5. Budget Monitoring

The Committee considered the report.

{text}

6. Any Other Business

None.
"""


@pytest.mark.parametrize(
    "text, clauses",
    [
        (
            "RESOLVED: (1) That the report be noted. (2) That the forecast be reviewed in May.",
            ["That the report be noted.", "That the forecast be reviewed in May."],
        ),
        ("Resolved – that the position be noted.", ["the position be noted."]),
        ("It was RESOLVED that the virement be approved.", ["the virement be approved."]),
        ("AGREED that the reserves policy be reviewed.", ["the reserves policy be reviewed."]),
        ("DECISION: The budget be referred to Council.", ["The budget be referred to Council."]),
        (
            "The Committee decided:\n\n(a) to note the outturn;\n(b) to approve the carry forward.",
            ["to note the outturn;", "to approve the carry forward."],
        ),
        ("The Board resolved to approve the capital programme.", ["approve the capital programme."]),
        (
            "RESOLVED to RECOMMEND that Council approve the fees.",
            ["RECOMMEND that Council approve the fees."],
        ),
        (
            "RESOLVED that:\n\n1.1 the savings be agreed;\n1.2 the risks be noted.",
            ["the savings be agreed;", "the risks be noted."],
        ),
        (
            "RESOLVED:\n\n(i) that the plan be adopted;\n(ii) that officers report back.",
            ["that the plan be adopted;", "that officers report back."],
        ),
        ("The report was noted.", []),
    ],
)
def test_resolution_phrasings(text, clauses):
    meeting = one_meeting(RESOLUTION.format(text=text))
    assert meeting["items"][0]["resolutions"] == clauses
    assert meeting["items"][1]["resolutions"] == []


def test_a_decision_printed_under_decision_and_minutes_counts_once():
    text = ITEMS.format(
        items="7.\n\nTree Strategy\n\nDecision:\n\nRESOLVED that the strategy be adopted.\n\nMinutes:\n\n"
        "Members welcomed the strategy.\n\nRESOLVED that the strategy be adopted."
    )
    meeting = one_meeting(text)
    assert meeting["items"][0]["resolutions"] == ["the strategy be adopted."]


def test_a_motion_put_to_the_vote_and_carried():
    text = ITEMS.format(
        items="9.\n\nOrder of Business\n\nMinutes:\n\nIt was moved by Councillor Ash and seconded by Councillor Birch "
        "that item 12 be taken first.\n\nThe motion was put to the vote and CARRIED."
    )
    meeting = one_meeting(text)
    assert meeting["items"][0]["resolutions"] == ["item 12 be taken first."]


# --- documents cut off, and documents that record no meeting ----------------------------------------------


def test_a_document_cut_off_mid_sentence_is_read_for_what_is_there():
    text = """Agenda and minutes

Wellbeing Board - Monday, 5th June, 2023 2.00 pm

Items
No. Item

1.

Apologies

Minutes:

Apologies were received from Councillor Oakes.

2.

Mental Health Servi"""
    meeting = one_meeting(text)
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        ("1", "Apologies"),
        ("2", "Mental Health Servi"),
    ]
    assert people(meeting["apologies"]) == ["Oakes"]


def test_a_strategy_is_not_a_meeting():
    text = """Anyshire Carers Strategy 2024-2029

Foreword

Carers are at the heart of our communities. This strategy was agreed by the Health and Wellbeing Board
on 12 March 2024 after consultation with carers and partners.

1. Our priorities

We will listen to carers. We will improve short breaks.

2. How we will measure progress

Apologies are not needed to join our carers forum, which meets monthly.
"""
    assert record_of_text(text)["meetings"] == []
