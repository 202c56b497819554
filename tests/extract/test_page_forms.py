"""More conventions of committee papers, each in an invented text: agendas printed without numbers,
venues with a note run on, names printed without a comma before the role, declarations naming the
member's role, and "there were none" under a lettered declarations heading.
"""

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
