"""The pack record: what a clerk would type in after reading a document.

Plain dataclasses, no Django. ``PackRecord.as_json()`` gives the JSON that
``../shared/eval/SCHEMA.md`` defines, plus a ``lines`` key on each record
([first, last] line numbers, and ``pages`` where known) saying where it was
read from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .text import Row


@dataclass
class Span:
    first_line: int
    last_line: int
    first_page: int | None = None
    last_page: int | None = None

    @classmethod
    def of(cls, rows: list[Row]) -> Span | None:
        if not rows:
            return None
        return cls(rows[0].number, rows[-1].number, rows[0].page, rows[-1].page)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"lines": [self.first_line, self.last_line]}
        if self.first_page is not None:
            out["pages_in_source"] = [self.first_page, self.last_page]
        return out


def _where(span: Span | None) -> dict[str, Any]:
    return span.as_json() if span else {}


@dataclass
class SubItem:
    label: str
    title: str
    pages: tuple[int, int] | None = None
    presenter: str | None = None
    span: Span | None = None

    def as_json(self):
        return {"label": self.label, "title": self.title, **_where(self.span)}


@dataclass
class AgendaItem:
    number: str
    title: str
    pages: tuple[int, int] | None = None
    presenter: str | None = None
    section: str | None = None
    sub_items: list[SubItem] = field(default_factory=list)
    exempt_paragraph: int | None = None  # of Schedule 12A, for an item taken in private
    span: Span | None = None

    def as_json(self):
        return {
            "number": self.number or None,  # "" where the page prints no number
            "title": self.title,
            "pages": list(self.pages) if self.pages else None,
            "presenter": self.presenter,
            "section": self.section,
            "exempt_paragraph": self.exempt_paragraph,
            "sub_items": [s.as_json() for s in self.sub_items],
            **_where(self.span),
        }


@dataclass
class Attendee:
    name: str
    role: str | None
    category: str  # member, officer, other
    span: Span | None = None

    def as_json(self):
        return {"name": self.name, "role": self.role, "category": self.category, **_where(self.span)}


@dataclass
class Apology:
    name: str
    substitute: str | None = None
    span: Span | None = None

    def as_json(self):
        return {"name": self.name, "substitute": self.substitute, **_where(self.span)}


@dataclass
class Declaration:
    member: str
    item: str | None
    text: str
    span: Span | None = None

    def as_json(self):
        return {"member": self.member, "item": self.item, "text": self.text, **_where(self.span)}


@dataclass
class Minute:
    number: str  # "" where the document prints no number (many web pages): null in the JSON
    title: str
    resolutions: list[str] = field(default_factory=list)
    text: str = ""
    span: Span | None = None

    def as_json(self):
        return {
            "number": self.number or None,
            "title": self.title,
            "resolutions": self.resolutions,
            "text": self.text,
            **_where(self.span),
        }


@dataclass
class Meeting:
    kind: str  # "agenda" or "minutes"
    body: str | None
    date: datetime.date | None
    time: str | None
    venue: str | None
    items: list[AgendaItem] | list[Minute] = field(default_factory=list)
    present: list[Attendee] | None = None
    apologies: list[Apology] | None = None
    declarations: list[Declaration] | None = None
    span: Span | None = None

    def as_json(self):
        out: dict[str, Any] = {
            "kind": self.kind,
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "time": self.time,
            "venue": self.venue,
        }
        for key in ("present", "apologies", "declarations"):
            value = getattr(self, key)
            if value is not None:
                out[key] = [v.as_json() for v in value]
        out["items"] = [i.as_json() for i in self.items]
        out.update(_where(self.span))
        return out


@dataclass
class Report:
    agenda_item: str | None
    kind: str
    title: str
    recommendations: list[str] = field(default_factory=list)
    span: Span | None = None

    def as_json(self):
        return {
            "agenda_item": self.agenda_item,
            "kind": self.kind,
            "title": self.title,
            "recommendations": self.recommendations,
            **_where(self.span),
        }


@dataclass
class WorkProgrammeEntry:
    date: datetime.date | None
    title: str
    moved_from: list[datetime.date] = field(default_factory=list)
    span: Span | None = None

    def as_json(self):
        out = {"date": self.date.isoformat() if self.date else None, "title": self.title, **_where(self.span)}
        if self.moved_from:
            out["moved_from"] = [d.isoformat() for d in self.moved_from]
        return out


@dataclass
class PackRecord:
    source: str
    meetings: list[Meeting] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    work_programme: list[WorkProgrammeEntry] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "meetings": [m.as_json() for m in self.meetings],
            "reports": [r.as_json() for r in self.reports],
            "work_programme": [w.as_json() for w in self.work_programme],
        }
