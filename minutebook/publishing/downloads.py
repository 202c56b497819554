"""Bulk downloads for spreadsheets: decisions, actions, attendance and declarations, as CSV or JSON.

Each dataset is a list of columns with a description, so the API page
documents exactly what the files hold. Files are streamed row by row, so a
whole minute book downloads without being held in memory; exempt records are
left out by the same rule the OParl API uses (``oparl.public``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutebook.governance import visibility
from minutebook.governance.models import Attendance, Body

from .oparl.objects import OPEN_GOVERNMENT_LICENCE, licence
from .oparl.views import councils


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    rows: Callable  # body or None -> queryset
    columns: tuple[Column, ...]


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


def _meeting_columns(meeting: Callable) -> tuple[Column, ...]:
    return (
        Column("meeting_date", "Date of the meeting (YYYY-MM-DD)", lambda r, site: _day(meeting(r).start)),
        Column("body", "The board or committee", lambda r, site: meeting(r).body.name),
        Column("meeting_url", "The meeting's page", lambda r, site: site + meeting(r).get_absolute_url()),
    )


def _item_label(item) -> str:
    if item is None or not visibility.item_flags_public(item.exempt, item.parent_id and item.parent.exempt):
        return ""
    number = f"{item.number}({item.sub_label})" if item.sub_label else item.number
    return f"{number}. {item.title}" if number else item.title


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "decisions",
            "Decisions",
            "Every resolution recorded in public minutes, clause by clause.",
            lambda board: (
                visibility.public_resolutions()
                .filter(**({"minute__meeting__body": board} if board else {}))
                .select_related("minute__meeting__body")
                .order_by("minute__meeting__start", "minute__order", "minute__pk", "order", "pk")
            ),
            (
                Column("id", "Number of the decision in the minute book", lambda r, site: r.pk),
                *_meeting_columns(lambda r: r.minute.meeting),
                Column("minute_number", "Minute number as printed", lambda r, site: r.minute.number),
                Column("minute_title", "Heading of the minute", lambda r, site: r.minute.title),
                Column("clause", "Clause as printed (1, i, a ...), if any", lambda r, site: r.clause),
                Column("decision", "What was resolved", lambda r, site: r.text),
            ),
        ),
        Dataset(
            "actions",
            "Actions",
            "Everything a decision (or the clerk) asked someone to do, and whether it was reported back.",
            lambda board: (
                visibility.public_actions()
                .filter(**({"body": board} if board else {}))
                .with_due()
                .select_related(
                    "body", "owner_person", "owner_organisation", "resolution__minute__meeting", "reported_at"
                )
                .order_by("pk")
            ),
            (
                Column("id", "Number of the action in the minute book", lambda r, site: r.pk),
                Column("body", "The board or committee that set it", lambda r, site: r.body.name),
                Column("description", "What is to be done", lambda r, site: r.description),
                Column(
                    "owner", "Who is to do it: a person, an organisation or a name", lambda r, site: r.owner
                ),
                Column(
                    "due",
                    "When it falls due (YYYY-MM-DD): its own date or the next meeting; empty if none",
                    lambda r, site: r.due_on.isoformat() if r.due_on else "",
                ),
                Column("status", "open, done or dropped", lambda r, site: r.status),
                Column(
                    "set_at_meeting",
                    "Date of the meeting whose decision set it; empty if the clerk set it",
                    lambda r, site: _day(r.resolution.minute.meeting.start) if r.resolution_id else "",
                ),
                Column(
                    "reported_at_meeting",
                    "Date of the meeting it was reported back to; empty if not yet",
                    lambda r, site: _day(r.reported_at.start) if r.reported_at_id else "",
                ),
                Column(
                    "reported_at_url",
                    "That meeting's page",
                    lambda r, site: site + r.reported_at.get_absolute_url() if r.reported_at_id else "",
                ),
                Column("reported_note", "What was reported", lambda r, site: r.reported_note),
            ),
        ),
        Dataset(
            "attendance",
            "Attendance",
            "Who was at each meeting, who sent apologies, who was absent and who substituted for whom.",
            lambda board: (
                Attendance.objects.filter(**({"meeting__body": board} if board else {}))
                .select_related("meeting__body", "person", "substitute_for")
                .order_by("meeting__start", "meeting__pk", "person__name", "pk")
            ),
            (
                *_meeting_columns(lambda r: r.meeting),
                Column("person", "Name, with honorific", lambda r, site: str(r.person)),
                Column("person_url", "The person's page", lambda r, site: site + r.person.get_absolute_url()),
                Column("attendance", "present, apologies or absent", lambda r, site: r.status),
                Column("capacity", "member, substitute, officer or other", lambda r, site: r.capacity),
                Column(
                    "substitute_for",
                    "For a substitute, the member they replaced",
                    lambda r, site: str(r.substitute_for) if r.substitute_for_id else "",
                ),
                Column(
                    "role", "Role as printed (Chair, Director of Public Health ...)", lambda r, site: r.role
                ),
            ),
        ),
        Dataset(
            "declarations",
            "Declarations of interest",
            "Interests declared at meetings (none made on exempt items).",
            lambda board: (
                visibility.public_declarations()
                .filter(**({"meeting__body": board} if board else {}))
                .select_related("meeting__body", "person", "agenda_item__parent")
                .order_by("meeting__start", "meeting__pk", "pk")
            ),
            (
                *_meeting_columns(lambda r: r.meeting),
                Column("person", "Who declared it", lambda r, site: str(r.person)),
                Column(
                    "agenda_item",
                    "The item it concerned, if named",
                    lambda r, site: _item_label(r.agenda_item),
                ),
                Column("kind", "dpi, registrable, non_registrable or other", lambda r, site: r.kind),
                Column("declaration", "The declaration as minuted", lambda r, site: r.text),
            ),
        ),
    )
}
FORMS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


class _Line:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, text: str) -> str:
        return text


def _records(dataset: Dataset, board, site: str):
    for record in dataset.rows(board).iterator(chunk_size=2000):
        yield [column.value(record, site) for column in dataset.columns]


def _csv(dataset: Dataset, board, site: str):
    writer = csv.writer(_Line())
    yield writer.writerow([column.name for column in dataset.columns])
    for values in _records(dataset, board, site):
        yield writer.writerow(values)


def _json(dataset: Dataset, board, site: str):
    names = [column.name for column in dataset.columns]
    yield "["
    separator = "\n"
    for values in _records(dataset, board, site):
        yield separator + json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


@require_safe
def download(request, dataset: str, form: str):
    """A whole dataset, or one board's (``?body=<slug>``), as a file."""
    if dataset not in DATASETS or form not in FORMS:
        raise Http404(f"No download called {dataset}.{form}: see /api/ for the list.")
    board = get_object_or_404(Body, slug=request.GET["body"]) if request.GET.get("body") else None
    site = request.build_absolute_uri("/")[:-1]
    lines = (_csv if form == "csv" else _json)(DATASETS[dataset], board, site)
    response = StreamingHttpResponse(lines, content_type=FORMS[form])
    name = f"{dataset}-{board.slug}" if board else dataset
    response["Content-Disposition"] = f'attachment; filename="{name}.{form}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def api_page(request):
    return render(
        request,
        "publishing/api.html",
        {
            "datasets": DATASETS.values(),
            "licence": licence(),
            "licence_name": "the Open Government Licence v3.0"
            if licence() == OPEN_GOVERNMENT_LICENCE
            else licence(),
            "site": request.build_absolute_uri("/")[:-1],
            "councils": councils(),
            "bodies": Body.objects.order_by("name"),
        },
    )
