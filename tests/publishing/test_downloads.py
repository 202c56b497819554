"""Bulk downloads: the documented columns, whole and per board, as CSV and JSON, with nothing exempt."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Organisation,
    Person,
    Resolution,
)
from minutebook.publishing.downloads import DATASETS

pytestmark = pytest.mark.django_db
MARKER = "Wqpz8Exempt"


@pytest.fixture
def book():
    """The demo board, a second board with one meeting, and an exempt item with a decision, action and declaration."""
    call_command("demo")
    meeting = Meeting.objects.filter(status="held").first()
    secret = AgendaItem.objects.create(
        meeting=meeting, number="99", title=f"Land sale {MARKER}", exempt=True, exempt_paragraph=3, order=99
    )
    minute = Minute.objects.create(meeting=meeting, number="999", title=f"Sale {MARKER}", agenda_item=secret)
    resolution = Resolution.objects.create(minute=minute, text=f"Sell to {MARKER}.", order=1)
    person = Person.objects.first()
    Action.objects.create(
        resolution=resolution, body=meeting.body, description=f"Sign {MARKER}", owner_text="Legal"
    )
    Declaration.objects.create(meeting=meeting, person=person, agenda_item=secret, text=f"Knows {MARKER}")
    other = Body.objects.create(
        organisation=Organisation.objects.get(bodies=meeting.body), name="Other Board"
    )
    elsewhere = Meeting.objects.create(body=other, start=meeting.start)
    Attendance.objects.create(meeting=elsewhere, person=person, status=Attendance.Status.APOLOGIES)
    return meeting


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.streaming and "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_files_open_with_the_documented_columns_and_leave_out_exempt_records(client, book):
    for name, dataset in DATASETS.items():
        text = fetch(client, f"/api/downloads/{name}.csv")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == [c.name for c in dataset.columns], name
        assert MARKER not in text, name
        assert len(rows) == dataset.rows(None).count(), name
    decisions = list(csv.DictReader(io.StringIO(fetch(client, "/api/downloads/decisions.csv"))))
    assert {r["decision"] for r in decisions} == set(
        Resolution.objects.filter(minute__meeting__body=book.body, minute__exempt=False)
        .exclude(minute__agenda_item__exempt=True)
        .values_list("text", flat=True)
    )
    actions = list(csv.DictReader(io.StringIO(fetch(client, "/api/downloads/actions.csv"))))
    assert all(r["owner"] and r["status"] in {"open", "done", "dropped"} for r in actions)


def test_downloads_per_board_hold_only_that_board(client, book):
    other = Body.objects.get(name="Other Board")
    rows = list(
        csv.DictReader(io.StringIO(fetch(client, f"/api/downloads/attendance.csv?body={other.slug}")))
    )
    assert [(r["body"], r["attendance"]) for r in rows] == [("Other Board", "apologies")]
    everyone = list(csv.DictReader(io.StringIO(fetch(client, "/api/downloads/attendance.csv"))))
    assert len(everyone) == Attendance.objects.count() > len(rows)
    assert client.get("/api/downloads/attendance.csv?body=no-such-board").status_code == 404
    assert client.get("/api/downloads/minutes.csv").status_code == 404


def test_json_downloads_hold_the_same_rows_as_csv(client, book):
    for name in DATASETS:
        records = json.loads(fetch(client, f"/api/downloads/{name}.json?body={book.body.slug}"))
        rows = list(
            csv.DictReader(io.StringIO(fetch(client, f"/api/downloads/{name}.csv?body={book.body.slug}")))
        )
        assert [{k: str(v) for k, v in r.items()} for r in records] == rows, name


def test_the_api_page_documents_every_column_and_the_licence(client, settings, book):
    settings.MINUTEBOOK_DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
    page = client.get("/api/").content.decode()
    assert "https://creativecommons.org/licenses/by/4.0/" in page and "curl" in page
    for name, dataset in DATASETS.items():
        assert f"/api/downloads/{name}.csv" in page
        assert all(f"<code>{column.name}</code>" in page for column in dataset.columns)
