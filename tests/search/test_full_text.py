"""Full text, people and bodies, grouped results, facets, typo suggestions and lenient queries: on whichever
database the suite runs on."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import AgendaItem, Body, Membership, Organisation, Person
from minutebook.search.index import rebuild
from minutebook.search.models import SearchEntry
from minutebook.search.query import search

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db

# A three-page report: the words searched for are on its second page only.
REPORT = "\n".join(
    [
        "Children's Services Annual Report",
        "Summary of the year for the board.",
        "\f",
        "Partnership working",
        "Schools and police met each term.",
        "Contextual safeguarding reviews began in the spring.",
        "Tobacco sales to children were tested by trading standards.",
        "\f",
        "Next steps",
        "An update will follow next year.",
    ]
)


@pytest.fixture
def board(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council")
    body = Body.objects.create(organisation=council, name="Children's Partnership Board", slug="cpb")
    Body.objects.create(organisation=council, name="Health Scrutiny Committee", slug="hsc")
    chair = Person.objects.create(name="Grace Okafor", honorific="Councillor")
    Membership.objects.create(person=chair, body=body, role="chair")
    meeting = clerking.create_meeting(
        body, timezone.make_aware(datetime.datetime(2024, 3, 12, 14)), "Council Chamber"
    )
    item = clerking.add_item(meeting, "Children's services annual report")
    paper = clerking.attach_paper(
        item,
        pdf_from_text(REPORT),
        "annual-report.pdf",
        title="Annual report of children's services",
        author="Grace Okafor",
        recommendations=["That the board notes the safeguarding reviews."],
    )
    clerking.write_minute(
        meeting,
        "Children's services annual report",
        "The board discussed the safeguarding reviews with the Director.",
        ["The annual report be noted."],
        agenda_item=item,
    )
    return paper


def test_a_paper_is_found_by_its_text_on_the_right_page_and_line(board):
    found = search('"contextual safeguarding"', grouped=True)
    [group] = found.groups
    assert group.key == f"item-{board.agenda_item_id}"
    assert group.heading.endswith("Children's services annual report")
    assert group.body_name == "Children's Partnership Board" and group.first.date == datetime.date(
        2024, 3, 12
    )
    [hit] = group.hits
    assert (hit.kind, hit.page, hit.title) == ("page", 2, "Annual report of children's services")
    assert "<mark>" in hit.snippet
    line = next(ln for ln in board.document.read().lines if "Contextual" in ln.text)
    assert line.page == 2
    assert hit.url == f"/sources/{board.document_id}/?lines={line.number}-{line.number}#L{line.number}"
    assert hit.document_url == f"/documents/{board.document_id}/#page-2"


def test_one_result_per_item_with_its_minute_report_and_pages_under_it(board):
    found = search("safeguarding", grouped=True)
    assert found.total == 3  # the page, the recommendation and the minute: each an entry
    [group] = found.groups
    assert found.group_total == 1 and not group.more
    assert sorted(h.kind for h in group.hits) == ["minute", "page", "recommendation"]
    flat = search("safeguarding")  # as the alerts ask: the entries themselves, ungrouped
    assert len(flat.hits) == 3 and not flat.groups


def test_people_and_bodies_are_results(board):
    [person] = search("Okafor", grouped=True, kind="person").groups
    assert person.heading == "Grace Okafor" and person.url == "/people/grace-okafor/"
    [body] = search("health scrutiny", grouped=True).groups
    assert body.heading == "Health Scrutiny Committee" and body.url == "/bodies/hsc/"


def test_facets_by_body_year_type_and_person(board):
    found = search("annual report", grouped=True)
    assert dict(found.facets["body"])[board.meeting.body_id] >= 3
    assert dict(found.facets["year"])[2024] >= 3
    assert {"page", "paper", "agenda_item"} <= dict(found.facets["kind"]).keys()
    okafor = Person.objects.get(name="Grace Okafor")
    assert dict(found.facets["person"])[okafor.pk] >= 1  # the report's author
    by_person = search("annual report", grouped=True, person=okafor.pk)
    assert by_person.total and all(h.kind in ("paper", "person") for h in by_person.hits)


@pytest.mark.parametrize(
    "typed",
    [
        '"contextual safeguarding',
        'contextual safeguarding"',
        "contextual AND (safeguarding",
        "-contextual +safeguarding",
        "contextual | safeguarding )",
        "NEAR(contextual safeguarding",
    ],
)
def test_unbalanced_quotes_and_stray_operators_are_read_as_words(board, typed, client):
    assert search(typed, grouped=True).group_total >= 1
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 200 and "Annual report of children" in response.content.decode()


@pytest.mark.parametrize(
    "typed, meant",
    [("safegaurding", "safeguarding"), ("tobbaco", "tobacco"), ("contextual safegarding", "safeguarding")],
)
def test_a_misspelt_search_suggests_the_nearest_indexed_word(board, typed, meant, client):
    found = search(typed, suggest=True, grouped=True)
    assert found.suggestion is not None and found.suggestion.words == [meant]
    assert search(found.suggestion.query).total == found.suggestion.total > 0
    page = client.get("/search/", {"q": typed}).content.decode()
    assert f'Did you mean <a href="?q={found.suggestion.query.replace(" ", "+")}">{meant}</a>?' in page
    assert search("safeguarding", suggest=True).suggestion is None  # found plenty: nothing to suggest
    assert search("xylophonically", suggest=True).suggestion is None  # nothing near: nothing suggested


def test_the_document_page_says_what_it_is_and_links_to_its_pages(board, client):
    document = board.document
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "Annual report of children" in page and "Children&#x27;s Partnership Board" in page
    assert "3 pages" in page and f'href="/sources/{document.pk}/?lines=' in page
    assert f'href="/meetings/{board.meeting_id}/#item-{board.agenda_item_id}"' in page
    assert (
        f'href="/documents/{document.pk}/"' in client.get(f"/meetings/{board.meeting_id}/").content.decode()
    )


def test_a_document_leaves_the_index_and_its_page_when_its_item_becomes_exempt(board, client):
    document = board.document
    assert search("tobacco").total == 1
    clerking.mark_exempt(board.agenda_item, 3, "Information about individuals")
    assert search("tobacco").total == 0
    assert not SearchEntry.objects.filter(kind="page", object_id=document.pk).exists()
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    item = AgendaItem.objects.get(pk=board.agenda_item_id)
    item.exempt, item.exempt_paragraph = False, None
    item.save()
    assert search("tobacco").total == 1
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_an_exempt_paper_is_never_indexed(board):
    clerking.attach_paper(
        board.agenda_item,
        pdf_from_text("Bidders\nPelican Facilities tendered lowest\n"),
        "bids.pdf",
        title="Tender scores",
        exempt=True,
    )
    assert search("pelican").total == 0
    assert rebuild() and search("pelican").total == 0 and search("tobacco").total == 1


def test_an_imported_pack_is_indexed_page_by_page(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(FIXTURES / "panel_pack.txt").status == "imported"
    pages = SearchEntry.objects.filter(kind="page")
    assert pages.count() >= 2
    entry = pages.order_by("page").last()
    word = max(entry.text.split(), key=len).strip(".,;:()").lower()
    assert any(h.page == entry.page for h in search(word).hits)
    assert rebuild() >= pages.count()  # and reindex finds them again


def test_an_imports_pages_are_indexed_in_its_own_transaction_and_go_with_it(tmp_path, settings, monkeypatch):
    """The pages are written with the records, not after the commit: a worker stopped between the two would
    leave a document nobody can find by its words; and a failed import leaves no page behind."""
    import contextlib

    from minutebook.governance import audit
    from minutebook.governance.models import SourceDocument

    settings.MINUTEBOOK_FILES = tmp_path / "files"
    pack = tmp_path / "minutes.pdf"
    minutes = (FIXTURES / "county_minutes.txt").read_text(encoding="utf-8")
    pack.write_bytes(pdf_from_text(minutes))
    # Inside the test's transaction nothing ever commits, so nothing left for a commit runs.
    assert import_file(pack).status == "imported"
    source = SourceDocument.objects.get()
    assert SearchEntry.objects.filter(kind="page", object_id=source.pk).count() >= 1
    pages = SearchEntry.objects.filter(kind="page").count()

    real = audit.batch

    @contextlib.contextmanager
    def failing_at_the_end():
        with real():
            yield
        raise RuntimeError("the disk filled up as the audit trail was written")

    monkeypatch.setattr(audit, "batch", failing_at_the_end)  # the last thing the import's transaction does
    later = tmp_path / "later.pdf"  # another document: other bytes
    later.write_bytes(pdf_from_text(minutes + "\nSigned by the Chair as a correct record.\n"))
    outcome = import_file(later)
    assert outcome.status == "failed" and "disk filled up" in outcome.message
    assert list(SourceDocument.objects.all()) == [source]
    assert SearchEntry.objects.filter(kind="page").count() == pages


def test_a_result_is_dated_by_the_councils_own_day_whether_indexed_on_saving_or_rebuilt(board):
    # 00:30 on 2 June, British Summer Time: still 1 June in UTC.
    body = Body.objects.get(slug="hsc")
    late = clerking.create_meeting(body, timezone.make_aware(datetime.datetime(2024, 6, 2, 0, 30)), "Town Hall")
    clerking.add_item(late, "Quarterly dental access review")

    def dated() -> set:
        return set(SearchEntry.objects.filter(body=body, kind="agenda_item").values_list("date", flat=True))

    assert dated() == {datetime.date(2024, 6, 2)}
    rebuild()
    assert dated() == {datetime.date(2024, 6, 2)}
