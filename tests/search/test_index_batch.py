"""Indexing a batch of records asks the database once per batch, and writes what record-by-record indexing
would: the same entries, the same exempt records left out, the same people named."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.governance import models as gov
from minutebook.search.index import RELATED, Known, entry_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    council = gov.Organisation.objects.create(
        name="Lowmarsh Borough Council", kind=gov.Organisation.Kind.COUNCIL
    )
    board = gov.Body.objects.create(organisation=council, name="Lowmarsh Health Scrutiny Panel", slug="panel")
    gov.Person.objects.create(name="Asha Patel")
    twins = [gov.Person.objects.create(name="Sam Lee"), gov.Person.objects.create(name="sam lee")]
    meeting = gov.Meeting.objects.create(body=board, start=timezone.now())
    items = [
        gov.AgendaItem.objects.create(
            meeting=meeting, number="1", title="Dementia care", presenter="Asha Patel, Director", order=100
        ),
        gov.AgendaItem.objects.create(
            meeting=meeting, number="2", title="Falls", presenter="Sam Lee", order=200
        ),
        gov.AgendaItem.objects.create(
            meeting=meeting, number="3", title="Contract award", order=300, exempt=True, exempt_paragraph=3
        ),
    ]
    gov.AgendaItem.objects.create(
        meeting=meeting, number="3", sub_label="a", parent=items[2], title="Bids received", order=301
    )
    minutes = [
        gov.Minute.objects.create(meeting=meeting, number="10", title="Dementia care", agenda_item=items[0]),
        gov.Minute.objects.create(meeting=meeting, number="11", title="Contract", agenda_item=items[2]),
    ]
    for minute in minutes:
        resolution = gov.Resolution.objects.create(minute=minute, order=1, text="The report be noted.")
        gov.Action.objects.create(
            body=board,
            resolution=resolution,
            description="Report back",
            owner_person=gov.Person.objects.first(),
        )
    gov.Paper.objects.create(
        meeting=meeting, agenda_item=items[0], title="Dementia strategy", author="ASHA PATEL"
    )
    gov.Paper.objects.create(
        meeting=meeting, agenda_item=items[2], title="Tender scores", author="Asha Patel"
    )
    return twins


@pytest.mark.parametrize(
    "model", [gov.AgendaItem, gov.Minute, gov.Resolution, gov.Paper, gov.Person, gov.Body]
)
def test_a_batch_indexes_as_record_by_record_would(book, model):
    records = list(model.objects.select_related(*RELATED.get(model, ())).order_by("pk"))
    one_by_one = [entry_for(r) for r in records]
    with CaptureQueriesContext(connection) as asked:
        known = Known(model, records)
        batched = [entry_for(r, known) for r in records]
    assert batched == one_by_one
    assert len(asked) <= 3 or model in (gov.Person, gov.Body)  # people and bodies read their own lists
    if model is gov.AgendaItem:
        assert [e and e["person_id"] for e in batched] == [
            gov.Person.objects.get(name="Asha Patel").pk,
            None,  # two people are called Sam Lee: nobody is named for sure
            None,  # exempt
            None,  # under an exempt item
        ]
    if model is gov.Paper:
        assert batched[0]["person_id"] == gov.Person.objects.get(name="Asha Patel").pk and batched[1] is None


@pytest.mark.parametrize(
    "model", [gov.AgendaItem, gov.Minute, gov.Resolution, gov.Paper, gov.Recommendation, gov.SourceDocument]
)
def test_which_records_are_public_is_asked_as_the_visibility_rule_says_for_any_number_of_them(book, model):
    """The SQL written once per process for a lot of keys answers as the rule does for every count of keys (the
    lot's empty places stood in for by its last key), with repeated keys and keys of no record."""
    from minutebook.governance import visibility
    from minutebook.search.index import public_among

    meeting = gov.Meeting.objects.get()
    document = gov.SourceDocument.objects.create(name="pack.pdf", sha256="d" * 64, size=1, stored_as="x")
    gov.SourceDocument.objects.create(name="open.pdf", sha256="e" * 64, size=1, stored_as="y")
    gov.Minute.objects.filter(number="11").update(
        source=document
    )  # an exempt item's minute read from the pack
    paper = gov.Paper.objects.get(title="Tender scores")
    gov.Recommendation.objects.create(paper=paper, order=1, text="Award the contract")
    gov.Recommendation.objects.create(
        paper=gov.Paper.objects.get(title="Dementia strategy"), order=1, text="Agree"
    )
    assert meeting and model.objects.exists()
    rule = visibility.public_documents() if model is gov.SourceDocument else visibility.public(model)
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    expected_all = set(rule.values_list("pk", flat=True))
    assert expected_all and expected_all != set(pks)  # some of each kind private, so the rule is tested
    for count in range(1, len(pks) + 1):
        asked = pks[:count] + pks[:1] + [10**9]  # a key twice, and one of no record
        assert public_among(model, asked) == expected_all & set(asked)
    assert public_among(model, []) == set()


def test_writing_a_batch_takes_out_exactly_the_entries_of_the_records_it_names(book):
    """A record of one kind and a record of another with the same key are different entries: replacing one
    leaves the other, and a document's pages go with the document."""
    from minutebook.search.index import _replace
    from minutebook.search.models import SearchEntry

    Kind = SearchEntry.Kind
    SearchEntry.objects.all().delete()
    made = [
        SearchEntry(kind=kind, object_id=key, page=page, title=f"{kind} {key}", url="/x")
        for kind, key, page in [
            (Kind.MINUTE, 7, 0),
            (Kind.RESOLUTION, 7, 0),
            (Kind.MINUTE, 8, 0),
            (Kind.PAGE, 7, 1),
            (Kind.PAGE, 7, 2),
            (Kind.PAGE, 9, 1),
        ]
    ]
    SearchEntry.objects.bulk_create(made)
    _replace(
        [(Kind.MINUTE, [7]), (Kind.PAGE, [7, 10])], [SearchEntry(kind=Kind.MINUTE, object_id=7, title="new")]
    )
    left = set(SearchEntry.objects.values_list("kind", "object_id", "page", "title"))
    assert left == {
        (Kind.MINUTE, 7, 0, "new"),
        (Kind.RESOLUTION, 7, 0, "resolution 7"),
        (Kind.MINUTE, 8, 0, "minute 8"),
        (Kind.PAGE, 9, 1, "page 9"),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u2028_-'.,()0123456789²½"),
            st.characters(categories=["L", "M", "N", "P", "Z"]),
        )
    )
)
def test_the_vocabulary_finds_the_words_the_search_pattern_finds(text):
    """``words_of`` splits at white space before matching: whatever the text (digits, marks, underscores,
    every kind of space), the words are those the pattern finds over the whole text."""
    from minutebook.search.index import words_of
    from minutebook.search.query import WORD

    assert words_of(text) == set(WORD.findall(text))
    assert words_of(text.lower()) == set(WORD.findall(text.lower()))


def test_the_meetings_a_documents_pages_belong_to_are_those_one_query_with_or_found():
    """``_cited_meetings`` asks two statements, each by its own index, where one statement joined them by OR and
    read every meeting in the book: the same meetings, each once, the latest first."""
    from datetime import timedelta

    from django.db.models import Q

    from minutebook.search.index import _cited_meetings

    council = gov.Organisation.objects.create(name="Lowmarsh Borough Council")
    board = gov.Body.objects.create(organisation=council, name="Panel", slug="panel")
    sources = [
        gov.SourceDocument.objects.create(name=f"pack{n}.pdf", sha256=f"{n:064x}", size=1, stored_as=f"{n}")
        for n in range(4)
    ]
    now = timezone.now()
    # read from pack 0; from pack 1 with its items read from pack 2; with its items read from pack 0 (both ways);
    # from pack 3, which is not asked about
    meetings = [
        gov.Meeting.objects.create(body=board, start=now - timedelta(days=d), source=sources[s])
        for d, s in ((3, 0), (1, 1), (2, 0), (5, 3))
    ]
    gov.AgendaItem.objects.create(meeting=meetings[1], number="1", title="Falls", source=sources[2])
    gov.AgendaItem.objects.create(meeting=meetings[2], number="1", title="Dementia", source=sources[0])
    asked = [sources[0].pk, sources[2].pk]
    one_query = (
        gov.Meeting.objects.filter(
            Q(source__in=asked) | Q(pk__in=gov.AgendaItem.objects.filter(source__in=asked).values("meeting"))
        )
        .order_by("-start")
        .values_list("source_id", "pk", "body_id", "start")
    )
    assert [tuple(row) for row in _cited_meetings(asked)] == list(one_query)
    assert [row[1] for row in _cited_meetings(asked)] == [meetings[1].pk, meetings[2].pk, meetings[0].pk]
