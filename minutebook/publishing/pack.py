"""The agenda pack: one PDF in the form councils publish.

A front sheet (body, time and date, place, numbered items with the pages
of their papers, presenters, public and private business, membership,
contact officer, date of issue), then the minutes of the previous meeting
and each paper in agenda order, every page stamped with its pack page
number. The front sheet is laid out again once the papers' page ranges are
known, until its own length stops changing.

The public pack leaves out exempt items' papers; the private pack, for
members, carries only the exempt items.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from minutebook.governance.clerking import matters_arising
from minutebook.governance.models import AgendaItem, Meeting, Paper


@dataclass
class Section:
    """A run of pages in the pack belonging to one agenda item."""

    item: AgendaItem
    pages: list = field(default_factory=list)  # pypdf page objects


@dataclass
class AssembledPack:
    pdf: bytes
    page_count: int
    item_pages: dict[int, tuple[int, int]]


def _html_pdf(html: str) -> PdfReader:
    from weasyprint import HTML

    return PdfReader(io.BytesIO(HTML(string=html).write_pdf()))


def _paper_pages(paper: Paper) -> list:
    """A paper's pages: its own PDF as uploaded, or its Word file's text set as pages."""
    if paper.document_id is None:
        return list(_html_pdf(render_to_string("publishing/paper.html", {"paper": paper})).pages)
    document = paper.document
    if document.media_type == "application/pdf":
        return list(PdfReader(str(document.path)).pages)
    lines = [ln.text for ln in document.read().lines]
    return list(_html_pdf(render_to_string("publishing/paper.html", {"paper": paper, "lines": lines})).pages)


def _previous_minutes(meeting: Meeting) -> Meeting | None:
    return (
        meeting.body.meetings.filter(start__lt=meeting.start, status=Meeting.Status.HELD)
        .order_by("-start")
        .first()
    )


def sections(meeting: Meeting, private: bool) -> list[Section]:
    items = list(
        meeting.agenda_items.filter(parent=None).order_by("order").prefetch_related("papers", "sub_items")
    )
    previous = _previous_minutes(meeting)
    out = []
    for item in items:
        in_this_pack = item.exempt == private
        section = Section(item)
        if in_this_pack and previous and "minutes" in item.title.lower() and not private:
            html = render_to_string("publishing/minutes.html", {"meeting": previous})
            section.pages += list(_html_pdf(html).pages)
        for paper in item.papers.order_by("pk"):
            if (paper.exempt or item.exempt) == private:
                section.pages += _paper_pages(paper)
        out.append(section)
    return out


def _stamps(first: int, count: int) -> list:
    html = render_to_string("publishing/stamps.html", {"numbers": range(first, first + count)})
    return list(_html_pdf(html).pages)


def assemble(meeting: Meeting, *, private: bool = False, issued=None) -> AssembledPack:
    parts = sections(meeting, private)
    item_pages: dict[int, tuple[int, int]] = {}
    front_length = 1
    for _ in range(4):  # lay out the front sheet until its length settles
        page = front_length + 1
        item_pages = {}
        for section in parts:
            if section.pages:
                item_pages[section.item.pk] = (page, page + len(section.pages) - 1)
                page += len(section.pages)
        front = _html_pdf(
            render_to_string(
                "publishing/front_sheet.html",
                {
                    "meeting": meeting,
                    "private": private,
                    "items": [s.item for s in parts],
                    "item_pages": item_pages,
                    "issued": issued or timezone.localdate(),
                    "members": meeting.body.memberships.select_related("person").order_by("person__name"),
                    "arising": list(matters_arising(meeting)) if not private else [],
                },
            )
        )
        if len(front.pages) == front_length:
            break
        front_length = len(front.pages)
    writer = PdfWriter()
    for p in front.pages:
        writer.add_page(p)
    for section in parts:
        for p in section.pages:
            writer.add_page(p)
    total = len(writer.pages)
    for page, stamp in zip(writer.pages, _stamps(1, total), strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return AssembledPack(out.getvalue(), total, item_pages)
