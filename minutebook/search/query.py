"""Searching the index: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The query language is what people type: words (all must match), "quoted
phrases", and prefixes (``discharg*``). It is parsed here and written out
in each engine's own syntax, every word quoted as that engine's string, so
nothing a user types reaches the engine unescaped.

The search is public, so what one query may cost is bounded: its length,
its number of terms, the words a prefix expands to, and its time.

Whatever is typed is read as words: an unclosed quote, a bracket, AND, OR or a
stray minus is never an error. A search that finds little is offered the
nearest words of the index's own vocabulary (``SearchWord``), tried first so a
suggestion always finds something.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from django.db import OperationalError, connection, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.html import escape
from rapidfuzz import fuzz, process

from .models import SearchEntry

TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
WORD = re.compile(r"[^\W_]+")  # letters and digits: what both engines' tokenizers keep of a word
BRACKETS = re.compile(r"[()\[\]{}|+&^~<>=!;:,]")
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
START, STOP = "\x02", "\x03"  # snippet markers, turned into <mark> after escaping

MAX_LENGTH = 500  # characters of a query searched; the rest is dropped, with a note
MAX_TERMS = 32  # distinct words, phrases and prefixes searched; the rest are dropped, with a note
EXPANSIONS = 30  # the commonest indexed words a prefix is searched as, at most (SQLite)
TIME_LIMIT = 2.0  # seconds a search may run before the database stops it


class SearchTimeout(Exception):
    """The database stopped a search that ran past TIME_LIMIT."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.words)
        return f"{text}*" if self.prefix else f'"{text}"' if len(self.words) > 1 else text


@dataclass(frozen=True)
class Parsed:
    terms: tuple[Term, ...]
    notes: tuple[str, ...] = ()


def parse(query: str) -> Parsed:
    """The distinct terms of a query, cut to MAX_LENGTH characters and MAX_TERMS terms, with a note of any cut:
    all terms must match, so a term repeated adds nothing but work."""
    query = query or ""
    notes = []
    if len(query) > MAX_LENGTH:
        query = query[:MAX_LENGTH]
        notes.append(f"Your search was long: only its first {MAX_LENGTH} characters were searched.")
    terms: dict[Term, None] = {}
    # Operators people know from other search boxes: all words must match here anyway, so they are dropped
    # when there are words beside them; brackets and the like separate words rather than join them.
    query = BRACKETS.sub(" ", query)
    if any(w not in OPERATORS for w in query.split()):
        query = " ".join(w for w in query.split(" ") if w not in OPERATORS)
    for m in TOKEN.finditer(query):
        if m.group("phrase") is not None:
            words = tuple(w.lower() for w in WORD.findall(m.group("phrase")))
            if words:
                terms[Term(words)] = None
        else:
            raw = m.group("word")
            words = tuple(w.lower() for w in WORD.findall(raw))
            if not words:
                continue
            if len(words) > 1:
                terms[Term(words)] = None  # "well-being" is a phrase of its parts
            else:
                terms[Term(words, prefix=raw.endswith("*"))] = None
    if len(terms) > MAX_TERMS:
        notes.append(f"Your search had {len(terms)} terms: only the first {MAX_TERMS} were searched.")
    return Parsed(tuple(terms)[:MAX_TERMS], tuple(notes))


def _string(words) -> str:
    """An FTS5 string: double quotes around, any inside doubled."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5(terms, expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 expression: every term a quoted string, and a prefix with known expansions an OR of the
    indexed words it starts, in brackets; terms joined by an explicit AND (FTS5 does not accept a bracket
    beside a string without one)."""
    parts = []
    for t in terms:
        words = (expansions or {}).get(t.words[0]) if t.prefix else None
        if words:
            alternatives = " OR ".join(_string([w]) for w in words)
            parts.append(f"({alternatives})" if len(words) > 1 else alternatives)
        else:
            parts.append(_string(t.words) + ("*" if t.prefix else ""))
    return " AND ".join(parts)


def _lexeme(word: str) -> str:
    """A to_tsquery operand: single quotes around, any quote or backslash inside doubled or escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms) -> str:
    parts = []
    for t in terms:
        if len(t.words) > 1:
            parts.append("(" + " <-> ".join(_lexeme(w) for w in t.words) + ")")
        else:
            parts.append(_lexeme(t.words[0]) + (":*" if t.prefix else ""))
    return " & ".join(parts)


# PostgreSQL settings for a search's statements besides its time limit. Each statement reads a bounded part of the
# index, but the planner's estimates for a span's blocks can be far off (a hundred times the matches): past its
# cost thresholds it compiled a statement (JIT, ~55 ms) and started two parallel workers (~150 ms) for one that
# ran in 10 ms.
SEARCH_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


@contextlib.contextmanager
def time_limit(seconds: float):
    """Stop any query run inside the block once ``seconds`` have passed, raising SearchTimeout.

    SQLite: a progress handler on the connection, for the block only; the queries stay in autocommit, so a
    search only ever reads and never holds a write lock. PostgreSQL: ``statement_timeout`` (and SEARCH_SETTINGS)
    set local to a transaction around the block (restored after when that transaction is a savepoint; a
    transaction of its own takes the settings with it when it ends, so a search on its own costs one statement for
    them)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        settings = {"statement_timeout": f"{max(1, round(seconds * 1000))}ms", **SEARCH_SETTINGS}
        current = ", ".join(["current_setting(%s)"] * len(settings))
        given = ", ".join(["set_config(%s, %s, true)"] * len(settings))
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {current}, {given}",
                        [*settings, *[v for pair in settings.items() for v in pair]],
                    )
                    previous = cursor.fetchone()[: len(settings)]
                yield
                if nested:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"SELECT {given}",
                            [v for pair in zip(settings, previous, strict=True) for v in pair],
                        )
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise SearchTimeout from exc
            raise
        return
    deadline = time.monotonic() + seconds
    expired = []

    def progress() -> int:
        if time.monotonic() > deadline:
            expired.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    raw = connection.connection
    raw.set_progress_handler(progress, 1000)
    try:
        yield
    except OperationalError as exc:
        if expired:
            raise SearchTimeout from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


@dataclass
class Hit:
    kind: str
    object_id: int
    body_id: int | None
    date: datetime.date | None
    title: str
    url: str
    snippet: str
    group: str = ""
    page: int = 0  # a page of a document: object_id is the document
    body_name: str = ""

    @property
    def kind_label(self) -> str:
        return SearchEntry.Kind(self.kind).label

    @property
    def document_url(self) -> str:
        return reverse("document", args=[self.object_id]) + f"#page-{self.page}" if self.page else ""


@dataclass
class Group:
    """One result as a reader wants it: an agenda item (or a person, a body, a document) with its matching
    minute, decision, report and pages under it."""

    key: str
    hits: list[Hit] = field(default_factory=list)
    heading: str = ""
    url: str = ""
    body_name: str = ""
    more: bool = False  # more of its records matched than are shown under it

    @property
    def first(self) -> Hit:
        return self.hits[0]


@dataclass
class Suggestion:
    query: str  # the whole search with the nearest words put in
    words: list[str]  # the words put in, to show
    total: int  # the entries it finds, counted up to COUNT_LIMIT

    @property
    def more(self) -> bool:
        """It finds COUNT_LIMIT entries or more (counting stopped there)."""
        return self.total >= COUNT_LIMIT


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # the matches; WINDOW + 1 when there are more than WINDOW (``windowed``)
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    windowed: bool = False  # ranked and faceted over the most recent WINDOW matches only
    notes: list[str] = field(default_factory=list)  # what of the query was cut, to say so on the page
    timed_out: bool = False  # stopped at TIME_LIMIT: no results, and the page asks for a narrower search
    groups: list[Group] = field(default_factory=list)  # with grouped=True: the hits, one result per item
    group_total: int = 0  # how many groups matched (within the window, when windowed)
    suggestion: Suggestion | None = None


def _filters(
    body: int | None, year: int | None, kind: str | None, person: int | None = None
) -> tuple[str, list]:
    sql, params = [], []
    if person:
        sql.append("e.person_id = %s")
        params.append(person)
    if body:
        sql.append("e.body_id = %s")
        params.append(body)
    if year:
        sql.append("e.date >= %s AND e.date < %s")
        params += [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
    if kind:
        sql.append("e.kind = %s")
        params.append(kind)
    return "".join(f" AND {s}" for s in sql), params


# Ranking every match of a very common word costs time in proportion to the matches. Past this many, only
# the most recently indexed WINDOW matches are ranked, grouped and counted into facets (``windowed``), and the
# total is WINDOW + 1. A suggestion's matches are counted up to COUNT_LIMIT.
WINDOW = 1000
COUNT_LIMIT = 1000


def search(
    query: str,
    *,
    body: int | None = None,
    year: int | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    person: int | None = None,
    grouped: bool = False,
    suggest: bool = False,
    ids: tuple[int, int] | None = None,
) -> Results:
    """Search the index. ``grouped``: ``limit`` and ``offset`` count groups (one per agenda item), shown in
    ``groups``; ``suggest``: when little is found, offer the nearest indexed words; ``ids``: only the entries
    with an id from the first up to (not including) the second, what was indexed between two moments (the
    alerts ask for what is new without reading every older match)."""
    parsed = parse(query)
    results = Results(query=query, notes=list(parsed.notes))
    if not parsed.terms:
        return results
    try:
        with time_limit(TIME_LIMIT):
            _find(results, parsed.terms, body, year, kind, person, limit, offset, facets, grouped, ids)
            if suggest and results.total < FEW:
                results.suggestion = _suggest(parsed.terms, results.total)
    except SearchTimeout:
        return Results(query=query, notes=list(parsed.notes), timed_out=True)
    return results


FEW = 3  # a search finding fewer entries than this is offered a suggestion
PER_GROUP = 4  # matching records shown under one result


def _engine(terms, cursor) -> Engine:
    return Postgres(terms) if connection.vendor == "postgresql" else SQLite(terms, cursor)


def _find(results: Results, terms, body, year, kind, person, limit, offset, facets, grouped, span) -> None:
    """Rank, group and facet the candidates: the most recent WINDOW matches, read once (see Engine.candidates)."""
    where, params = _filters(body, year, kind, person)
    with connection.cursor() as cursor:
        engine = _engine(terms, cursor)
        if span:  # on the engine's own id column: SQLite's FTS5 then reads only that span of its index
            column = engine.order  # the id column the engine walks newest first
            where, params = f"{where} AND {column} >= %s AND {column} < %s", [*params, *span]
        results.notes += engine.notes
        found = engine.candidates(cursor, where, params)
        # WINDOW + 1 stands for "more than WINDOW": counting on costs as much again
        results.total = len(found)
        results.windowed = len(found) > WINDOW
        found = found[:WINDOW]
        if not found:
            return
        if grouped:
            ids = _grouped(results, found, limit, offset)
        else:
            ids = [c.id for c in sorted(found, key=_rank)[offset : offset + limit]]
        rows = {row[0]: row for row in engine.details(cursor, ids, _stems(terms))} if ids else {}
        for pk in ids:
            _, kind_, object_id, body_id, date, title, url, snippet, group, page, line, body_name = rows[pk]
            if isinstance(date, str):
                date = datetime.date.fromisoformat(date)
            if page:  # at the first line of the page holding a searched word (Engine.details)
                url = f"{url.split('?')[0]}?lines={line}-{line}#L{line}"
            snippet = _highlight(snippet or "")
            results.hits.append(
                Hit(kind_, object_id, body_id, date, title, url, snippet, group, page, body_name or "")
            )
        if grouped:
            _fill_groups(results)
        if facets:
            results.facets = _facets(found)


class Candidate(NamedTuple):
    """A match as ranking, grouping and facets need it: no text, so reading WINDOW of them stays cheap."""

    id: int
    group: str
    score: float  # lower is better
    body_id: int | None
    year: int | None
    kind: str
    person_id: int | None


# Best first, and of equal scores the newest first: the candidates come newest first and sorting keeps the order
# of equals, so the score alone is the key (read in C, not by a Python function per candidate).
_rank = attrgetter("score")


def _facets(found: list[Candidate]) -> dict[str, list[tuple]]:
    """Counts by body, year, type and person over the candidates (all the matches unless ``windowed``)."""
    columns = dict(zip(Candidate._fields, zip(*found, strict=True), strict=True))
    counts = {name: Counter(columns[field]) for name, field in FACETS.items()}
    return {name: [(v, n) for v, n in c.most_common(30) if v is not None] for name, c in counts.items()}


FACETS = {"body": "body_id", "year": "year", "kind": "kind", "person": "person_id"}


def _grouped(results: Results, found: list[Candidate], limit, offset) -> list[int]:
    """The ids of the best PER_GROUP matches of each of the best groups, group by group; counts the groups.

    Grouped here, over the candidates: SQLite's bm25() cannot be aggregated in SQL, and sorting a few thousand
    (score, id) pairs costs a millisecond or two."""
    members: dict[str, list[Candidate]] = {}
    for candidate in sorted(found, key=_rank):
        members.setdefault(candidate.group, []).append(candidate)
    ranked = list(members)  # in the order of each group's best match
    results.group_total = len(ranked)
    keys = ranked[offset : offset + limit]
    results.groups = [Group(key, more=len(members[key]) > PER_GROUP) for key in keys]
    return [c.id for key in keys for c in members[key][:PER_GROUP]]


def _fill_groups(results: Results) -> None:
    """Put each group's hits under it, with its heading: an agenda item's own title, or its best hit's."""
    from minutebook.governance.models import AgendaItem

    by_group: dict[str, list[Hit]] = {}
    for hit in results.hits:
        by_group.setdefault(hit.group, []).append(hit)
    item_ids = [int(g.key[5:]) for g in results.groups if g.key.startswith("item-")]
    items = (
        {i.pk: i for i in AgendaItem.objects.filter(pk__in=item_ids).select_related("meeting")}
        if item_ids
        else {}
    )
    for group in results.groups:
        group.hits = by_group.get(group.key, [])
        first = group.first
        item = items.get(int(group.key[5:])) if group.key.startswith("item-") else None
        if item is not None:
            number = f"{item.number}. " if item.number else ""
            group.heading = f"{number}{item.title}"
            group.url = f"{item.meeting.get_absolute_url()}#item-{item.pk}"
        else:
            group.heading, group.url = first.title, first.url
            if first.page:
                group.url = first.document_url
        group.body_name = first.body_name


def _stems(terms) -> list[str]:
    """The searched words cut to about their stems: what a line's words are compared with, without the engine."""
    return [w[: max(4, len(w) - 3)] for t in terms for w in t.words]


def _matching_line(text: str, stems: list[str]) -> int:
    """The index of the first line holding a word that starts with one of the stems, 0 when none does.

    Found with str.find, stem by stem, each occurrence kept only at the start of a word (after no letter or
    digit): a regular expression with a look-behind took as long as the rest of the search's Python work."""
    text = _folded(text)  # folding keeps every line break, so lines are counted as written
    first = len(text)
    for stem in stems:
        end = first + len(stem) - 1  # an occurrence starting before the first found so far
        at = text.find(stem, 0, end)
        while at > 0 and text[at - 1].isalnum():
            at = text.find(stem, at + 1, end)
        if at != -1:
            first = at
    return text.count("\n", 0, first) if first < len(text) else 0


EXCERPT = 600  # characters: a longer text (a page) is headlined from the lines around its first match


def _excerpt(text: str, first: int) -> str:
    """The part of a long text a snippet is made from, from its ``first`` matching line: PostgreSQL's headline
    parses all it is given, and a whole page for each of a result page's hits cost more than the search."""
    if len(text) <= EXCERPT:
        return text
    return "\n".join(text.split("\n")[first : first + 2])


def _suggest(terms, total: int) -> Suggestion | None:
    """The search again with each word the vocabulary lacks replaced by the nearest word it has, when that
    finds more; ``None`` when no such search does."""
    from .models import SearchWord

    replaced, changed = [], []
    for t in terms:
        if t.prefix or any(not w.isalpha() or len(w) < 3 for w in t.words):
            replaced.append([t])
            continue
        known = set(SearchWord.objects.filter(word__in=t.words).values_list("word", flat=True))
        options = [t]
        for position, word in enumerate(t.words):
            if word in known:
                continue
            for near in _nearest(word):
                words = list(t.words)
                words[position] = near
                options.append(Term(tuple(words)))
        replaced.append(options)
        changed.append(len(options) > 1)
    if not any(changed):
        return None
    best = None
    with connection.cursor() as cursor:
        # One word at a time, the nearest first: few combinations, each a count on the index.
        chosen = [options[0] for options in replaced]
        for position, options in enumerate(replaced):
            for option in options[1:]:
                trial = [*chosen[:position], option, *chosen[position + 1 :]]
                count = _engine(trial, cursor).count(cursor, "", [])
                if count > (best or total):
                    chosen, best = trial, count
                    break
    if best is None:
        return None
    words = [w for t, original in zip(chosen, terms, strict=True) if t != original for w in t.words]
    return Suggestion(" ".join(str(t) for t in chosen), words, best)


def _nearest(word: str, limit: int = 3) -> list[str]:
    """The indexed words nearest to ``word``: those with its first letter and about its length, by edit
    similarity. Reading only those keeps it to a few thousand candidates in a vocabulary of any size."""
    from .models import SearchWord

    candidates = (
        SearchWord.objects.filter(word__gte=word[0], word__lt=chr(ord(word[0]) + 1))
        .annotate(letters=Length("word"))
        .filter(letters__range=(len(word) - 2, len(word) + 2))
        .values_list("word", flat=True)
    )
    found = process.extract(word, list(candidates), scorer=fuzz.ratio, limit=limit, score_cutoff=70)
    return [near for near, _score, _ in found if near != word]


class Engine:
    """What both databases do alike; each subclass says how it matches, ranks and makes snippets."""

    score = ""  # a number per match, lower is better, with score_params
    score_params: list = []
    year = ""  # the year of e.date, as an integer
    order = "e.id"  # newest first, by this column (the id of the entry: a span of ids bounds it)
    tables = ""  # what is read: the entries as ``e``
    match = ""  # the condition an entry matches on, with its parameters in match_params
    match_params: list = []
    notes: list[str] = []  # what the engine cut of the query (a prefix's expansion)

    @property
    def source(self) -> str:
        return f" FROM {self.tables} WHERE {self.match}"

    def candidates(self, cursor, where, params) -> list[Candidate]:
        """The most recently indexed WINDOW + 1 matches, newest first, scored: ranking reads no more than these,
        however many match, and the scores are worked out for these rows only."""
        cursor.execute(
            f'SELECT e.id, e."group", {self.score}, e.body_id, {self.year}, e.kind, e.person_id'
            f"{self.source}{where} ORDER BY {self.order} DESC LIMIT %s",
            [*self.score_params, *self.match_params, *params, WINDOW + 1],
        )
        return list(map(Candidate._make, cursor.fetchall()))

    def details(self, cursor, ids: list[int], stems: list[str]) -> list[tuple]:
        """The shown entries, one query with their bodies' names: (id, kind, object_id, body_id, date, title, url,
        snippet, group, page, line, body name). A page's line is the first of its lines holding a searched word, not
        the page's first line; its text, read here, is searched for it once (and cut there for a snippet)."""
        shown, shown_params = self.shown(ids)
        cursor.execute(
            f'SELECT e.id, e.kind, e.object_id, e.body_id, e.date, e.title, e.url, {self.snippet}, e."group", '
            f"e.page, e.line, e.text, b.name FROM {self.tables} LEFT JOIN governance_body b ON b.id = e.body_id "
            f"WHERE {shown}",
            shown_params,
        )
        rows = cursor.fetchall()
        firsts = [_matching_line(row[11], stems) if row[9] or len(row[11]) > EXCERPT else 0 for row in rows]
        snippets = self.snippets(cursor, rows, firsts)
        return [
            (*row[:7], snippet, row[8], row[9], row[10] + first, row[12])
            for row, first, snippet in zip(rows, firsts, snippets, strict=True)
        ]

    def shown(self, ids: list[int]) -> tuple[str, list]:
        """The condition details reads the shown entries by, and its parameters: their ids, and the match, which
        FTS5's snippet function reads its positions from."""
        marks = ", ".join(["%s"] * len(ids))
        return f"{self.match} AND {self.order} IN ({marks})", [*self.match_params, *ids]

    snippet = "NULL"  # the snippet column of details, if the engine makes it there, else ``snippets`` does

    def snippets(self, cursor, rows, firsts) -> list[str]:
        return [row[7] for row in rows]

    def count(self, cursor, where, params) -> int:
        """How many entries match, counted up to COUNT_LIMIT: a common word's exact count costs in proportion
        to its matches, and nothing shown needs it past that."""
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1{self.source}{where} LIMIT %s) AS matches",
            [*self.match_params, *params, COUNT_LIMIT],
        )
        return cursor.fetchone()[0]


class SQLite(Engine):
    """FTS5: the ``search_fts`` table, kept in step with ``search_searchentry`` by triggers."""

    # FTS5 walks its matches newest first itself for ORDER BY rowid DESC, and stops at the LIMIT: no sort.
    order = "search_fts.rowid"
    tables = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
    match = "search_fts MATCH %s"
    score = "bm25(search_fts, 4.0, 1.0)"
    year = "CAST(substr(e.date, 1, 4) AS integer)"

    def __init__(self, terms, cursor):
        self.notes = []
        self.match_params = [fts5(terms, self.expand(cursor, terms))]

    def expand(self, cursor, terms) -> dict[str, list[str]]:
        """The commonest EXPANSIONS indexed words that start with each prefix, the prefix searched as those.

        FTS5 would otherwise merge the entries of every word the prefix starts (all the words in 'a', for
        ``a*``); a prefix that starts no indexed word is left as a prefix, which then costs nothing."""
        found = {}
        for t in terms:
            if not t.prefix:
                continue
            stem = t.words[0]
            start = _folded(stem)
            cursor.execute(
                "SELECT term FROM search_vocab WHERE term >= %s AND term < %s ORDER BY doc DESC, term LIMIT %s",
                [start, start + "\U0010ffff", EXPANSIONS + 1],
            )
            words = [row[0] for row in cursor.fetchall()]
            if len(words) > EXPANSIONS:
                words = words[:EXPANSIONS]
                self.notes.append(
                    f"More than {EXPANSIONS} words start with {t}: only the {EXPANSIONS} commonest were searched."
                )
            if words:
                found[stem] = words
        return found

    def count(self, cursor, where, params) -> int:
        if where:
            return super().count(cursor, where, params)
        # the FTS index alone can count, without reading the entries
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s) AS matches",
            [*self.match_params, COUNT_LIMIT],
        )
        return cursor.fetchone()[0]

    # Snippets for the shown rows only (in details): asked for in the ranking query, they would be made for every match.
    snippet = f"snippet(search_fts, 1, '{START}', '{STOP}', '…', 24)"


# A PostgreSQL search reads the newest ids span by span (Postgres.candidates): first FIRST_SPAN ids, then as
# many as the matches found so far say will hold what is still needed, with a quarter more (MARGIN), and never
# more than GROWTH times the ids read so far.
FIRST_SPAN = 16 * WINDOW
MARGIN = 1.25
GROWTH = 16
SPAN_COST = 8  # a match found span by span, against an entry walked (see ``walks``)
FETCH_COST = 20  # a match fetched from the table, against an id read from the GIN index (see ``spans``)
SPAN_ID_COST = 1 / 40  # an id of a span read within its blocks, against the same
# The sizes of the blocks of ids an entry is indexed under, as powers of two: those of migration 0006's
# search_blocks(), which numbers a block by its first id shifted right, then left two bits, its size in the two.
BLOCK_SHIFTS = (12, 16, 20, 24)
BLOCK = 1 << BLOCK_SHIFTS[0]  # a span's bounds are multiples of the smallest block


def blocks(low: int, high: int) -> list[int]:
    """The fewest blocks, as search_blocks() numbers them, that make up the ids from ``low`` up to (not including)
    ``high``, both multiples of BLOCK: from the newest, the largest block that ends there and fits."""
    found = []
    while high > low:
        for size, shift in reversed(list(enumerate(BLOCK_SHIFTS))):
            width = 1 << shift
            if high % width == 0 and high - width >= low:
                found.append((high >> shift) - 1 << 2 | size)
                high -= width
                break
    return found


class Postgres(Engine):
    """PostgreSQL: a generated, GIN-indexed ``document`` tsvector on ``search_searchentry``.

    The newest matches come from the GIN index or, for a word in many entries, from walking the primary key
    backwards until WINDOW of them are found: the planner chooses by the word's frequency (see candidates)."""

    tables = "search_searchentry e"
    match = "e.document @@ to_tsquery('english', %s)"
    year = "extract(year FROM e.date)::integer"

    def __init__(self, terms):
        self.notes = []
        self.query = tsquery(terms)
        self.match_params = [self.query]

    def candidates(self, cursor, where, params) -> list[Candidate]:
        """The newest WINDOW + 1 matches, newest first, scored: walked for, or read span by span.

        For a word in many entries, the entries are walked backwards from the newest along the primary key, each
        one's tsvector tested until enough match: work that depends on how common the word is, not on the size of
        the book. That walk is run where the planner chooses it for one statement asking for the newest, and
        ``walks`` agrees; each row is ranked as it is read.

        Any other word was read whole from the GIN index, every match fetched from the table to keep the newest:
        once the book had 24 million entries and a table larger than memory, a word in a few thousand entries
        cost thousands of random reads of the disk, most of them for matches never kept. Now such a word is read
        span by span of the newest ids (see ``spans``), each span asked of the GIN index as the word within the
        span's blocks of ids (migration 0006), and only the matches inside the spans read are fetched: about WINDOW
        of them. A rare word is read whole, its few matches fetched. The first span is as wide as the planner's
        estimate of the word's matches says will hold WINDOW of them. The newest are found by id alone, then read again by their places in the table
        (ctid: no index to walk) and ranked: ts_rank reads a row's whole tsvector, so only for the rows kept."""
        newest = f"{self.source}{where}{{bound}} ORDER BY e.id DESC LIMIT %s"
        matching = [*self.match_params, *params]
        score = (
            f"-ts_rank(e.document, to_tsquery('english', %s)), e.body_id, {self.year}, e.kind, e.person_id"
        )
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT e.id{newest.format(bound='')}", [*matching, WINDOW + 1])
        plan = cursor.fetchone()[0][0]["Plan"]["Plans"][0]
        cursor.execute("SELECT max(id) FROM search_searchentry")
        top = cursor.fetchone()[0] or 0
        if plan["Node Type"] == "Index Scan" and walks(plan["Plan Rows"], top):
            cursor.execute(
                f'SELECT e.id, e."group", {score}{newest.format(bound="")}',
                [self.query, *matching, WINDOW + 1],
            )
            return list(map(Candidate._make, cursor.fetchall()))
        # Ordered and bounded by "e.id + 0", which no index gives: the planner reads the span's matches through the
        # GIN index rather than walk it (see ``walks``), within the span's blocks or not (see ``spans``).
        ordered = newest.replace("BY e.id DESC", "BY e.id + 0 DESC")
        bounded = {
            within: ordered.format(
                bound=" AND e.id + 0 >= %s AND e.id + 0 < %s"
                + " AND search_blocks(e.id) && %s::bigint[]" * within
            )
            for within in (True, False)
        }
        found = []
        for low, high, within in spans(top, found, plan["Plan Rows"]):
            span = [low, high, blocks(low, high)] if within else [low, high]
            cursor.execute(
                f'SELECT e.id, e."group", {score} FROM search_searchentry e WHERE e.ctid = ANY(ARRAY(SELECT e.ctid'
                f"{bounded[within]})) ORDER BY e.id DESC",
                [self.query, *matching, *span, WINDOW + 1 - len(found)],
            )
            found += cursor.fetchall()
        return list(map(Candidate._make, found))

    def shown(self, ids: list[int]) -> tuple[str, list]:
        """By their ids alone: asked with the match too, the planner read every match from the GIN index to keep
        the twenty shown (75 ms a search for a common word in a book of 2 million entries, growing with it)."""
        return "e.id = ANY(%s)", [ids]

    def snippets(self, cursor, rows, firsts) -> list[str]:
        cursor.execute(
            f"SELECT ts_headline('english', x, to_tsquery('english', %s), 'StartSel={START}, StopSel={STOP}, "
            "MaxWords=35, MinWords=12, MaxFragments=1') FROM unnest(%s::text[]) WITH ORDINALITY AS t(x, n) "
            "ORDER BY n",
            [self.query, [_excerpt(row[11], first) for row, first in zip(rows, firsts, strict=True)]],
        )
        return [headline for (headline,) in cursor.fetchall()]


def walks(expected: float, top: int) -> bool:
    """Whether to walk the newest of ``top`` entries for a word the planner expects in ``expected`` of them,
    rather than read its matches span by span: walking tests about (WINDOW + 1) * top / expected entries; span by
    span, about MARGIN * (WINDOW + 1) matches are found within their spans' blocks, each a step in the GIN index
    and a row fetched and ranked: about SPAN_COST entries walked. Neither depends on the size of the book, so a
    word is walked in a book of any size when it is in more than about a tenth of its entries. (Measured in 2.4
    million entries: a word in 12% of them 16 ms walked or span by span, in 0.8% 113 ms walked and 24 ms span by
    span. The planner, which prices the GIN index as if it gave every match, walks for words far rarer.)"""
    return (WINDOW + 1) * top / max(expected, 1) < MARGIN * (WINDOW + 1) * SPAN_COST


def spans(top: int, found: list, expected: float):
    """Each span of ids to read, newest first, until ``found`` (filled by the reader as it goes) holds more than
    WINDOW or no id is left: its bounds ``low`` and ``high`` (ids from one up to the other, multiples of BLOCK),
    and whether to ask the GIN index for the word within the span's blocks (``within``) or for all of it.

    Each span is as wide as the density of matches says will hold what is still needed, MARGIN times over: the
    ``expected`` matches among ``top`` ids for the first span, then those found in the spans read; but at most
    GROWTH times the ids read so far, and at least FIRST_SPAN ids first (an estimate, or a match or two, says
    little of how rare a word is). Within its blocks, a span costs GIN steps through the blocks' lists that grow
    with its width: for a word rarer than one entry in a few thousand, each match a list page read (~10 ns an id of
    the span: 6 million ids for 840 matches took 42 ms at national size). Asked for all of it, the word's matches
    outside the span are fetched from the table too (~8 µs each). So a rare word is read whole: its 4,000 matches
    in 24 million entries took 25 ms fetched."""
    high = -(-(top + 1) // BLOCK) * BLOCK
    density = max(expected, 1) / max(top, 1)
    span = max(FIRST_SPAN, math.ceil((WINDOW + 1) / density * MARGIN))
    while high > 0 and len(found) <= WINDOW:
        low = max(0, (high - span) // BLOCK * BLOCK)
        outside = len(found) + density * low  # the matches a read of all the word's matches fetches besides
        yield low, high, (high - low) * SPAN_ID_COST < outside * FETCH_COST
        high, read, need = low, top - low, WINDOW + 1 - len(found)
        span = read * GROWTH
        if found:
            density = len(found) / read
            span = min(span, math.ceil(need / density * MARGIN))


def _folded(word: str) -> str:
    """A word as FTS5's unicode61 tokenizer indexes it: lower case, without diacritics."""
    if word.isascii():
        return word.lower()  # nothing to take off: the common case, without a pass per character
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _highlight(snippet: str) -> str:
    """Escape the snippet's text, then turn the engine's markers into <mark>."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
