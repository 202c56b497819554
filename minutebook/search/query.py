"""Searching the index: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The query language is what people type: words (all must match), "quoted
phrases", and prefixes (``discharg*``). It is parsed here and written out
in each engine's own syntax, so nothing a user types reaches the engine
unescaped.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape

from .models import SearchEntry

TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
WORD = re.compile(r"[\w']+")
START, STOP = "\x02", "\x03"  # snippet markers, turned into <mark> after escaping


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False


def parse(query: str) -> list[Term]:
    terms = []
    for m in TOKEN.finditer(query or ""):
        if m.group("phrase") is not None:
            words = tuple(w.lower() for w in WORD.findall(m.group("phrase")))
            if words:
                terms.append(Term(words))
        else:
            raw = m.group("word")
            words = tuple(w.lower() for w in WORD.findall(raw))
            if not words:
                continue
            if len(words) > 1:
                terms.append(Term(words))  # "well-being" is a phrase of its parts
            else:
                terms.append(Term(words, prefix=raw.endswith("*")))
    return terms


def fts5(terms: list[Term], expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 expression; a prefix with known expansions becomes an OR of the indexed words it starts."""
    parts = []
    for t in terms:
        quoted = '"' + " ".join(w.replace('"', "") for w in t.words) + '"'
        words = (expansions or {}).get(t.words[0]) if t.prefix else None
        if words:
            parts.append("(" + " OR ".join(f'"{w}"' for w in words) + ")")
        else:
            parts.append(quoted + ("*" if t.prefix else ""))
    return " ".join(parts)


def tsquery(terms: list[Term]) -> str:
    parts = []
    for t in terms:
        words = [re.sub(r"[^\w]", "", w) for w in t.words]
        words = [w for w in words if w]
        if not words:
            continue
        if len(words) > 1:
            parts.append("(" + " <-> ".join(words) + ")")
        else:
            parts.append(words[0] + (":*" if t.prefix else ""))
    return " & ".join(parts)


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
EXPANSIONS = 30  # a prefix matching more indexed words than this is searched as a prefix


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
    results = Results(query=query)
    terms = parse(query)
    if not terms:
        return results
    where, params = _filters(body, year, kind)
    with connection.cursor() as cursor:
        engine = Postgres(terms) if connection.vendor == "postgresql" else SQLite(terms, cursor)
        results.total = engine.count(cursor, where, params)
        if not results.total:
            return results
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
    return results


class Engine:
    """What both databases do alike; each subclass says how it matches, ranks and makes snippets."""

    id_column = "e.id"
    source = ""  # " FROM ... WHERE <match>", with the match's parameters in match_params
    match_params: list = []
    rank = ""  # an ORDER BY expression, best first, with rank_params

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

    def __init__(self, terms: list[Term], cursor):
        self.match_params = [fts5(terms, self.expand(cursor, terms))]

    @staticmethod
    def expand(cursor, terms: list[Term]) -> dict[str, list[str]]:
        """Indexed words that start with each long prefix: FTS5 keeps prefix indexes for 2 to 4 letters only,
        and a longer prefix searched as such scans every segment of the index."""
        found = {}
        for t in terms:
            stem = t.words[0]
            if t.prefix and len(stem) > 4:
                upper = stem[:-1] + chr(ord(stem[-1]) + 1)
                cursor.execute(
                    "SELECT term FROM search_vocab WHERE term >= %s AND term < %s LIMIT %s",
                    [stem, upper, EXPANSIONS + 1],
                )
                words = [row[0] for row in cursor.fetchall()]
                if 0 < len(words) <= EXPANSIONS:
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

    def __init__(self, terms: list[Term]):
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


def _highlight(snippet: str) -> str:
    """Escape the snippet's text, then turn the engine's markers into <mark>."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
