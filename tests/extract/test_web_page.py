"""A meeting's web page saved as HTML reads as the same record as the page saved as text."""

from minutebook.extract.pack import extract
from minutebook.sources.read import read_document

from .helpers import FIXTURES

# Where a record was read from (lines, pages) and a minute's running text differ between the two savings:
# an HTML page has no blank lines between its paragraphs. Everything a clerk would type in is the same.
LAYOUT = {"lines", "pages_in_source", "text", "source"}


def without_layout(value):
    if isinstance(value, dict):
        return {k: without_layout(v) for k, v in value.items() if k not in LAYOUT}
    if isinstance(value, list):
        return [without_layout(v) for v in value]
    return value


def test_the_html_page_and_its_text_give_the_same_record():
    from_html = extract(read_document(FIXTURES / "moderngov_minutes_page.html")).as_json()
    from_text = extract(read_document(FIXTURES / "moderngov_minutes_page.txt")).as_json()
    assert without_layout(from_html) == without_layout(from_text)
    [meeting] = from_html["meetings"]
    assert (meeting["kind"], meeting["body"], meeting["date"], meeting["time"]) == (
        "minutes",
        "Adult Care Scrutiny Panel",
        "2023-03-14",
        "14:00",
    )
    assert meeting["venue"] == "Committee Room 4, Shire Hall, Northgate, Anyshire AN1 2BC"
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        ("41", "Apologies for Absence and Substitutions"),
        ("42", "Declarations of Interest"),
        ("43", "Minutes of the previous meeting"),
        ("44", "Carers Strategy Refresh"),
    ]
    assert [(a["name"], a["substitute"]) for a in meeting["apologies"]] == [
        ("Tremlett", "Varga"),
        ("Y Okafor", None),
    ]
    assert [(d["member"], d["item"]) for d in meeting["declarations"]] == [("Halloran", "44")]
    # printed under "Decision:" and again under "Minutes:", the decision counts once
    assert meeting["items"][3]["resolutions"] == [
        "That the refreshed strategy be endorsed.",
        "That officers report on progress in six months.",
    ]
