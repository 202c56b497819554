"""Searching the index: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The query language is what people type: words (all must match), "quoted
phrases", and prefixes (``discharg*``). It is parsed here and written out
in each engine's own syntax, every word quoted as that engine's string, so
nothing a user types reaches the engine unescaped.

The search is public, so what one query may cost is bounded: its length,
its number of terms, the words a prefix expands to, and its time.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db import OperationalError, connection, transaction
from django.utils.html import escape

from .models import SearchEntry

TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
WORD = re.compile(r"[^\W_]+")  # letters and digits: what both engines' tokenizers keep of a word
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


@contextlib.contextmanager
def time_limit(seconds: float):
    """Stop any query run inside the block once ``seconds`` have passed, raising SearchTimeout.

    SQLite: a progress handler on the connection, for the block only; the queries stay in autocommit, so a
    search only ever reads and never holds a write lock. PostgreSQL: ``statement_timeout`` set local to a
    transaction around the block (restored after, for when that transaction is a savepoint)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT current_setting('statement_timeout')")
                    previous = cursor.fetchone()[0]
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [f"{max(1, round(seconds * 1000))}ms"],
                    )
                yield
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
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

    @property
    def kind_label(self) -> str:
        return SearchEntry.Kind(self.kind).label


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    windowed: bool = False  # ranked and faceted over the most recent WINDOW matches only
    notes: list[str] = field(default_factory=list)  # what of the query was cut, to say so on the page
    timed_out: bool = False  # stopped at TIME_LIMIT: no results, and the page asks for a narrower search


def _filters(body: int | None, year: int | None, kind: str | None) -> tuple[str, list]:
    sql, params = [], []
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
# the most recently indexed WINDOW matches are ranked and counted into facets (the total stays exact).
WINDOW = 2000


def search(
    query: str,
    *,
    body: int | None = None,
    year: int | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> Results:
    parsed = parse(query)
    results = Results(query=query, notes=list(parsed.notes))
    if not parsed.terms:
        return results
    try:
        with time_limit(TIME_LIMIT):
            _find(results, parsed.terms, body, year, kind, limit, offset, facets)
    except SearchTimeout:
        return Results(query=query, notes=list(parsed.notes), timed_out=True)
    return results


def _find(results: Results, terms, body, year, kind, limit, offset, facets) -> None:
    where, params = _filters(body, year, kind)
    with connection.cursor() as cursor:
        engine = Postgres(terms) if connection.vendor == "postgresql" else SQLite(terms, cursor)
        results.notes += engine.notes
        results.total = engine.count(cursor, where, params)
        if not results.total:
            return
        floor = engine.window_floor(cursor, where, params) if results.total > WINDOW else None
        results.windowed = floor is not None
        if floor is not None:
            where, params = f"{where} AND {engine.id_column} >= %s", [*params, floor]
        ids = engine.top(cursor, where, params, limit, offset)
        rows = {row[0]: row for row in engine.details(cursor, ids)} if ids else {}
        for pk in ids:
            _, kind_, object_id, body_id, date, title, url, snippet = rows[pk]
            if isinstance(date, str):
                date = datetime.date.fromisoformat(date)
            results.hits.append(Hit(kind_, object_id, body_id, date, title, url, _highlight(snippet or "")))
        if facets:
            # One pass over the (at most WINDOW) matches, counted here: cheaper than a GROUP BY per facet.
            cursor.execute(
                f"SELECT e.body_id, e.date, e.kind{engine.source}{where}", [*engine.match_params, *params]
            )
            counts = {"body": Counter(), "year": Counter(), "kind": Counter()}
            for body_id, date, kind_ in cursor.fetchall():
                counts["body"][body_id] += 1
                counts["kind"][kind_] += 1
                if date:
                    counts["year"][int(str(date)[:4])] += 1
            results.facets = {
                name: [(v, n) for v, n in c.most_common(30) if v is not None] for name, c in counts.items()
            }


class Engine:
    """What both databases do alike; each subclass says how it matches, ranks and makes snippets."""

    id_column = "e.id"
    source = ""  # " FROM ... WHERE <match>", with the match's parameters in match_params
    match_params: list = []
    rank = ""  # an ORDER BY expression, best first, with rank_params
    notes: list[str] = []  # what the engine cut of the query (a prefix's expansion)

    @property
    def rank_params(self) -> list:
        return []

    def count(self, cursor, where, params) -> int:
        cursor.execute(f"SELECT count(*){self.source}{where}", [*self.match_params, *params])
        return cursor.fetchone()[0]

    def window_floor(self, cursor, where, params) -> int | None:
        """The id of the WINDOW-th most recently indexed match."""
        cursor.execute(
            f"SELECT e.id{self.source}{where} ORDER BY e.id DESC LIMIT 1 OFFSET %s",
            [*self.match_params, *params, WINDOW - 1],
        )
        row = cursor.fetchone()
        return row[0] if row else None

    def top(self, cursor, where, params, limit, offset) -> list[int]:
        cursor.execute(
            f"SELECT e.id{self.source}{where} ORDER BY {self.rank}, e.id DESC LIMIT %s OFFSET %s",
            [*self.match_params, *params, *self.rank_params, limit, offset],
        )
        return [r[0] for r in cursor.fetchall()]


class SQLite(Engine):
    """FTS5: the ``search_fts`` table, kept in step with ``search_searchentry`` by triggers."""

    id_column = "search_fts.rowid"  # a bound on the FTS rowid narrows the index scan itself
    source = " FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid WHERE search_fts MATCH %s"
    rank = "bm25(search_fts, 4.0, 1.0)"

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
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", self.match_params)
        return cursor.fetchone()[0]

    def window_floor(self, cursor, where, params) -> int | None:
        if where:
            return super().window_floor(cursor, where, params)
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [*self.match_params, WINDOW - 1],
        )
        row = cursor.fetchone()
        return row[0] if row else None

    def details(self, cursor, ids: list[int]):
        # Snippets for the shown rows only: asked for in the ranking query, they would be made for every match.
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT e.id, e.kind, e.object_id, e.body_id, e.date, e.title, e.url, "
            f"snippet(search_fts, 1, '{START}', '{STOP}', '…', 24){self.source} AND search_fts.rowid IN ({marks})",
            [*self.match_params, *ids],
        )
        return cursor.fetchall()


class Postgres(Engine):
    """PostgreSQL: a generated, GIN-indexed ``document`` tsvector on ``search_searchentry``."""

    source = " FROM search_searchentry e WHERE e.document @@ to_tsquery('english', %s)"
    rank = "ts_rank(e.document, to_tsquery('english', %s)) DESC"

    def __init__(self, terms):
        self.notes = []
        self.query = tsquery(terms)
        self.match_params = [self.query]

    @property
    def rank_params(self) -> list:
        return [self.query]

    def details(self, cursor, ids: list[int]):
        cursor.execute(
            "SELECT e.id, e.kind, e.object_id, e.body_id, e.date, e.title, e.url, "
            f"ts_headline('english', e.text, to_tsquery('english', %s), 'StartSel={START}, StopSel={STOP}, "
            "MaxWords=35, MinWords=12, MaxFragments=1') FROM search_searchentry e WHERE e.id = ANY(%s)",
            [self.query, ids],
        )
        return cursor.fetchall()


def _folded(word: str) -> str:
    """A word as FTS5's unicode61 tokenizer indexes it: lower case, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _highlight(snippet: str) -> str:
    """Escape the snippet's text, then turn the engine's markers into <mark>."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
