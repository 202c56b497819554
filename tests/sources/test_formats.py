"""PDF, Word and web page readers give the Document a text file would."""

import json

import pytest

from minutebook.extract.pack import extract
from minutebook.sources.document import SourceError
from minutebook.sources.read import read_bytes
from minutebook.sources.text import read_text

from ..documents import docx_from_text, latin1, pdf_from_text
from ..extract.helpers import FIXTURES

PACKS = ["county_minutes.txt", "panel_pack.txt", "web_agenda_and_minutes.txt"]


def content(record) -> str:
    """A pack record without where-it-came-from keys, which differ between formats by design, nor a minute's
    running text, whose paragraph breaks follow the format (a Word paragraph per line here)."""

    def strip(value):
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("lines", "pages_in_source", "source", "text")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return json.dumps(strip(record.as_json()), indent=1, sort_keys=True)


@pytest.mark.parametrize("name", PACKS)
def test_a_pdf_made_from_fixture_text_gives_the_same_pack_record(name):
    text = latin1((FIXTURES / name).read_text())
    expected = content(extract(read_text(text.encode(), name)))
    document = read_bytes(pdf_from_text(text), name.replace(".txt", ".pdf"))
    assert document.media_type == "application/pdf"
    assert content(extract(document)) == expected


@pytest.mark.parametrize("name", PACKS)
def test_a_word_file_made_from_fixture_text_gives_the_same_pack_record(name):
    text = (FIXTURES / name).read_text()
    expected = content(extract(read_text(text.encode(), name)))
    document = read_bytes(docx_from_text(text), name.replace(".txt", ".docx"))
    assert content(extract(document)) == expected


def test_pdf_lines_carry_their_true_page_numbers_and_table_rows_stay_rows():
    text = "First page\nName\tRole\n\f\nSecond page\nCoventry City Council\t1.292m\n"
    lines = read_bytes(pdf_from_text(text), "t.pdf").lines
    assert [(ln.page, ln.text) for ln in lines if ln.text] == [
        (1, "First page"),
        (1, "Name\tRole"),
        (2, "Second page"),
        (2, "Coventry City Council\t1.292m"),
    ]


def test_word_numbering_is_rebuilt():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Apologies", style="List Number")
    document.add_paragraph("Declarations of interest", style="List Number")
    out = io.BytesIO()
    document.save(out)
    texts = [ln.text for ln in read_bytes(out.getvalue(), "agenda.docx").lines if ln.text]
    assert texts == ["1. Apologies", "2. Declarations of interest"]


def test_a_saved_web_page_loses_navigation_and_scripts_and_keeps_its_content():
    page = b"""<!DOCTYPE html><html><head><script>steal()</script></head><body>
    <nav><a href="/">Home</a> | <a href="/meetings">Meetings</a></nav>
    <div id="mgContent"><h1>Agenda and minutes</h1><h2>Health and Wellbeing Board</h2>
    <p>Thursday, 12th March, 2020 2.00 pm</p>
    <table><tr><td>1.</td><td><p>Apologies for Absence</p><p>Minutes:</p>
    <p>Apologies were received from Councillor Patel.</p><script>track()</script></td></tr></table></div>
    <footer>Cookie policy</footer></body></html>"""
    document = read_bytes(page, "meeting.html")
    text = "\n".join(ln.text for ln in document.lines)
    assert "steal" not in text and "track" not in text and "Home" not in text and "Cookie" not in text
    [meeting] = extract(document).meetings
    assert meeting.body == "Health and Wellbeing Board"
    assert [a.name for a in meeting.apologies] == ["Patel"]


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"%PDF-1.7\n garbage that is not a pdf", "is not a readable PDF"),
        (b"PK\x03\x04 not really a zip [Content_Types].xml word/", "is not a readable Word document"),
        (b"\x00\x01\x02\x03binary\x00stuff" * 10, "is a binary file, not a document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "is not a document minutebook can read"),
        (b"   \n\n", "is empty"),
    ],
)
def test_bad_files_are_refused_naming_the_file(data, problem):
    with pytest.raises(SourceError) as caught:
        read_bytes(data, "bad.file")
    assert str(caught.value).startswith("bad.file: ") and problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_encrypted_pdf_is_refused_with_a_reason():
    with pytest.raises(SourceError, match="secret.pdf: is an encrypted PDF"):
        read_bytes(pdf_from_text("Minutes\n", encrypt=True), "secret.pdf")
