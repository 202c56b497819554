"""Searching the index: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The query language is what people type: words (all must match), "quoted
phrases", and prefixes (``discharg*``). It is parsed here and written out
in each engine's own syntax, so nothing a user types reaches the engine
unescaped.
"""

from __future__ import annotations

import datetime
import re
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


def fts5(terms: list[Term]) -> str:
    parts = []
    for t in terms:
        quoted = '"' + " ".join(w.replace('"', "") for w in t.words) + '"'
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
    if connection.vendor == "postgresql":
        match = "e.document @@ to_tsquery('english', %s)"
        match_params = [tsquery(terms)]
        select = (
            "SELECT e.kind, e.object_id, e.body_id, e.date, e.title, e.url, "
            f"ts_headline('english', e.text, to_tsquery('english', %s), 'StartSel={START}, StopSel={STOP}, "
            "MaxWords=35, MinWords=12, MaxFragments=1') "
            f"FROM search_searchentry e WHERE {match}{where} "
            "ORDER BY ts_rank(e.document, to_tsquery('english', %s)) DESC, e.date DESC NULLS LAST LIMIT %s OFFSET %s"
        )
        select_params = [match_params[0], *match_params, *params, match_params[0], limit, offset]
        source = f"FROM search_searchentry e WHERE {match}{where}"
    else:
        match = "search_fts MATCH %s"
        match_params = [fts5(terms)]
        select = (
            "SELECT e.kind, e.object_id, e.body_id, e.date, e.title, e.url, "
            f"snippet(search_fts, 1, '{START}', '{STOP}', '…', 24) "
            "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE {match}{where} ORDER BY bm25(search_fts, 4.0, 1.0), e.date DESC LIMIT %s OFFSET %s"
        )
        select_params = [*match_params, *params, limit, offset]
        source = f"FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid WHERE {match}{where}"
    with connection.cursor() as cursor:
        cursor.execute(select, select_params)
        for kind_, object_id, body_id, date, title, url, snippet in cursor.fetchall():
            if isinstance(date, str):
                date = datetime.date.fromisoformat(date)
            results.hits.append(Hit(kind_, object_id, body_id, date, title, url, _highlight(snippet or "")))
        cursor.execute(f"SELECT count(*) {source}", [*match_params, *params])
        results.total = cursor.fetchone()[0]
        if facets and results.total:
            year_sql = (
                "extract(year from e.date)::int"
                if connection.vendor == "postgresql"
                else "cast(strftime('%%Y', e.date) as integer)"
            )
            for name, expr in (("body", "e.body_id"), ("year", year_sql), ("kind", "e.kind")):
                cursor.execute(
                    f"SELECT {expr}, count(*) {source} GROUP BY 1 ORDER BY 2 DESC LIMIT 30",
                    [*match_params, *params],
                )
                results.facets[name] = [(value, n) for value, n in cursor.fetchall() if value is not None]
    return results


def _highlight(snippet: str) -> str:
    """Escape the snippet's text, then turn the engine's markers into <mark>."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
