"""More conventions of committee papers, each in an invented text: agendas printed without numbers,
venues with a note run on, names printed without a comma before the role, declarations naming the
member's role, and "there were none" under a lettered declarations heading.
"""

from minutebook.extract.people import person_of

from .helpers import record_of_text

# --- an agenda printed without numbers (a meeting details page) ------------------------------------------

DETAILS_PAGE = """Meeting Details

Eastmoor Council
12 Mar 2019 - 14:00 to 16:30
Occurred
  • Documents
  • Attendance

Documents

Agenda

Welcome And Apologies
Including apologies from Members who are unable to attend.
Declarations Of Interest
Members should declare any interests they have in the items of business.
Minutes Of Previous Meeting
4.1
The minute of the meeting on 5 February 2019 is submitted for approval as a correct record.
4.2
The following minutes are circulated for noting.

Meeting

Date of Meeting

Licensing Board

15 January 2019

Harbour Committee

22 January 2019


Annual Budget Report
Report by the Chief Finance Officer
Any Other Business
"""


def test_an_agenda_printed_without_numbers():
    [meeting] = record_of_text(DETAILS_PAGE)["meetings"]
    assert (meeting["kind"], meeting["body"], meeting["date"], meeting["time"]) == (
        "agenda",
        "Eastmoor Council",
        "2019-03-12",
        "14:00",
    )
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        (None, "Welcome And Apologies"),
        (None, "Declarations Of Interest"),
        (None, "Minutes Of Previous Meeting"),
        (None, "Annual Budget Report"),
        (None, "Any Other Business"),
    ]
    minutes_item = meeting["items"][2]
    assert [s["label"] for s in minutes_item["sub_items"]] == ["4.1", "4.2"]
    assert minutes_item["sub_items"][0]["title"].startswith("The minute of the meeting on 5 February 2019")
    assert meeting["items"][3]["presenter"] == "Report by the Chief Finance Officer"


def test_a_table_in_a_description_gives_no_items():
    """Cells of a table stand between blank lines: "Licensing Board" / "15 January 2019" are not titles."""
    [meeting] = record_of_text(DETAILS_PAGE)["meetings"]
    titles = [i["title"] for i in meeting["items"]]
    assert not {"Meeting", "Date of Meeting", "Licensing Board", "Harbour Committee"} & set(titles)


def test_an_agenda_heading_in_a_paper_that_is_not_a_meeting_gives_nothing():
    """A strategy with a section called "Agenda" has no meeting date and time: no agenda is invented."""
    text = """Our Transport Strategy 2024 to 2030

Agenda

Cleaner Air
Fewer journeys by car in the town centre.
Safer Streets
Lower speed limits near schools.
Better Buses
More frequent services in the evening.
"""
    assert record_of_text(text)["meetings"] == []


def test_sentences_under_an_agenda_line_are_not_titles():
    text = """Eastmoor Council
12 Mar 2019 - 14:00 to 16:30

Agenda

The meeting will consider the budget.
Members were reminded to declare interests.
"""
    assert record_of_text(text)["meetings"] == []


# --- a note run on after the venue -------------------------------------------------------------------------

MINUTES_PAGE = """Agenda and minutes

Venue: {venue}

Items
No. Item

1.

Declarations of Interest

Minutes:

{declaration}

2.

Apologies for Absence

Minutes:

Apologies for absence were received from Councillor Pell.
"""


def page(venue="Council Chamber", declaration="There were none."):
    [meeting] = record_of_text(MINUTES_PAGE.format(venue=venue, declaration=declaration))["meetings"]
    return meeting


def test_a_note_after_the_venue_is_not_the_venue():
    note = "Online Meeting, please note that you can join from a web browser without installing anything."
    assert page(venue=note)["venue"] == "Online Meeting"
    assert page(venue="Town Hall. Please note the car park is closed.")["venue"] == "Town Hall"


def test_a_note_after_the_venue_under_a_page_title():
    text = MINUTES_PAGE.replace(
        "Agenda and minutes\n", "Agenda and minutes\n\nLicensing Panel\nTuesday, 7th July, 2020 10.30 am\n"
    ).format(venue="Online Meeting, please note the link is below", declaration="None.")
    [meeting] = record_of_text(text)["meetings"]
    assert (meeting["body"], meeting["venue"]) == ("Licensing Panel", "Online Meeting")


def test_a_venue_without_a_note_is_kept_whole():
    assert page(venue="Room 2, Civic Offices, Notley Road")["venue"] == "Room 2, Civic Offices, Notley Road"


# --- a declaration with the member's role between name and verb ---------------------------------------------


def test_a_declaration_naming_the_members_role():
    meeting = page(
        declaration="Dr Amira Castell, Vice-Chair of the Board declared a non-pecuniary interest in the "
        "items on primary care as a partner in a local practice."
    )
    assert [d["member"] for d in meeting["declarations"]] == ["Amira Castell"]


def test_an_officers_statement_with_an_apposition_is_not_a_declaration():
    meeting = page(
        declaration="The Monitoring Officer, in answer to a question, declared the register of interests "
        "open to inspection at the civic offices."
    )
    assert meeting.get("declarations") in (None, [])


# --- "There were none" under a declarations heading inside a minute -----------------------------------------

PROCEDURAL = """Agenda item

Procedural Business

(a) Apologies

1.1 Rhona Vale, Director of Services, Northshire Council sent her apologies.

(b) Declarations of Interest

1.2 There were none.

(c) Exclusion of Press and Public

1.3 There were no confidential items.
"""


def test_none_declared_under_a_heading_inside_a_minute():
    [meeting] = record_of_text(PROCEDURAL)["meetings"]
    assert meeting["declarations"] == []
    assert [a["name"] for a in meeting["apologies"]] == ["Rhona Vale"]


def test_none_under_another_heading_says_nothing_of_interests():
    text = PROCEDURAL.replace("(b) Declarations of Interest\n\n1.2 There were none.\n\n", "")
    [meeting] = record_of_text(text)["meetings"]
    assert "declarations" not in meeting


# --- a role printed without a comma after the name -----------------------------------------------------------

ATTENDING = """MINUTE of MEETING of the Resources Committee held in the Council Chamber, Harbour Road, on
Thursday 4 May 2023 at 10.00 a.m.

Present: Councillors Ann Moray (Chair), Ian Tull and Rose Finch.

Attending: Hugh Marr, Chief Executive; Clare Dunbar Head of Finance; Ewan Pryde, Committee Officer.

1. MINUTE

The minute of the meeting of 6 April 2023 was approved.
"""


def test_a_role_without_a_comma_after_the_name():
    [meeting] = record_of_text(ATTENDING)["meetings"]
    officers = [(p["name"], p["role"]) for p in meeting["present"] if p["category"] == "officer"]
    assert ("Clare Dunbar", "Head of Finance") in officers
    assert [name for name, _ in officers] == ["Hugh Marr", "Clare Dunbar", "Ewan Pryde"]



def test_a_heading_sentence_wrapped_before_its_date():
    [meeting] = record_of_text(ATTENDING)["meetings"]
    assert (meeting["body"], meeting["date"], meeting["time"], meeting["venue"]) == (
        "Resources Committee",
        "2023-05-04",
        "10:00",
        "Council Chamber, Harbour Road",
    )


# --- a double-barrelled surname printed with spaces round its hyphen ----------------------------------------


def test_a_surname_with_a_spaced_hyphen_is_one_name():
    text = MINUTES_PAGE.format(venue="Council Chamber", declaration="None.").replace(
        "Apologies for absence were received from Councillor Pell.",
        "Councillors Ord, Bain - Kerr and Pike - Labour",
    )
    [meeting] = record_of_text(text)["meetings"]
    assert [a["name"] for a in meeting["apologies"]] == ["Ord", "Bain-Kerr", "Pike"]


def test_a_dash_before_a_role_still_parts_name_and_role():
    assert person_of("Ann Lee - Director") == ("Ann Lee", "Director")
    assert person_of("Jo Bell - Healthwatch") == ("Jo Bell", "Healthwatch")
    assert person_of("Ravi Shah - Ngata") == ("Ravi Shah-Ngata", None)


def test_a_contents_page_under_an_agenda_line_gives_no_items():
    """Lines ending in a page number are a contents page; "Part A" is a section: neither is an item."""
    text = """Northshire Safeguarding Board
Date: 3 June 2022
Time: 2.00 pm

Agenda

Part A
Message from the Chair 4
About the Board 5
What we did this year 9
Looking Forward 14
"""
    assert record_of_text(text)["meetings"] == []
