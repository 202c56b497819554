"""What leaves an OParl list without being deleted is told too: a paper withdrawn from public view (made exempt,
or put under a private item) and its file are ``deleted: true``, with nothing of their content, until public
again; a person whose last membership of a council goes leaves that council's people list as deleted."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.models import AgendaItem, Attendance, Membership, Paper, Person

from ..documents import pdf_from_text
from .test_oparl import ROOT, _council_with_a_meeting, get

pytestmark = pytest.mark.django_db
GONE_ONLY = {"id", "type", "created", "modified", "deleted"}


def since_now() -> str:
    """A ``modified_since`` query for the moment just before now (the API stamps whole seconds)."""
    moment = timezone.now() - datetime.timedelta(seconds=1)
    return "?modified_since=" + moment.isoformat(timespec="seconds").replace("+", "%2B")


def in_list(client, council, kind: str, query: str = "") -> dict[str, dict]:
    """A council's list, every page, by id."""
    url, found = f"/oparl/v1.1/bodies/{council.pk}/{kind}/{query}", {}
    while url:
        data = get(client, url)
        found |= {o["id"]: o for o in data["data"]}
        url = data["links"].get("next", "").removeprefix("http://testserver")
    return found


@pytest.fixture
def report(settings, tmp_path):
    """A public paper with its own file, on a public agenda item."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council, board, meeting = _council_with_a_meeting("Harrowmere Borough Council")
    item = AgendaItem.objects.create(meeting=meeting, number="4", title="Leisure centre options", order=4)
    paper = clerking.attach_paper(
        item, pdf_from_text("Leisure centre options\nThree sites compared\n"), "options.pdf", title="Options"
    )
    return council, item, paper


def urls_of(paper: Paper) -> dict[str, str]:
    return {
        "papers": f"{ROOT}papers/{paper.pk}",
        "consultations": f"{ROOT}consultations/{paper.pk}",
        "files": f"{ROOT}files/{paper.document_id}",
    }


def assert_withdrawn(client, council, paper: Paper, query: str, created: dict) -> None:
    for kind, url in urls_of(paper).items():
        shown = get(client, url.removeprefix("http://testserver"))
        assert set(shown) == GONE_ONLY and shown["deleted"] is True, url
        assert shown["created"] == created[kind], url
        assert in_list(client, council, kind, query)[url] == shown, kind
        assert url not in in_list(client, council, kind), kind
    assert client.get(f"/oparl/v1.1/files/{paper.document_id}/download").status_code == 404


def assert_live(client, council, paper: Paper, query: str) -> None:
    for kind, url in urls_of(paper).items():
        shown = get(client, url.removeprefix("http://testserver"))
        assert "deleted" not in shown and url in in_list(client, council, kind), url
        if kind != "files":  # a file's modified is its import: it changes with nothing shown in it
            assert "deleted" not in in_list(client, council, kind, query)[url], kind


def test_a_paper_made_exempt_is_deleted_with_its_consultation_and_file_until_public_again(client, report):
    council, _, paper = report
    created = {
        kind: get(client, url.removeprefix("http://testserver"))["created"]
        for kind, url in urls_of(paper).items()
    }
    query = since_now()
    paper.exempt = True
    paper.save()
    assert_withdrawn(client, council, paper, query, created)
    # Not listed to a client that has asked since.
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert not in_list(
        client,
        council,
        "papers",
        "?modified_since=" + later.isoformat(timespec="seconds").replace("+", "%2B"),
    )

    query = since_now()
    paper.exempt = False
    paper.save()
    assert_live(client, council, paper, query)


def test_a_paper_under_an_item_made_exempt_is_deleted_and_the_item_says_only_public_false(client, report):
    council, item, paper = report
    created = {
        kind: get(client, url.removeprefix("http://testserver"))["created"]
        for kind, url in urls_of(paper).items()
    }
    query = since_now()
    clerking.mark_exempt(item, 3, "Commercially sensitive bids")
    assert_withdrawn(client, council, paper, query, created)
    listed = in_list(client, council, "agenda-items", query)[f"{ROOT}agenda-items/{item.pk}"]
    assert set(listed) == {"id", "type", "meeting", "order", "public", "created", "modified"}
    assert listed["public"] is False


def test_a_person_whose_last_membership_of_a_council_goes_is_deleted_from_its_people_list_only(client):
    council, board, meeting = _council_with_a_meeting("Sallowfield City Council")
    other, other_board, _ = _council_with_a_meeting("Sallowfield Fire Authority")
    person = Person.objects.create(name="Ines Achterberg")
    first = Membership.objects.create(person=person, body=board)
    second = Membership.objects.create(person=person, body=board, role=Membership.Role.CHAIR)
    Membership.objects.create(person=person, body=other_board)
    url = f"{ROOT}people/{person.pk}"
    created = get(client, f"/oparl/v1.1/people/{person.pk}")["created"]
    query = since_now()
    first.delete()
    assert "deleted" not in in_list(client, council, "people", query)[url], "a membership is left"
    second.delete()
    gone = in_list(client, council, "people", query)[url]
    assert gone["deleted"] is True and set(gone) == GONE_ONLY and gone["created"] == created
    assert url not in in_list(client, council, "people")
    # Live at its URL and in the other council, which lists no deletion.
    assert "deleted" not in get(client, f"/oparl/v1.1/people/{person.pk}")
    assert "deleted" not in in_list(client, other, "people", query)[url]

    # Back in the council by attending a meeting: live in its list again, and listed once.
    Attendance.objects.create(meeting=meeting, person=person)
    assert "deleted" not in in_list(client, council, "people", query)[url]
    # Its attendance deleted too: gone again.
    Attendance.objects.filter(person=person, meeting=meeting).delete()
    assert in_list(client, council, "people", query)[url]["deleted"] is True
