"""Which stored figures a reader may see, gathered for a meeting, a document or a body.

A document's figures belong to the meetings whose records cite it (the meeting itself, its agenda items,
minutes and papers). The rule for who sees them is the document's: figures of a document the public may have
(``visibility.document_is_public``) are public; those of any other document are for the members and the
clerks of its bodies only, never for the public, whatever page or chart asks.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from minutebook.governance import visibility
from minutebook.governance.models import AgendaItem, Body, Meeting, Minute, Paper, SourceDocument

from .charts import Chart, Series, chart_of
from .models import FigureCheck, FigureFlag, FigureTable

# Every record that ties a document to a meeting: (model, the field naming the document, the meeting's field).
CITING = [
    (Meeting, "source", "pk"),
    (AgendaItem, "source", "meeting"),
    (Minute, "source", "meeting"),
    (Paper, "source", "meeting"),
    (Paper, "document", "meeting"),
]


def meetings_by_document(meetings: QuerySet | list[int]) -> dict[int, set[int]]:
    """Document id -> ids of those ``meetings`` (a queryset, or ids) whose records cite it (one query)."""
    if isinstance(meetings, QuerySet):
        meetings = meetings.values("pk")
    parts = [
        model.objects.filter(**{f"{meeting_field}__in": meetings, f"{document_field}__isnull": False})
        .order_by()
        .values_list(f"{document_field}_id", "pk" if meeting_field == "pk" else f"{meeting_field}_id")
        for model, document_field, meeting_field in CITING
    ]
    found: dict[int, set[int]] = defaultdict(set)
    for document_id, meeting_id in parts[0].union(*parts[1:]):
        found[document_id].add(meeting_id)
    return found


def bodies_of(document: SourceDocument) -> list[Body]:
    """The bodies whose meetings' records cite a document: their clerks may explain its flags."""
    ids = set()
    for model, document_field, meeting_field in CITING:
        column = "pk" if meeting_field == "pk" else f"{meeting_field}_id"
        ids.update(model.objects.filter(**{document_field: document}).values_list(column, flat=True))
    return list(Body.objects.filter(meetings__pk__in=ids).distinct())


def may_see(user, document_ids, bodies) -> set[int]:
    """Those documents (with checked figures) whose figures ``user`` may see: the public ones, and every one for a
    member or a clerk of one of ``bodies``."""
    document_ids = set(
        FigureCheck.objects.filter(document__in=list(document_ids)).values_list("document_id", flat=True)
    )
    if not document_ids:
        return document_ids
    if any(visibility.may_see_private(user, body) for body in bodies):
        return document_ids
    return set(visibility.public_documents().filter(pk__in=document_ids).values_list("pk", flat=True))


@dataclass
class TableShown:
    table: FigureTable
    flags: list[FigureFlag] = field(default_factory=list)
    chart: Chart | None = None


@dataclass
class DocumentFigures:
    document: SourceDocument
    check: FigureCheck | None
    tables: list[TableShown]
    flags: list[FigureFlag]  # every flag, in line order, each with the table it sits in (or None)

    @property
    def charts(self) -> list[TableShown]:
        return [t for t in self.tables if t.chart]


def figures_of(document_ids) -> list[DocumentFigures]:
    """The stored tables and raised flags of these documents, each flag beside the table it sits in."""
    if not document_ids:
        return []  # most meetings' documents have no checked figures: their pages ask nothing more
    documents = SourceDocument.objects.filter(pk__in=document_ids, figure_check__isnull=False).select_related(
        "figure_check"
    )
    tables = defaultdict(list)
    for table in FigureTable.objects.filter(document__in=documents):
        tables[table.document_id].append(table)
    flags = defaultdict(list)
    for flag in FigureFlag.objects.filter(document__in=documents, raised=True).select_related("explained_by"):
        flags[flag.document_id].append(flag)
    shown = []
    for document in sorted(documents, key=lambda d: d.name):
        rows = [
            TableShown(t, chart=chart_of(t.title, t.unit, t.headers, t.rows)) for t in tables[document.pk]
        ]
        for flag in flags[document.pk]:
            home = next((t for t in rows if t.table.first_line <= flag.first_line <= t.table.last_line), None)
            flag.table = home.table if home else None  # named beside the flag; None for a claim in the text
            if home:
                home.flags.append(flag)
        shown.append(DocumentFigures(document, document.figure_check, rows, flags[document.pk]))
    return shown


# -- a body's figures across its meetings -----------------------------------------------------------------------


@dataclass
class BodyFlag:
    flag: FigureFlag
    meeting: Meeting


@dataclass
class IndicatorSeries:
    """One indicator as it was shown at several meetings: each period's figure from the latest showing."""

    key: str
    chart: Chart


def key_of(table: FigureTable) -> str:
    """One indicator across packs: the same caption over the same columns (a caption alone, such as "Crude rate
    - per 100,000", may head several indicators)."""
    words = re.sub(r"[^a-z0-9]+", "-", table.title.lower()).strip("-")[:70]
    columns = hashlib.sha256("\t".join(table.headers).encode()).hexdigest()[:8]
    return f"{words}-{columns}"


def body_figures(body: Body, user) -> tuple[list[BodyFlag], list[IndicatorSeries]]:
    by_document = meetings_by_document(body.meetings.all())
    visible = may_see(user, by_document, [body])
    meetings = {m.pk: m for m in body.meetings.all()}
    newest = {d: max((meetings[m] for m in ids), key=lambda m: m.start) for d, ids in by_document.items()}
    flags = [
        BodyFlag(flag, newest[flag.document_id])
        for flag in FigureFlag.objects.filter(document__in=visible, raised=True).select_related(
            "document", "explained_by"
        )
    ]
    flags.sort(key=lambda f: (f.meeting.start, -f.flag.first_line), reverse=True)
    return flags, indicator_series(FigureTable.objects.filter(document__in=visible), newest)


def indicator_series(tables, newest: dict[int, Meeting]) -> list[IndicatorSeries]:
    """Indicator tables of the same title shown at more than one meeting, merged period by period."""
    charts: dict[str, list[tuple[Meeting, Chart]]] = defaultdict(list)
    for table in tables:
        chart = chart_of(table.title, table.unit, table.headers, table.rows) if table.title else None
        if chart and table.document_id in newest:
            charts[key_of(table)].append((newest[table.document_id], chart))
    series = []
    for key, shown in sorted(charts.items()):
        if len({meeting.pk for meeting, _ in shown}) < 2:
            continue
        shown.sort(key=lambda pair: pair[0].start)
        series.append(_merged(key, shown))
    return series


def _merged(key: str, shown: list[tuple[Meeting, Chart]]) -> IndicatorSeries:
    """The series of every showing, a later meeting's figure for a period replacing an earlier one's."""
    periods: list[str] = []
    names: list[str] = []
    points: dict[tuple[str, str], tuple[float | None, float | None, float | None]] = {}
    seen: dict[str, list[Meeting]] = defaultdict(list)
    for meeting, chart in shown:
        for s in chart.series:
            name = s.name
            if name not in names:
                names.append(name)
            for i, period in enumerate(chart.periods):
                if s.values[i] is not None:
                    points[(name, period)] = (s.values[i], s.lower[i], s.upper[i])
        for period in chart.periods:
            if period not in periods:
                periods.append(period)
            if meeting not in seen[period]:
                seen[period].append(meeting)
    periods.sort()
    merged = [
        Series(
            name,
            [points.get((name, p), (None,) * 3)[0] for p in periods],
            [points.get((name, p), (None,) * 3)[1] for p in periods],
            [points.get((name, p), (None,) * 3)[2] for p in periods],
        )
        for name in names
    ]
    first = shown[-1][1]
    return IndicatorSeries(key, Chart(first.title, first.unit, periods, merged, [seen[p] for p in periods]))
