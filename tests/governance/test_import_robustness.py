"""A batch survives any one document: each failure is one error line naming the file, and the rest go on."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minutebook.extract.council import council_names, council_of
from minutebook.governance import importing, models, reading
from minutebook.governance.importing import import_file
from minutebook.sources.document import Document, Line

from ..documents import docx_from_text
from ..sources.malformed import MINUTES, broken_deflate_docx, numbered_docx, rewrite_docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    return settings.MINUTEBOOK_FILES


def meeting_text(day: int) -> str:
    return MINUTES.replace("4 March 2024", f"{day} March 2024")


def run_import(path, capsys):
    """The import command's summary, error lines and whether it failed."""
    try:
        call_command("import", str(path))
        failed = False
    except CommandError:
        failed = True
    out, err = capsys.readouterr()
    # on a pipe each document's line ends with its place in the batch, "[n/total]"
    return out, [re.sub(r" \[\d+/\d+\]$", "", line) for line in err.strip().splitlines()], failed


def test_damaged_word_files_are_one_error_line_each_and_the_batch_goes_on(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_cut.docx").write_bytes(
        rewrite_docx(docx_from_text("x"), {"word/document.xml": b"<w:document><w:body><w:p>"})
    )
    (batch / "b_zlib.docx").write_bytes(broken_deflate_docx())
    (batch / "c_level.docx").write_bytes(numbered_docx(["Apologies"], ilvl="x", start="y"))
    (batch / "d_roman.docx").write_bytes(numbered_docx(["Apologies"], fmt="lowerRoman", start="2000000000"))
    for day in (5, 6):
        (batch / f"e_good{day}.txt").write_text(meeting_text(day))
    out, errors, failed = run_import(batch, capsys)
    assert failed and "Traceback" not in out + "".join(errors)
    assert errors == [line for line in errors if line.startswith(f"error: {batch}/")]
    assert [line.split(":")[1].strip().rsplit("/", 1)[1] for line in errors] == ["a_cut.docx", "b_zlib.docx"]
    assert "2 imported, 2 kept without meetings, 0 unchanged, 2 failed" in out
    assert models.Meeting.objects.count() == 2


def test_an_unexpected_exception_is_the_documents_failure_named_by_its_type(tmp_path, capsys, monkeypatch):
    real = reading.extract

    def extract(document):
        if "boom" in document.name:
            raise RuntimeError("the extractor fell over")
        return real(document)

    monkeypatch.setattr(reading, "extract", extract)
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_boom.txt").write_text(meeting_text(5))
    (batch / "b_good.txt").write_text(meeting_text(6))
    out, errors, failed = run_import(batch, capsys)
    assert failed
    assert errors == [
        f"error: {batch / 'a_boom.txt'}: could not be read (RuntimeError: the extractor fell over)"
    ]
    assert "1 imported, 0 unchanged, 1 failed" in out


def test_a_failed_write_keeps_no_original_without_its_document(tmp_path, file_store, monkeypatch):
    def write(self, record):
        models.Organisation.objects.create(name="Half written")
        raise ValueError("the disk is full")

    monkeypatch.setattr(importing.RecordWriter, "write", write)
    path = tmp_path / "pack.txt"
    path.write_text(meeting_text(5))
    outcome = import_file(path)
    assert (outcome.status, outcome.message) == (
        "failed",
        f"{path}: could not be imported (ValueError: the disk is full)",
    )
    assert not models.SourceDocument.objects.exists()
    assert not models.Organisation.objects.filter(name="Half written").exists()
    assert not [p for p in file_store.rglob("*") if p.is_file()]


def test_a_document_without_meetings_is_counted_as_kept_not_imported(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    for day in (5, 6, 7):
        (batch / f"minutes{day}.txt").write_text(meeting_text(day))
    (batch / "letter.txt").write_text("Dear resident,\n\nThank you for your letter about the library.\n")
    out, errors, failed = run_import(batch, capsys)
    assert not failed and not errors
    assert "3 imported, 1 kept without meetings, 0 unchanged, 0 failed" in out
    assert f"{batch / 'letter.txt'}: kept without meetings" in out
    assert models.SourceDocument.objects.count() == 4


def test_each_council_named_in_a_line_is_found():
    line = "A joint report of Newcastle upon Tyne City Council and Stockton-on-Tees Borough Council, 2024"
    assert list(council_names(line)) == [
        "Newcastle upon Tyne City Council",
        "Stockton-on-Tees Borough Council",
    ]
    assert list(council_names("Sandwell Metropolitan Borough Council")) == [
        "Sandwell Metropolitan Borough Council"
    ]
    assert list(council_names("The City Council agreed")) == []  # names no place
    assert list(council_names("xCoventry City Council; a City Councillor")) == []


def test_councils_named_in_each_form_keep_their_own_boards(tmp_path):
    """Two councils whose names have no "City" or "Borough" in them are two councils, not one unnamed one:
    each keeps its own board, though the boards' names are the same."""
    for n, council in enumerate(["Fenmoor Council", "London Borough of Kelsey Green"]):
        path = tmp_path / f"minutes{n}.txt"
        path.write_text(f"{council}\n" + meeting_text(5 + n))
        assert import_file(path).status == "imported"
    assert sorted(models.Organisation.objects.values_list("name", flat=True)) == [
        "Fenmoor Council",
        "London Borough of Kelsey Green",
    ]
    assert sorted(models.Body.objects.values_list("organisation__name", flat=True)) == [
        "Fenmoor Council",
        "London Borough of Kelsey Green",
    ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "line",
    ["Abc " * 250_000, "Abc-on-Abc and " * 70_000, "Abc City Council " * 60_000, "(" * 1_000_000],
    ids=["capitalised-words", "place-names", "council-names", "brackets"],
)
def test_lines_of_a_megabyte_are_read_in_bounded_time(line, tmp_path):
    document = Document("long.txt", [Line(1, 1, line), Line(2, 1, "Published by Exeter City Council")])
    assert council_of(document) in ("Abc City Council", "Exeter City Council")
    path = tmp_path / "long.txt"
    path.write_text(meeting_text(5) + line + "\n" + "Published by Exeter City Council\n")
    assert import_file(path).status == "imported"
