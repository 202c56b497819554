"""The full-text index on whichever database the suite runs on (SQLite FTS5 or PostgreSQL)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from minutebook.governance.models import AgendaItem, Body, Meeting, Minute, Organisation, Resolution
from minutebook.search.index import rebuild
from minutebook.search.models import SearchEntry
from minutebook.search.query import fts5, parse, search, tsquery

pytestmark = pytest.mark.django_db


def test_queries_are_parsed_into_words_phrases_and_prefixes():
    terms = parse('"Better Care Fund" discharg* well-being "" )( discharg*').terms
    assert [(t.words, t.prefix) for t in terms] == [
        (("better", "care", "fund"), False),
        (("discharg",), True),
        (("well", "being"), False),
    ]
    assert fts5(terms) == '"better care fund" AND "discharg"* AND "well being"'
    assert tsquery(terms) == "('better' <-> 'care' <-> 'fund') & 'discharg':* & ('well' <-> 'being')"
    assert fts5(terms, {"discharg": ["discharg", "dischargé"]}) == (
        '"better care fund" AND ("discharg" OR "dischargé") AND "well being"'
    )


@pytest.fixture
def board():
    council = Organisation.objects.create(name="Anytown City Council")
    hwb = Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    scrutiny = Body.objects.create(organisation=council, name="Health Scrutiny Panel", slug="scrutiny")
    for body, year, clause in [
        (hwb, 2019, "The Better Care Fund plan for 2019/20 be approved."),
        (hwb, 2021, "The Better Care Fund discharge grant allocations be supported."),
        (scrutiny, 2021, "Officers report on hospital discharges to the next meeting."),
        (scrutiny, 2022, "The care home fee uplift be <noted> & welcomed."),
    ]:
        meeting = Meeting.objects.create(
            body=body, start=timezone.make_aware(datetime.datetime(year, 3, 1, 14))
        )
        minute = Minute.objects.create(meeting=meeting, number="5", title="Funding")
        Resolution.objects.create(minute=minute, text=clause, order=1)
    return hwb


def test_phrases_prefixes_and_ranking(board):
    phrase = search('"better care fund"')
    assert phrase.total == 2 and {h.kind for h in phrase.hits} == {"resolution"}
    assert all("<mark>" in h.snippet for h in phrase.hits)
    assert search("discharg*").total == 2
    assert search('"fund care"').total == 0
    assert search("discharges").total == 2  # stemmed: discharge, discharges


def test_facets_by_body_year_and_type(board):
    found = search("care")
    assert dict(found.facets["body"])[board.pk] == 2
    assert dict(found.facets["year"]) == {2019: 1, 2021: 1, 2022: 1}
    assert search("care", year=2021).total == 1
    assert search("care", body=board.pk, kind="resolution").total == 2
    assert search("care", kind="paper").total == 0


def test_snippets_are_escaped_before_highlighting(board):
    [hit] = search("uplift").hits
    # PostgreSQL's headline drops what looks like a tag; FTS5 keeps it: escaped, either way never raw.
    assert (
        "<noted>" not in hit.snippet
        and "&amp; welcomed" in hit.snippet
        and "<mark>uplift</mark>" in hit.snippet
    )


def test_the_index_follows_every_edit_and_delete(board):
    resolution = Resolution.objects.get(text__startswith="Officers report")
    resolution.text = "Officers report on stroke services."
    resolution.save()
    assert search("hospital").total == 0 and search("stroke").total == 1
    resolution.delete()
    assert search("stroke").total == 0


def test_exempt_items_and_their_minutes_are_never_indexed(board):
    meeting = board.meetings.first()
    item = AgendaItem.objects.create(
        meeting=meeting, number="9", title="Zebracorn contract award", exempt=True, exempt_paragraph=3
    )
    minute = Minute.objects.create(meeting=meeting, number="9", title="Contract", agenda_item=item)
    Resolution.objects.create(minute=minute, text="The zebracorn tender be accepted.", order=1)
    assert search("zebracorn").total == 0
    item.exempt = False
    item.save()
    assert search("zebracorn").total == 2  # the item and, through it, the resolution
    item.exempt = True
    item.save()
    assert search("zebracorn").total == 0
    rebuild()
    assert search("zebracorn").total == 0
    assert SearchEntry.objects.filter(title__icontains="zebracorn").count() == 0


def test_a_common_word_is_ranked_and_faceted_over_the_newest_matches_only(board, monkeypatch):
    from minutebook.search import query

    monkeypatch.setattr(query, "WINDOW", 2)
    found = search("care", grouped=True)  # three entries say care: the two newest are read
    assert found.windowed and found.total == 3  # more than the window: not counted on
    assert sum(n for _, n in found.facets["kind"]) == 2
    assert dict(found.facets["year"]) == {2021: 1, 2022: 1}
    assert not search("care", year=2019).windowed


def test_a_walked_word_finds_the_same_newest_matches_as_one_read_span_by_span(board, monkeypatch):
    """PostgreSQL: a word walked for (the planner's choice, and ``walks``) is walked newest first; any other is
    read span by span of the newest ids, within each span's blocks of ids or not. Every way, the window, its order
    and its scores are those read from the GIN index all at once (or, on SQLite, from FTS5)."""
    from minutebook.search import query

    meeting = board.meetings.first()
    # Entries a thousand ids apart, across the end of a block of 65,536 ids: a block of the smallest size (4,096
    # ids) holds four of them, so the window is read in more than one span.
    first = 5 * 2**16 - 20_000
    SearchEntry.objects.bulk_create(
        SearchEntry(
            id=first + 1_000 * n,
            kind="minute",
            object_id=10_000 + n,
            body=board,
            date=datetime.date(2023, 1, 1),
            title=f"Item {n}",
            text=("Bandstand repairs: the bandstand." if n % 5 == 0 else "Bandstand.")
            if n % 3
            else "Lighting.",
            url=meeting.get_absolute_url(),
            group=f"minute-{10_000 + n}",
        )
        for n in range(40)
    )
    monkeypatch.setattr(query, "WINDOW", 12)
    monkeypatch.setattr(query, "FIRST_SPAN", 4)
    spans = query.spans  # as if the planner expected every entry to match: the first span is one block
    monkeypatch.setattr(query, "spans", lambda top, found, expected: spans(top, found, top))
    newest = list(
        SearchEntry.objects.filter(text__icontains="bandstand")
        .order_by("-pk")
        .values_list("pk", flat=True)[:13]
    )
    statements = []

    def candidates(walk: bool) -> list:
        statements.clear()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                setting = "off" if walk else "on"  # off: no plan but walking the primary key is left
                for name in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                    cursor.execute(f"SET LOCAL {name} = {setting}")
                cursor.execute(f"SET LOCAL enable_indexscan = {'on' if walk else 'off'}")
            monkeypatch.setattr(query, "walks", lambda expected, top: walk)
            engine = query._engine(parse("bandstand").terms, cursor)
            with connection.execute_wrapper(
                lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)
            ):
                return engine.candidates(cursor, "", [])

    walked = candidates(walk=True)
    assert [c.id for c in walked] == newest  # WINDOW + 1, newest first
    assert len({c.score for c in walked}) == 2  # ranked: the entries saying it twice score better
    if connection.vendor == "postgresql":
        assert not any("e.id + 0 < " in sql for sql in statements)  # walked in one statement
    for span_id_cost, within in [(0, True), (10**9, False)]:  # every span within its blocks, or none
        monkeypatch.setattr(query, "SPAN_ID_COST", span_id_cost)
        assert candidates(walk=False) == walked
        if connection.vendor == "postgresql":
            assert sum("e.id + 0 < " in sql for sql in statements) > 1  # read in more than one span
            assert any("search_blocks" in sql for sql in statements) == within


def test_a_span_is_made_of_the_fewest_blocks_of_ids_and_exactly_of_its_own_ids():
    from minutebook.search.query import BLOCK, BLOCK_SHIFTS, blocks

    def ids(number: int) -> range:  # a block, as search_blocks() numbers it, as the ids it holds
        shift = BLOCK_SHIFTS[number & 3]
        return range((number >> 2) << shift, ((number >> 2) + 1) << shift)

    for low, high in [
        (0, BLOCK),
        (0, 2**24 + 3 * BLOCK),
        (2**16 - BLOCK, 2**20 + BLOCK),
        (7 * BLOCK, 300 * BLOCK),
    ]:
        made = sorted((ids(n) for n in blocks(low, high)), key=lambda r: r.start)
        assert [r.start for r in made] == [low] + [
            r.stop for r in made[:-1]
        ]  # end to end, no gap nor overlap
        assert made[-1].stop == high
        assert len(made) <= 2 * 15 * (len(BLOCK_SHIFTS) - 1) + 2  # at most fifteen of a size each side
    assert [ids(n) for n in blocks(2**20, 2**21)] == [range(2**20, 2**21)]  # one block of a million
    if connection.vendor == "postgresql":  # the index's own function puts an id in those blocks, and no other
        low, high = 2**16 - BLOCK, 2**20 + BLOCK
        with connection.cursor() as cursor:
            for n in [low - 1, low, low + 1, 2**16, 2**20 - 1, 2**20, high - 1, high]:
                cursor.execute("SELECT search_blocks(%s) && %s::bigint[]", [n, blocks(low, high)])
                assert cursor.fetchone()[0] == (low <= n < high), n


def test_a_word_is_walked_for_only_where_walking_costs_less_than_reading_it_span_by_span():
    from minutebook.search.query import walks

    # A word in more than about a tenth of the entries is walked, in a book of any size: one in 40% is found in
    # the newest 2,500 entries; one in 5% would be walked through 20,000, where 1,250 found span by span cost less.
    assert walks(960_000, 2_400_000)
    assert walks(300_000, 2_400_000)
    assert not walks(120_000, 2_400_000)
    assert walks(3_000_000, 24_000_000)
    assert not walks(169_000, 24_000_000)


def test_spans_grow_with_what_the_matches_found_say_is_still_needed(monkeypatch):
    from minutebook.search import query

    def down(n):  # a span's lower bound is the start of a block
        return n // query.BLOCK * query.BLOCK

    monkeypatch.setattr(query, "WINDOW", 100)
    monkeypatch.setattr(query, "FIRST_SPAN", query.BLOCK)
    top = 250 * query.BLOCK - 1  # the newest id; the spans read up to the end of its block
    found: list = []
    read = []
    for low, high, _within in query.spans(top, found, expected=50):  # 50 matches expected in a million ids
        read.append((low, high))
        found += [None] * 10  # ten matches in each span read
    # The first span is every id (the estimate says the window needs more than there are), read at once.
    assert read == [(0, top + 1)]
    found.clear()
    read = [
        (low, high) for low, high, _ in query.spans(top, found, expected=top) if not found.extend([None] * 20)
    ]
    # The estimate (a match an id) gives the first FIRST_SPAN ids; the next spans are as wide as 20 matches a
    # span say: 81 more needed at 20 in 4,095 ids, a quarter over, is 20,732 ids, within 16 times those read.
    first = top + 1 - query.BLOCK
    assert read[:2] == [(first, top + 1), (down(first - 20_732), first)]
    assert all(later[1] == earlier[0] for earlier, later in itertools.pairwise(read))  # end to end
    assert len(found) > 100 and len(read) == 6
    found.clear()
    lows = [low for low, _, _ in query.spans(top, found, expected=top)]  # none found: 16 times more each time
    assert lows == [first, down(first - 16 * (top - first)), 0]  # the third would start below the first id


def test_of_equally_ranked_matches_the_newest_comes_first(board):
    # Two decisions worded alike rank alike: the one indexed last is shown first, on both databases.
    meeting = board.meetings.first()
    minute = Minute.objects.create(meeting=meeting, number="6", title="Parks")
    older = Resolution.objects.create(minute=minute, text="The bandstand repairs be funded.", order=1)
    newer = Resolution.objects.create(minute=minute, text="The bandstand repairs be funded.", order=2)
    found = search("bandstand")
    entries = dict(SearchEntry.objects.filter(kind="resolution").values_list("object_id", "pk"))
    assert entries[newer.pk] > entries[older.pk]
    assert [h.object_id for h in found.hits] == [newer.pk, older.pk]
    grouped = search("bandstand", grouped=True)
    [group] = grouped.groups
    assert [h.object_id for h in group.hits] == [newer.pk, older.pk]
    assert group.body_name == board.name  # read with the entries, for the result's heading


def test_a_better_match_outranks_a_newer_one(board):
    # A word in a title weighs more than in a text, on both databases, however recent the text.
    meeting = board.meetings.first()
    titled = Minute.objects.create(
        meeting=meeting, number="7", title="Bandstand", text="Repairs were discussed."
    )
    minute = Minute.objects.create(meeting=meeting, number="8", title="Parks")
    Resolution.objects.create(minute=minute, text="The bandstand repairs be funded.", order=1)
    found = search("bandstand")
    assert [h.kind for h in found.hits] == ["minute", "resolution"] and found.hits[0].object_id == titled.pk


def test_the_tsvector_is_kept_in_the_row_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no tsvector: its FTS5 index holds the words")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass "
            "AND attname = 'document'"
        )
        assert cursor.fetchone() == ("m",)  # MAIN: in the row, out of it only if the row would not fit a page


def test_a_page_is_pointed_at_its_first_line_with_a_word_starting_as_searched():
    from minutebook.search.query import _matching_line, _stems

    text = "Summary\nThe healthcare plan\nHealth visiting, Care homes\nhealth"
    assert _matching_line(text, _stems(parse("care").terms)) == 2  # not 'healthcare' on line 1
    assert _matching_line(text, _stems(parse("visits homes").terms)) == 2  # the first of either word
    assert _matching_line(text, _stems(parse("dental").terms)) == 0  # none: the page's first line
    assert _matching_line("Éducation\nécole", ["ecol"]) == 1  # compared without diacritics


def test_a_rare_word_is_read_whole_and_a_commoner_one_within_its_spans_blocks():
    from minutebook.search.query import spans

    found: list = []
    # A word in 3,000 of 24 million entries: a window of its matches needs a span of 10 million ids, where
    # stepping through the blocks' lists costs more than fetching the 1,750 matches outside it as well.
    [(low, high, within)] = [
        read for read in spans(24_000_000, found, expected=3_000) if not found.extend([0] * 1_001)
    ]
    assert high - low > 9_000_000 and not within
    found.clear()
    # A word in 300,000 of them: a span of 100,000 ids, within its blocks; the 298,000 matches outside never read.
    [(low, high, within)] = [
        read for read in spans(24_000_000, found, expected=300_000) if not found.extend([0] * 1_001)
    ]
    assert 100_000 < high - low < 110_000 and within
