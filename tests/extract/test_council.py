"""Naming the council that published a document, in each form UK councils' names take (invented places)."""

import pytest

from minutebook.extract.council import UNKNOWN, council_names, council_of, place_of
from minutebook.sources.document import Document, Line


@pytest.mark.parametrize(
    "line, names",
    [
        ("Published by Brackwater City Council, Civic Offices", ["Brackwater City Council"]),
        ("Amblefold Metropolitan Borough Council", ["Amblefold Metropolitan Borough Council"]),
        ("Cwm Deri County Borough Council", ["Cwm Deri County Borough Council"]),
        ("Minutes of Lower Hethersett Parish Council", ["Lower Hethersett Parish Council"]),
        ("Llanwen Community Council: ordinary meeting", ["Llanwen Community Council"]),
        # a unitary, Scottish or Welsh council's plain name
        ("Report to the Cabinet of Fenmoor Council", ["Fenmoor Council"]),
        ("MINUTES OF MEETING OF STRATHKELL COUNCIL", ["Strathkell Council"]),
        ("The Glenmorven Council - Education Committee", ["Glenmorven Council"]),
        ("Vale of Tawel Council", ["Vale of Tawel Council"]),
        ("City of Dunmarrow Council", ["City of Dunmarrow Council"]),
        ("Ashby upon Wend and Lorne Council", ["Ashby upon Wend and Lorne Council"]),
        ("NORTH-ON-SEA BOROUGH COUNCIL", ["North-on-Sea Borough Council"]),
        # London and royal boroughs, named the other way round
        ("London Borough of Kelsey Green", ["London Borough of Kelsey Green"]),
        ("the Royal Borough of Kingsholm and Ware, Town Hall", ["Royal Borough of Kingsholm and Ware"]),
        ("Harrowdale Combined Authority Board", ["Harrowdale Combined Authority"]),
        # two in a line
        (
            "jointly with Brackwater City Council and Fenmoor Council",
            ["Brackwater City Council", "Fenmoor Council"],
        ),
    ],
)
def test_each_form_of_a_council_name_is_read(line, names):
    assert list(council_names(line)) == names


@pytest.mark.parametrize(
    "line",
    [
        "The Council agreed the budget",
        "a report to Full Council in March",
        "REPORT TO COUNCIL",
        "the County Council's highways team",
        "Members of the Borough Council",
        "the Youth Council presented its manifesto",
        "Councillor Pat Mole, Councillors' allowances",
        # someone's other role names a council that did not publish the paper
        "Cllr Bell declared an interest as a member of Sedgecombe Town Council",
        "as an employee of Fenmoor Council",
    ],
)
def test_mentions_that_name_no_publisher_are_passed_over(line):
    assert list(council_names(line)) == []


def test_the_publisher_is_the_council_named_most_often():
    lines = [
        "Fenmoor Council",
        "Health and Wellbeing Board, 3 March 2025",
        "Cllr Bell is also a director of a company working with Brackwater City Council",
        "Fenmoor Council, County Hall",
    ]
    document = Document("pack.txt", [Line(n, 1, text) for n, text in enumerate(lines, 1)])
    assert council_of(document) == "Fenmoor Council"
    assert council_of(Document("note.txt", [Line(1, 1, "The Council met.")])) == UNKNOWN


@pytest.mark.parametrize(
    "council, place",
    [
        ("Brackwater City Council", "Brackwater"),
        ("Fenmoor Council", "Fenmoor"),
        ("London Borough of Kelsey Green", "Kelsey Green"),
        ("Amblefold Metropolitan Borough Council", "Amblefold"),
    ],
)
def test_the_place_a_council_name_holds(council, place):
    assert place_of(council) == place
