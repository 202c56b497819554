"""Importing packs: idempotent, all-or-nothing per document, merging what later packs repeat."""

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minutebook.governance import models
from minutebook.governance.importing import import_file

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db

TABLES = [
    models.SourceDocument,
    models.Organisation,
    models.Body,
    models.Person,
    models.Meeting,
    models.AgendaItem,
    models.Attendance,
    models.Declaration,
    models.Minute,
    models.Resolution,
    models.Action,
    models.Paper,
    models.Recommendation,
    models.WorkProgrammeEntry,
    models.PersonMatch,
]


def counts():
    return {m.__name__: m.objects.count() for m in TABLES}


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    return settings.MINUTEBOOK_FILES


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_writes_the_records_with_their_source_lines(tmp_path, file_store):
    outcome = import_file(FIXTURES / "county_minutes.txt")
    assert outcome.status == "imported"
    meeting = models.Meeting.objects.get()
    assert meeting.status == models.Meeting.Status.HELD and meeting.body.name == "HEALTH AND WELLBEING BOARD"
    minute = meeting.minutes.get(number="36")
    assert (minute.first_line, minute.last_line) == (19, 27)
    assert minute.source.name == "county_minutes.txt"
    assert [r.text for r in minute.resolutions.all()] == [
        "That the refreshed strategy be endorsed.",
        "That the Director of Public Health report progress to the March 2024 meeting.",
    ]
    substitute = meeting.attendances.get(capacity=models.Attendance.Capacity.SUBSTITUTE)
    assert (substitute.person.name, substitute.substitute_for.name) == ("L Grey", "K Brown")
    stored = file_store / minute.source.stored_as
    assert stored.read_bytes() == (FIXTURES / "county_minutes.txt").read_bytes()


def test_the_same_file_twice_changes_nothing():
    import_file(FIXTURES / "panel_pack.txt")
    before = counts()
    assert import_file(FIXTURES / "panel_pack.txt").status == "unchanged"
    assert counts() == before


def test_a_later_pack_repeating_minutes_merges_and_marks_the_meeting_held(tmp_path):
    import_file(FIXTURES / "panel_pack.txt")
    scheduled = models.Meeting.objects.get()
    assert scheduled.status == models.Meeting.Status.HELD  # its day has passed, though no minutes are in yet
    later = write(
        tmp_path,
        "november_pack.txt",
        """Minutes of the Meeting of the Health Scrutiny Panel held at 6.30 pm on Wednesday, 4 October 2023

Present: Councillor R Hale (Chair), Councillor S Begum

1. Apologies for absence and substitutions

There were no apologies.

2. Integrated Care Board: Winter Plan

RESOLVED that the Integrated Care Board report on delivery to the next meeting.
""",
    )
    import_file(later)
    again = write(tmp_path, "december_pack.txt", later.read_text() + "\n")  # the same minutes in another pack
    import_file(again)
    meeting = models.Meeting.objects.get()
    assert meeting.pk == scheduled.pk and meeting.status == models.Meeting.Status.HELD
    assert meeting.minutes.count() == 2 and models.Resolution.objects.count() == 1
    action = models.Action.objects.get()
    assert action.owner_text == "the Integrated Care Board" and action.due_next_meeting


def test_a_clerks_correction_survives_reimport_and_the_difference_is_reported():
    import_file(FIXTURES / "county_minutes.txt")
    minute = models.Minute.objects.get(number="36")
    minute.title = "Joint Health and Wellbeing Strategy Refresh"
    minute.corrected = True
    minute.save()
    call_command("reimport")
    minute.refresh_from_db()
    assert minute.title == "Joint Health and Wellbeing Strategy Refresh"
    conflict = models.ImportConflict.objects.get()
    assert (conflict.field, conflict.imported) == ("title", "JOINT HEALTH AND WELLBEING STRATEGY REFRESH")
    assert conflict.record == f"Minute 36 of {minute.meeting}"  # named as the clerk knows it


def test_bad_documents_fail_alone_with_a_one_line_error(tmp_path, settings, capsys):
    settings.MINUTEBOOK_MAX_IMPORT_BYTES = 50_000
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_good.txt").write_bytes((FIXTURES / "county_minutes.txt").read_bytes())
    (batch / "corrupt.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (batch / "locked.pdf").write_bytes(pdf_from_text("Minutes of the meeting\n", encrypt=True))
    (batch / "empty.txt").write_bytes(b"")
    (batch / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (batch / "huge.txt").write_bytes(b"Minutes\n" * 10_000)
    with pytest.raises(CommandError, match="5 of 6 documents failed"):
        call_command("import", str(batch))
    out, err = capsys.readouterr()
    errors = err.strip().splitlines()
    assert len(errors) == 5 and all(line.startswith("error: ") for line in errors)
    for name in ("corrupt.pdf", "locked.pdf", "empty.txt", "photo.txt", "huge.txt"):
        assert sum(name in line for line in errors) == 1
    assert "encrypted" in next(line for line in errors if "locked.pdf" in line)
    assert "1 imported, 0 unchanged, 5 failed" in out
    assert models.SourceDocument.objects.count() == 1 and models.Meeting.objects.count() == 1


def test_people_are_one_person_across_the_forms_of_their_name(tmp_path):
    body = """Minutes of the meeting of the Wellbeing Board held on Monday 3 June 2024 at 2.00 pm

Present: {present}

1. Minutes

The minutes were agreed.
"""
    for n, present in enumerate(
        [
            "Councillor A Lucas (Chair), Sudesh Kumar, Councillor P Smith",
            "Ann Lucas, Sudhesh Kumar, Councillor Q Smith",
            "Councillor Mrs Lucas, Councillor Smith",
        ]
    ):
        text = body.replace("3 June", f"{3 + n} June").format(present=present)
        assert import_file(write(tmp_path, f"m{n}.txt", text)).status == "imported"
    lucas = models.Person.objects.get(name="Ann Lucas")
    assert lucas.attendances.count() == 3 and "A Lucas" in lucas.other_names
    assert models.Person.objects.filter(name__endswith="Kumar").count() == 1
    # "Councillor Smith" could be P Smith or Q Smith: not merged, left for a clerk.
    smith = models.Person.objects.get(name="Smith")
    pending = models.PersonMatch.objects.filter(person=smith, status=models.PersonMatch.Status.PENDING)
    assert {m.candidate.name for m in pending} == {"P Smith", "Q Smith"}


def test_people_review_lists_and_settles_uncertain_matches(tmp_path, capsys):
    test_people_are_one_person_across_the_forms_of_their_name(tmp_path)
    call_command("people", "--review")
    listing = capsys.readouterr().out
    assert "'Smith'" in listing and "P Smith" in listing
    match = models.PersonMatch.objects.get(candidate__name="P Smith")
    other = models.PersonMatch.objects.get(candidate__name="Q Smith")
    call_command("people", "--reject", str(other.pk))
    call_command("people", "--confirm", str(match.pk))
    assert not models.Person.objects.filter(name="Smith").exists()
    assert models.Person.objects.get(name="P Smith").attendances.count() == 2


def test_the_two_health_and_wellbeing_board_packs_land_in_one_body(shared_corpus):
    call_command("import", *(str(p) for p in sorted(shared_corpus.glob("*.txt"))))
    hwb = models.Body.objects.filter(kind=models.Body.Kind.HEALTH_AND_WELLBEING)
    assert hwb.count() == 1 and hwb.get().meetings.count() == 4


def test_importing_the_shared_corpus_twice_leaves_every_table_unchanged(shared_corpus):
    files = [str(p) for p in sorted(shared_corpus.glob("*.txt"))]
    call_command("import", *files)
    before = counts()
    call_command("import", *files)
    assert counts() == before
    call_command("reimport")
    assert counts() == before


def test_a_process_killed_mid_batch_leaves_no_half_imported_document(tmp_path, sqlite_file):
    db, env = sqlite_file
    minutebook = [sys.executable, "-m", "minutebook.cli"]
    batch = tmp_path / "batch"
    batch.mkdir()
    source = (FIXTURES / "county_minutes.txt").read_text()
    for n in range(60):
        (batch / f"pack{n:02}.txt").write_text(
            source.replace("7 November 2023", f"{n % 28 + 1} March 2021") + f"\nReference {n}\n"
        )
    process = subprocess.Popen(
        [*minutebook, "import", str(batch)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().startswith(str(batch))  # the first document is in
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as conn:
        documents = conn.execute("select count(*) from governance_sourcedocument").fetchone()[0]
        per_document = conn.execute(
            "select d.id, count(distinct m.id), count(r.id) from governance_sourcedocument d "
            "left join governance_minute m on m.source_id = d.id "
            "left join governance_resolution r on r.minute_id = m.id group by d.id"
        ).fetchall()
    assert 1 <= documents < 60
    assert all(minutes == 4 and resolutions == 3 for _, minutes, resolutions in per_document)
    files = Path(env["MINUTEBOOK_VAR"]) / "files"
    # What the killed process was writing is only staged, under its process id: never a kept original.
    staged = list(files.rglob("*.part"))
    assert all(p.name.endswith(f"-{process.pid}.part") for p in staged)
    # No original without its document; a document whose original is not yet moved into place (killed
    # between commit and move) has it staged.
    assert kept_originals(files) <= stored_originals(db)
    assert stored_originals(db) - kept_originals(files) <= {
        str(p.relative_to(files)).rsplit(".", 2)[0] for p in staged
    }
    # The next import settles what the killed one left: nothing staged remains, nothing kept is orphaned.
    subprocess.run(
        [*minutebook, "import", str(batch / "pack00.txt")], env=env, check=True, capture_output=True
    )
    assert not list(files.rglob("*.part")) and not list(files.rglob("*.tmp"))
    assert kept_originals(files) == stored_originals(db)


def kept_originals(files: Path) -> set[str]:
    """Files under their kept names: not staged (``.part``), not cut short while being written (``.tmp``)."""
    return {
        str(p.relative_to(files))
        for p in files.rglob("*")
        if p.is_file() and p.suffix not in (".part", ".tmp")
    }


def stored_originals(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("select stored_as from governance_sourcedocument")}


UNNUMBERED_PAGE = """Agenda and minutes

Adult Care Scrutiny Panel - Wednesday, 4th March, 2020 2.00 pm

Venue: Committee Room 2, Civic Centre

Items

Apologies for Absence

Minutes:

Apologies were received from Councillor Petra Lindqvist.

Care Home Fees Review

Minutes:

The Panel considered a report on the fees paid to care homes.

RESOLVED: That the report be noted.

Home Care Recruitment

Minutes:

The Panel heard about recruitment of home care staff.

RESOLVED: That an update be brought to the next meeting.
"""


def test_minutes_a_page_prints_without_numbers_are_kept_apart_by_their_order(tmp_path):
    page = write(tmp_path, "panel-page.txt", UNNUMBERED_PAGE)
    import_file(page)
    minutes = list(models.Minute.objects.order_by("order").values_list("number", "title"))
    assert minutes == [
        ("", "Apologies for Absence"),
        ("", "Care Home Fees Review"),
        ("", "Home Care Recruitment"),
    ]
    assert models.Resolution.objects.count() == 2
    before = counts()
    # the same page saved again with another name merges into the same minutes
    import_file(write(tmp_path, "panel-page-again.txt", UNNUMBERED_PAGE + "\n"))
    after = counts()
    assert after.pop("SourceDocument") == before.pop("SourceDocument") + 1
    assert after == before


UNNUMBERED_AGENDA = """Meeting Details

Northfold Borough Council
3 Jun 2024 - 10:00 to 12:00

Agenda

Welcome and Apologies
Members who cannot attend are asked to send their apologies to the clerk.
Declarations of Interest
Members declare any interest they have in the business below.
Children's Mental Health Services
A report on waiting times for first appointments.
Any Other Business
"""


def test_agenda_items_a_page_prints_without_numbers_are_kept_apart_by_their_order(tmp_path):
    import_file(write(tmp_path, "agenda-page.txt", UNNUMBERED_AGENDA))
    items = list(
        models.AgendaItem.objects.filter(parent=None).order_by("order").values_list("number", "title")
    )
    assert items == [
        ("", "Welcome and Apologies"),
        ("", "Declarations of Interest"),
        ("", "Children's Mental Health Services"),
        ("", "Any Other Business"),
    ]
    before = counts()
    import_file(write(tmp_path, "agenda-page-again.txt", UNNUMBERED_AGENDA + "\n"))
    after = counts()
    assert after.pop("SourceDocument") == before.pop("SourceDocument") + 1
    assert after == before
