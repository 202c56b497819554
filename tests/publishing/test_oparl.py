"""The OParl 1.1 API: walked from the System object like an OParl checker would, object by object."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import (
    AgendaItem,
    Body,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Pack,
    Paper,
    Person,
    Recommendation,
    Resolution,
)
from minutebook.publishing import pack
from minutebook.publishing.downloads import DATASETS

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db
ROOT = "http://testserver/oparl/v1.1/"
MARKER = "Qvzk4Private"
SPEC = Path(os.environ.get("OPARL_SPEC", "/work/.mirror/OParl+spec/repo/.git"))
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
TYPES = {
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
    "LegislativeTerm",
}
# What OParl requires of each type beyond id and type (chapter 3), written out so this check always runs.
REQUIRED = {
    "System": {"oparlVersion", "body"},
    "Body": {"name", "organization", "person", "meeting", "paper", "legislativeTerm"},
    "AgendaItem": {"order"},
    "File": {"accessUrl"},
}


@pytest.fixture
def archive(settings, tmp_path):
    """The demo board and an imported archive of minutes."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    call_command("demo")
    import_file(FIXTURES / "county_minutes.txt")
    return Meeting.objects.filter(status="held").first()


def _council_with_a_meeting(name: str) -> tuple[Organisation, Body, Meeting]:
    council = Organisation.objects.create(name=name, kind="council")
    board = Body.objects.create(organisation=council, name=f"{name} Scrutiny Committee")
    meeting = Meeting.objects.create(body=board, start=timezone.now(), venue="Council Chamber")
    return council, board, meeting


@pytest.fixture
def book(archive):
    """The archive with a public paper and its file, an exempt item with secrets, packs issued, a meeting deleted,
    and a council deleted."""
    meeting = archive
    public_item = AgendaItem.objects.filter(meeting=meeting, exempt=False, parent=None).last()
    clerking.attach_paper(
        public_item, pdf_from_text("Annual report\nAll targets met\n"), "annual.pdf", title="Annual report"
    )
    secret = AgendaItem.objects.create(
        meeting=meeting,
        number="99",
        title=f"Contract award {MARKER}",
        exempt=True,
        exempt_paragraph=3,
        order=99,
    )
    AgendaItem.objects.create(
        meeting=meeting, parent=secret, number="99", sub_label="a", title=f"Bids {MARKER}"
    )
    minute = Minute.objects.create(meeting=meeting, number="999", title=f"Award {MARKER}", agenda_item=secret)
    Resolution.objects.create(minute=minute, text=f"The {MARKER} bid be accepted.", order=1)
    private = Minute.objects.create(meeting=meeting, number="998", title=f"Staffing {MARKER}", exempt=True)
    Resolution.objects.create(minute=private, text=f"Restructure {MARKER}.", order=1)
    paper = Paper.objects.create(meeting=meeting, agenda_item=secret, title=f"Tender evaluation {MARKER}")
    Recommendation.objects.create(paper=paper, text=f"Award to {MARKER} Ltd", order=1)
    Paper.objects.create(meeting=meeting, title=f"Appendix {MARKER}", exempt=True)
    clerking.attach_paper(
        secret, pdf_from_text(f"Bids received\n{MARKER} Ltd 1.2m\n"), "bids.pdf", title="Bids"
    )
    pack.publish(meeting)
    assert Pack.objects.filter(meeting=meeting, private=True).exists()
    gone = Meeting.objects.create(body=meeting.body, start=timezone.now(), venue="Room 4")
    gone.delete()
    council, board, held = _council_with_a_meeting("Former Downs District Council")
    for record in (held, board, council):
        record.delete()
    return meeting


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8", url
    assert response["Access-Control-Allow-Origin"] == "*", url
    return json.loads(response.content)


def links(value):
    """Every URL of the API inside a JSON value."""
    if isinstance(value, str):
        if value.startswith(ROOT):
            yield value
    elif isinstance(value, list):
        for v in value:
            yield from links(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from links(v)


def objects(value):
    """Every OParl object inside a JSON value, embedded ones included."""
    if isinstance(value, dict):
        if "type" in value and str(value["type"]).startswith("https://schema.oparl.org/1.1/"):
            yield value
        for v in value.values():
            yield from objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from objects(v)


CHANGED_SINCE = "?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00"


def walk(client):
    """Fetch the System object and everything it leads to; return {url: json} for objects and list pages.

    Each list is also fetched as a client keeping a copy would ask it (``modified_since``), which is
    where deleted objects are listed."""
    fetched, queue = {}, [ROOT]
    while queue:
        url = queue.pop(0)
        if url in fetched or url.endswith(("/access", "/download")):
            continue
        fetched[url] = data = get(client, url[len("http://testserver") :])
        queue += [u for u in links(data) if u not in fetched]
        if is_list(url, data) and "?" not in url:
            queue.append(url + CHANGED_SINCE)
    return fetched


def is_list(url: str, data: dict) -> bool:
    return "data" in data and "links" in data


def hand_checks(obj: dict) -> list[str]:
    kind = obj["type"].rsplit("/", 1)[1]
    problems = [f"{obj['id']}: unknown type {kind}"] if kind not in TYPES else []
    # A deleted object keeps only id, type, created and modified (OParl 1.1, chapter 2.8).
    required = ("created", "modified") if obj.get("deleted") else REQUIRED.get(kind, ())
    problems += [f"{obj['id']}: lacks {name}" for name in required if name not in obj]
    for name, value in obj.items():
        if value is None or value == "" or value == []:
            problems.append(f"{obj['id']}: {name} is empty")
        if name in ("created", "modified", "start", "end") and not DATE_TIME.match(value):
            problems.append(f"{obj['id']}: {name}={value!r} is not yyyy-mm-ddThh:mm:ss±hh:mm")
        if name in ("startDate", "endDate", "date") and not DATE.match(value):
            problems.append(f"{obj['id']}: {name}={value!r} is not yyyy-mm-dd")
    return problems


def test_walk_from_the_system_object_reaches_every_type_and_follows_the_rules(client, book):
    fetched = walk(client)
    kinds = set()
    for url, data in fetched.items():
        if is_list(url, data):
            assert set(data) == {"data", "pagination", "links"}, url
            for obj in data["data"]:
                detail = fetched.get(obj["id"]) or get(client, obj["id"][len("http://testserver") :])
                assert {k: detail.get(k) for k in obj} == obj, f"{obj['id']} differs in its list {url}"
            continue
        assert data["id"] == url, "an object's id is its own URL"
        kind = data["type"].rsplit("/", 1)[1]
        kinds.add(kind)
        for obj in objects(data):
            assert not hand_checks(obj), hand_checks(obj)
            # OParl 1.1 (chapter 4.1): created and modified on every object, embedded or deleted ones too.
            assert {"created", "modified"} <= set(obj), obj["id"]
    assert kinds == TYPES
    gone = {d["type"].rsplit("/", 1)[1] for d in fetched.values() if d.get("deleted")}
    assert {"Meeting", "Body"} <= gone, "the deleted meeting and council are still served"
    paper = Paper.objects.get(title="Annual report")
    data = get(client, f"/oparl/v1.1/papers/{paper.pk}")
    main = data["mainFile"]
    assert main["mimeType"] == "application/pdf" and main["fileName"] == "annual.pdf"
    shown = client.get(main["accessUrl"][len("http://testserver") :])
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert "attachment" not in shown.get("Content-Disposition", "")
    saved = client.get(main["downloadUrl"][len("http://testserver") :])
    assert (
        saved["Content-Disposition"].startswith("attachment;")
        and 'filename="annual.pdf"' in saved["Content-Disposition"]
    )
    assert b"".join(saved.streaming_content).startswith(b"%PDF")
    assert saved["ETag"] and saved["Last-Modified"]
    meeting = get(client, f"/oparl/v1.1/meetings/{book.pk}")
    pack = Pack.objects.get(meeting=book, private=False)
    assert meeting["invitation"]["id"] == f"{ROOT}files/{pack.document_id}"


def schema(name: str) -> dict:
    shown = subprocess.run(
        ["git", "-C", str(SPEC), "show", f"v1.1.1:schema/{name}.json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


def schema_problems(obj: dict, schemas: dict, where: str) -> list[str]:
    """The spec's own schema applied: required properties, no others, and each one's JSON type and format."""
    kind = obj["type"].rsplit("/", 1)[1]
    spec = schemas[kind]
    required = (
        ("id", "type", "created", "modified") if obj.get("deleted") else spec["required"]
    )  # chapter 2.8
    problems = [f"{where}: {kind} lacks {name}" for name in required if name not in obj]
    pattern = spec["properties"]["type"].get("pattern")
    if pattern and not re.match(pattern, obj["type"]):
        problems.append(f"{where}: type {obj['type']}")
    for name, value in obj.items():
        rule = spec["properties"].get(name)
        if rule is None:
            problems.append(f"{where}: {kind} has no property {name}")
            continue
        problems += value_problems(value, rule, schemas, f"{where}.{name}")
    return problems


def value_problems(value, rule: dict, schemas: dict, where: str) -> list[str]:
    expected = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}[rule["type"]]
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        return [f"{where}: {value!r} is not {rule['type']}"]
    fmt = rule.get("format")
    if fmt == "date-time" and not DATE_TIME.match(value):
        return [f"{where}: {value!r} is not a date-time"]
    if fmt == "date" and not DATE.match(value):
        return [f"{where}: {value!r} is not a date"]
    if fmt == "url" and not value.startswith(("http://", "https://")):
        return [f"{where}: {value!r} is not a URL"]
    if expected is dict:
        return schema_problems(value, schemas, where)
    if expected is list:
        return [
            p
            for k, item in enumerate(value)
            for p in value_problems(item, rule["items"], schemas, f"{where}[{k}]")
        ]
    return []


def test_every_object_matches_the_specifications_schema(client, book):
    if not (SPEC / "HEAD").exists():
        pytest.skip(f"the OParl specification repository is not at {SPEC} (set OPARL_SPEC)")
    schemas = {name: schema(name) for name in TYPES}
    wrong = {
        "id": ROOT,
        "type": "https://schema.oparl.org/1.1/Meeting",
        "start": "2024-05-01 10:00",
        "colour": "red",
    }
    assert len(schema_problems(wrong, schemas, "a wrong meeting")) == 2  # the checker can fail
    problems = []
    for url, data in walk(client).items():
        for obj in data["data"] if is_list(url, data) else [data]:
            problems += schema_problems(obj, schemas, obj["id"])
    assert problems == []


def test_exempt_information_never_appears_anywhere_in_the_api_or_downloads(client, book):
    texts = []
    for data in walk(client).values():
        texts.append(json.dumps(data, ensure_ascii=False))
        for obj in data.get("data", [data]):
            for file_url in (obj.get("accessUrl"), obj.get("downloadUrl")):
                if file_url:
                    response = client.get(file_url[len("http://testserver") :])
                    texts.append(b"".join(response.streaming_content).decode("latin-1"))
    for name in DATASETS:
        for query in ("", f"?body={book.body.slug}"):
            for form in ("csv", "json"):
                response = client.get(f"/api/downloads/{name}.{form}{query}")
                texts.append(b"".join(response.streaming_content).decode())
    assert not [t for t in texts if MARKER.lower() in t.lower()]
    secret = AgendaItem.objects.get(title__contains=MARKER, parent=None)
    shown = get(client, f"/oparl/v1.1/agenda-items/{secret.pk}")
    assert set(shown) == {"id", "type", "meeting", "order", "public", "created", "modified"}
    assert shown["public"] is False
    # An exempt paper, and its file, are told only as deleted (OParl keeps no object it withdraws at a 404).
    for hidden in Paper.objects.filter(title__contains=MARKER):
        for url in [f"/oparl/v1.1/papers/{hidden.pk}", f"/oparl/v1.1/consultations/{hidden.pk}"] + (
            [f"/oparl/v1.1/files/{hidden.document_id}"] if hidden.document_id else []
        ):
            assert set(get(client, url)) == {"id", "type", "created", "modified", "deleted"}, url
        if hidden.document_id:
            assert client.get(f"/oparl/v1.1/files/{hidden.document_id}/download").status_code == 404
    private_pack = Pack.objects.get(meeting=book, private=True)
    assert client.get(f"/oparl/v1.1/files/{private_pack.document_id}").status_code == 404
    assert client.get(f"/oparl/v1.1/files/{private_pack.document_id}/download").status_code == 404


def test_the_marker_check_would_see_an_item_made_public(client, book):
    AgendaItem.objects.filter(title__contains=MARKER).update(exempt=False, exempt_paragraph=None)
    secret = AgendaItem.objects.get(title__contains=MARKER, parent=None)
    assert MARKER in get(client, f"/oparl/v1.1/agenda-items/{secret.pk}")["name"]


def test_filters_limit_lists_and_bad_ones_are_a_400_error_object(client, archive):
    book = archive
    council = Organisation.objects.get(bodies__meetings=book)
    meetings = f"/oparl/v1.1/bodies/{council.pk}/meetings/"
    everything = get(client, meetings)["data"]
    assert everything
    soon = (timezone.now() + datetime.timedelta(days=1)).isoformat(timespec="seconds")
    assert get(client, meetings + "?modified_since=" + soon.replace("+", "%2B"))["data"] == []
    assert get(client, meetings + "?created_until=2000-01-01T00:00:00+00:00")["data"] == []  # unencoded '+'
    assert len(get(client, meetings + "?created_since=2000-01-01T00%3A00%3A00%2B01%3A00")["data"]) == len(
        everything
    )
    locations = f"/oparl/v1.1/bodies/{council.pk}/locations/"
    assert get(client, locations)["data"]
    assert get(client, locations + "?modified_since=" + soon.replace("+", "%2B"))["data"] == []
    assert client.get(locations + "?modified_since=soon").status_code == 400
    for bad in (
        "created_since=yesterday",
        "modified_until=2024-05-01",
        "modified_until=2024-02-30T00:00:00%2B00:00",
        "created_since=0001-01-01T00:00:00%2B01:00",  # before the year 1 in UTC
        "modified_since=9999-12-31T23:59:59-01:00",  # after 9999 in UTC
        "created_since=2024-05-01T10:00:00%2B25:00",
        "elementsPerPage=ten",
        "limit=ten",
        "omit_internal=yes",
        "after=zz",
        "after=m007",
        "after=m99999999999999999999",
        "after=m9999999999999999999",  # beyond the largest id a database keeps
    ):
        response = client.get(f"{meetings}?{bad}")
        assert response.status_code == 400, bad
        assert response["Access-Control-Allow-Origin"] == "*"
        answer = json.loads(response.content)
        assert answer["type"] == "https://schema.oparl.org/1.1/Error" and answer["message"]


def test_unknown_ids_are_a_404_error_object(client, archive):
    for url in ("/oparl/v1.1/meetings/999999", "/oparl/v1.1/people/999999", "/oparl/v1.1/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert json.loads(response.content)["type"] == "https://schema.oparl.org/1.1/Error"


def test_a_deleted_meeting_keeps_its_url_created_and_is_listed(client, archive):
    book = archive
    url = f"/oparl/v1.1/meetings/{book.pk}"
    created = get(client, url)["created"]
    council = book.body.organisation
    for item in book.agenda_items.all():
        item.delete()
    Paper.objects.filter(meeting=book).delete()
    book.delete()
    shown = get(client, url)
    assert shown["deleted"] is True and shown["created"] == created and shown["modified"] >= created
    meetings = f"/oparl/v1.1/bodies/{council.pk}/meetings/"
    # OParl 1.1: deleted objects are listed to a client asking what changed, and only then.
    assert shown in get(client, meetings + CHANGED_SINCE)["data"]
    assert shown not in get(client, meetings)["data"]
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat(timespec="seconds").replace("+", "%2B")
    assert shown not in get(client, f"{meetings}?modified_since={later}")["data"]


@pytest.mark.parametrize("kind", ["agenda-items", "memberships"])
def test_a_deleted_agenda_item_or_membership_keeps_its_url_and_is_listed(client, archive, kind):
    """OParl 1.1 (chapter 2.8): an object once published is never simply gone; it answers ``deleted: true``."""
    council = archive.body.organisation
    if kind == "agenda-items":
        record = archive.agenda_items.filter(parent=None).order_by("order").first()
    else:
        record = Membership.objects.create(person=Person.objects.create(name="Rosa Quint"), body=archive.body)
    url = f"/oparl/v1.1/{kind}/{record.pk}"
    created = get(client, url)["created"]
    record.delete()
    shown = get(client, url)
    assert (
        shown["deleted"] is True
        and shown["created"] == created
        and shown["id"].endswith(url[len("/oparl/v1.1/") :])
    )
    listed = f"/oparl/v1.1/bodies/{council.pk}/{kind}/"
    assert shown in get(client, listed + CHANGED_SINCE)["data"]
    assert shown not in get(client, listed)["data"]


def test_a_deleted_papers_consultation_is_kept_as_deleted_too(client, book):
    paper = Paper.objects.get(title="Annual report")
    pk, council = paper.pk, book.body.organisation
    url = f"/oparl/v1.1/consultations/{pk}"
    created = get(client, url)["created"]
    paper.delete()
    shown = get(client, url)
    assert shown["id"] == f"{ROOT}consultations/{pk}" and shown["deleted"] is True
    assert shown["type"] == "https://schema.oparl.org/1.1/Consultation" and shown["created"] == created
    consultations = f"/oparl/v1.1/bodies/{council.pk}/consultations/"
    assert shown in get(client, consultations + CHANGED_SINCE)["data"]
    assert shown not in get(client, consultations)["data"]
    assert get(client, f"/oparl/v1.1/papers/{pk}")["type"] == "https://schema.oparl.org/1.1/Paper"


def test_limit_and_omit_internal_are_honoured_and_kept_in_the_links(client, archive):
    council = archive.body.organisation
    meetings = f"/oparl/v1.1/bodies/{council.pk}/meetings/"
    everything = get(client, meetings)["data"]
    assert len(everything) > 1 and all("agendaItem" in m for m in everything)
    first = get(client, meetings + "?limit=1&omit_internal=true")
    assert len(first["data"]) == 1 and first["pagination"]["elementsPerPage"] == 1
    assert "agendaItem" not in first["data"][0] and first["data"][0]["id"] == everything[0]["id"]
    following = get(client, first["links"]["next"][len("http://testserver") :])
    assert "limit=1" in first["links"]["next"] and "omit_internal=true" in first["links"]["next"]
    assert [m["id"] for m in following["data"]] == [everything[1]["id"]]
    assert "agendaItem" not in following["data"][0]


def test_an_id_written_with_leading_zeros_is_sent_to_its_one_url(client, archive):
    response = client.get(f"/oparl/v1.1/meetings/00{archive.pk}?limit=3")
    assert response.status_code == 301
    assert response["Location"] == f"/oparl/v1.1/meetings/{archive.pk}?limit=3"
    assert get(client, response["Location"])["id"] == f"{ROOT}meetings/{archive.pk}"


def test_changing_a_decision_changes_the_meeting_and_item_it_appears_in(client, archive):
    book = archive
    resolution = Resolution.objects.filter(minute__meeting=book, minute__agenda_item__isnull=False).first()
    assert resolution is not None
    Meeting.objects.filter(pk=book.pk).update(modified=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    resolution.text = "Amended before approval."
    resolution.save()
    meeting = get(client, f"/oparl/v1.1/meetings/{book.pk}")
    assert meeting["modified"] > "2021"
    item = next(i for i in meeting["agendaItem"] if i["id"].endswith(f"/{resolution.minute.agenda_item_id}"))
    assert "Amended before approval." in item["resolutionText"]


def test_list_pages_cost_the_same_number_of_queries_wherever_they_are(client):
    council = Organisation.objects.create(name="Paging Council")
    board = Body.objects.create(organisation=council, name="Paging Board", slug="paging")
    start = datetime.datetime(2010, 1, 1, 10, tzinfo=datetime.UTC)
    Meeting.objects.bulk_create(
        Meeting(body=board, start=start + datetime.timedelta(days=n), venue=f"Room {n % 3}")
        for n in range(520)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=str(k), title=f"Item {k}", order=k)
        for m in Meeting.objects.all()
        for k in range(1, 4)
    )
    url, pages, seen, counts, texts = f"/oparl/v1.1/bodies/{council.pk}/meetings/", 0, [], [], []

    def sent(execute, sql, params, many, context):
        if not sql.startswith("PREPARE "):  # PostgreSQL prepares each statement once per session
            texts[-1].append(sql)  # as sent, before the parameters are filled in
        return execute(sql, params, many, context)

    while url:
        texts.append([])
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(sent):
            data = get(client, url[len("http://testserver") :] if url.startswith("http") else url)
        pages += 1
        counts.append(sum(1 for query in queries if not query["sql"].startswith("PREPARE ")))
        seen += [m["id"] for m in data["data"]]
        url = data["links"].get("next")
    assert pages == 6 and len(seen) == len(set(seen)) == 520
    assert counts[0] == counts[4], counts
    # The same SQL text on every page after the first, however many meetings it holds (the last one 20): the
    # page's ids are one parameter, so the SQL is compiled once, never built again.
    assert texts[1] == texts[5], set(texts[1]) ^ set(texts[5])
    assert all(len(m["agendaItem"]) == 3 for m in data["data"])


def listed(client, council: Organisation, kind: str) -> set[str]:
    """The ids a council's list gives a client asking what changed (deleted ones included), on every page."""
    url, ids = f"/oparl/v1.1/bodies/{council.pk}/{kind}/{CHANGED_SINCE}", set()
    while url:
        data = get(client, url)
        ids |= {obj["id"] for obj in data["data"]}
        url = data["links"].get("next", "").removeprefix("http://testserver")
    return ids


def test_a_deletion_is_listed_only_under_the_council_it_belonged_to(client, archive):
    """Each council's lists name its own deletions, not every deletion in the book."""
    home = archive.body.organisation
    other, board, meeting = _council_with_a_meeting("Eastmarsh District Council")
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Flood defences", order=1)
    paper = Paper.objects.create(meeting=meeting, agenda_item=item, title="Flood defence options")
    mover = Person.objects.create(name="Ada Fenwick")
    membership = Membership.objects.create(person=mover, body=board)
    both = Person.objects.create(name="Ben Crowther")  # sits in both councils
    Membership.objects.create(person=both, body=board)
    Membership.objects.create(person=both, body=archive.body)
    partner = Organisation.objects.create(name="Eastmarsh Drainage Board")
    Membership.objects.create(person=mover, body=board, organisation=partner)
    deleted = {
        "meetings": f"{ROOT}meetings/{meeting.pk}",
        "agenda-items": f"{ROOT}agenda-items/{item.pk}",
        "papers": f"{ROOT}papers/{paper.pk}",
        "consultations": f"{ROOT}consultations/{paper.pk}",
        "memberships": f"{ROOT}memberships/{membership.pk}",
        "organizations": f"{ROOT}organisations/{partner.pk}",
    }
    membership.delete()
    partner.delete()
    paper.delete()
    item.delete()
    meeting.delete()
    for kind, url in deleted.items():
        assert url in listed(client, other, kind), kind
        assert url not in listed(client, home, kind), kind
        assert get(client, url.removeprefix("http://testserver"))["deleted"] is True
    gone, in_both = f"{ROOT}people/{mover.pk}", f"{ROOT}people/{both.pk}"
    mover.delete()
    both.delete()
    assert gone in listed(client, other, "people") and gone not in listed(client, home, "people")
    assert in_both in listed(client, other, "people") & listed(client, home, "people")


def test_a_deleted_council_answers_deleted_true_and_its_lists_keep_its_deletions(client, archive):
    council, board, meeting = _council_with_a_meeting("Westfold Borough Council")
    url, pk = f"/oparl/v1.1/bodies/{council.pk}", council.pk
    gone_meeting, gone_board = f"{ROOT}meetings/{meeting.pk}", f"{ROOT}committees/{board.pk}"
    created = get(client, url)["created"]
    meeting.delete()
    board.delete()  # its last committee: the council is no longer an OParl Body
    shown = get(client, url)
    assert shown == {
        "id": f"{ROOT}bodies/{pk}",
        "type": "https://schema.oparl.org/1.1/Body",
        "created": created,
        "modified": shown["modified"],
        "deleted": True,
    }
    assert shown["modified"] >= created
    assert shown in get(client, "/oparl/v1.1/bodies/" + CHANGED_SINCE)["data"]
    assert shown not in get(client, "/oparl/v1.1/bodies/")["data"]
    # Its lists: empty, but telling a client that asks what changed what went (OParl 1.1, chapter 2.5).
    meetings = f"{url}/meetings/"
    assert get(client, meetings)["data"] == []
    assert [m["id"] for m in get(client, meetings + CHANGED_SINCE)["data"]] == [gone_meeting]
    assert gone_board in listed(client, council, "organizations")
    assert get(client, f"{url}/locations/")["data"] == []
    council.delete()
    assert get(client, url) == shown
    assert f"{ROOT}organisations/{pk}" in listed(client, Organisation(pk=pk), "organizations")
    for never in ("/oparl/v1.1/bodies/999999", "/oparl/v1.1/bodies/999999/meetings/" + CHANGED_SINCE):
        assert client.get(never).status_code == 404, never


def test_a_council_given_a_committee_again_is_live_and_listed_once(client, archive):
    council, board, meeting = _council_with_a_meeting("Northby Town Council")
    meeting.delete()
    board.delete()
    assert get(client, f"/oparl/v1.1/bodies/{council.pk}")["deleted"] is True
    Body.objects.create(organisation=council, name="Northby Planning Committee")
    shown = get(client, f"/oparl/v1.1/bodies/{council.pk}")
    assert "deleted" not in shown and shown["name"] == "Northby Town Council"
    ids = [b["id"] for b in get(client, "/oparl/v1.1/bodies/" + CHANGED_SINCE)["data"]]
    assert ids.count(shown["id"]) == 1


def test_a_location_is_created_with_its_first_meeting_and_modified_with_its_last_change(client, archive):
    council, board, first = _council_with_a_meeting("Location Test Council")
    Meeting.objects.filter(pk=first.pk).update(venue="Committee Room 2")
    later = Meeting.objects.create(
        body=board, start=first.start + datetime.timedelta(days=30), venue="Committee Room 2"
    )
    Meeting.objects.filter(pk=first.pk).update(
        created=datetime.datetime(2020, 1, 2, 10, 0, 0, tzinfo=datetime.UTC),
        modified=datetime.datetime(2030, 6, 7, 9, 30, 15, tzinfo=datetime.UTC),
    )
    Meeting.objects.filter(pk=later.pk).update(
        created=datetime.datetime(2021, 1, 2, 10, 0, 0, tzinfo=datetime.UTC),
        modified=datetime.datetime(2022, 1, 1, 0, 0, 0, tzinfo=datetime.UTC),
    )
    page = get(client, f"/oparl/v1.1/bodies/{council.pk}/meetings/")
    places = {m["id"]: m["location"] for m in page["data"]}
    embedded = places[f"{ROOT}meetings/{first.pk}"]
    assert embedded == places[f"{ROOT}meetings/{later.pk}"]
    assert (embedded["created"], embedded["modified"]) == (
        "2020-01-02T10:00:00+00:00",
        "2030-06-07T10:30:15+01:00",
    )
    assert get(client, embedded["id"]) | {"meetings": None} == embedded | {"meetings": None}
    (listed,) = get(client, f"/oparl/v1.1/bodies/{council.pk}/locations/")["data"]
    assert (listed["created"], listed["modified"]) == (embedded["created"], embedded["modified"])
