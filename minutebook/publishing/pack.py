"""The agenda pack: one PDF in the form councils publish.

A front sheet (body, time and date, place, numbered items with the pages
of their papers, presenters, public and private business, membership,
contact officer, date of issue), then the minutes of the previous meeting
and each paper in agenda order, every page stamped with its pack page
number. The front sheet is laid out again once the papers' page ranges are
known, until its own length stops changing.

The public pack carries only what ``governance.visibility`` says the public
may see: no exempt item's papers, sub-items or minute, no action set by an
exempt minute among the matters arising. The private pack, for members,
carries the exempt items.

A pack is previewed (``preview``: its front sheet, page ranges and what
changed since the last issue) before it is issued. A supplementary pack's
front sheet says so, and lists what changed.

Issuing a pack (``publish``) lives here, above the domain: the clerk's cycle in
``governance.clerking`` never imports this layer.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from minutebook.governance import filestore, models, visibility
from minutebook.governance.clerking import matters_arising
from minutebook.governance.importing import store_original
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
    front_sheet: dict = field(default_factory=dict)  # the front sheet's template context, for a preview


@dataclass
class PackPreview:
    """What publishing would issue for one pack (public or private): new, or the last issue unchanged."""

    private: bool
    version: int
    changes: list[str]
    pack: AssembledPack | None  # None: unchanged since the last issue, nothing new to issue
    last: models.Pack | None
    fingerprint: str = ""
    contents: dict = field(default_factory=dict)


def _html_pdf(html: str) -> PdfReader:
    from weasyprint import HTML

    return PdfReader(io.BytesIO(HTML(string=html).write_pdf()))


def _paper_pages(paper: Paper) -> list:
    """A paper's pages: its own PDF as uploaded, or its Word file's text set as pages."""
    if paper.document_id is None:
        return list(_html_pdf(render_to_string("publishing/paper.html", {"paper": paper})).pages)
    document = paper.document
    if document.media_type == "application/pdf":
        return list(PdfReader(io.BytesIO(filestore.read(document.stored_as))).pages)
    lines = [ln.text for ln in document.read().lines]
    return list(_html_pdf(render_to_string("publishing/paper.html", {"paper": paper, "lines": lines})).pages)


def _previous_minutes(meeting: Meeting) -> Meeting | None:
    return (
        meeting.body.meetings.filter(start__lt=meeting.start, status=Meeting.Status.HELD)
        .order_by("-start")
        .first()
    )


def sections(meeting: Meeting, private: bool) -> list[Section]:
    """Each top-level item with the pages it brings to this pack (public or private)."""
    sub_items = AgendaItem.objects.all() if private else visibility.public_items()
    items = list(
        meeting.agenda_items.filter(parent=None)
        .order_by("order")
        .prefetch_related("papers", Prefetch("sub_items", queryset=sub_items.order_by("order")))
    )
    previous = _previous_minutes(meeting)
    public_papers = set(visibility.public_papers().filter(meeting=meeting).values_list("pk", flat=True))
    out = []
    for item in items:
        section = Section(item)
        if not item.exempt and previous and "minutes" in item.title.lower() and not private:
            minutes = visibility.public_minutes().filter(meeting=previous).order_by("order")
            html = render_to_string("publishing/minutes.html", {"meeting": previous, "minutes": minutes})
            section.pages += list(_html_pdf(html).pages)
        for paper in item.papers.order_by("pk") if not item.withdrawn else ():
            if (paper.pk not in public_papers) == private:
                section.pages += _paper_pages(paper)
        out.append(section)
    return out


def _stamps(first: int, count: int) -> list:
    html = render_to_string("publishing/stamps.html", {"numbers": range(first, first + count)})
    return list(_html_pdf(html).pages)


def assemble(
    meeting: Meeting, *, private: bool = False, issued=None, version: int = 1, changes: list[str] = ()
) -> AssembledPack:
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
        context = {
            "meeting": meeting,
            "private": private,
            "items": [s.item for s in parts],
            "item_pages": item_pages,
            "issued": issued or timezone.localdate(),
            "members": meeting.body.memberships.select_related("person").order_by("person__name"),
            "arising": list(visibility.public(matters_arising(meeting))) if not private else [],
            "version": version,
            "changes": list(changes),
        }
        front = _html_pdf(render_to_string("publishing/front_sheet.html", context))
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
    return AssembledPack(out.getvalue(), total, item_pages, context)


# -- issuing -------------------------------------------------------------------------------------------


def _fingerprint(meeting: models.Meeting, private: bool) -> str:
    """What the pack is made of: a new issue is needed only when this changes."""
    parts = []
    for item in meeting.agenda_items.order_by("order"):
        parts.append(f"{item.pk}|{item.number}|{item.title}|{item.presenter}|{item.exempt}|{item.withdrawn}")
        for paper in item.papers.order_by("pk"):
            parts.append(
                f"{paper.pk}|{paper.title}|{paper.exempt}|{paper.document.sha256 if paper.document else ''}"
            )
    parts.append(f"{meeting.start}|{meeting.venue}|{private}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _contents(meeting: models.Meeting, private: bool) -> dict:
    """What a pack holds, in words, kept with it so that the next issue can say what changed."""
    items, papers = {}, {}
    public_papers = set(visibility.public_papers().filter(meeting=meeting).values_list("pk", flat=True))
    for item in meeting.agenda_items.filter(parent=None).order_by("order"):
        shown = private or not item.exempt
        items[str(item.pk)] = f"{item.number}. {item.title if shown else 'Exempt item'}" + (
            " (withdrawn)" if item.withdrawn else ""
        )
        for paper in item.papers.order_by("pk") if not item.withdrawn else ():
            if (paper.pk not in public_papers) == private:
                papers[str(paper.pk)] = [paper.title, paper.document.sha256 if paper.document else ""]
    return {"items": items, "papers": papers}


def changes_since(last: models.Pack | None, contents: dict) -> list[str]:
    """What changed since the last issue, as the supplementary front sheet lists it."""
    if last is None:
        return []
    before = last.item_pages.get("contents")
    if before is None:
        return [f"Changes since the pack issued on {timezone.localtime(last.issued_at):%-d %B %Y}"]
    changes = []
    for pk, title in contents["items"].items():
        was = before["items"].get(pk)
        if was is None:
            changes.append(f"Added: item {title}")
        elif was != title:
            changes.append(f"Changed: item {was} is now {title}")
    changes += [
        f"Removed: item {title}" for pk, title in before["items"].items() if pk not in contents["items"]
    ]
    for pk, (title, sha) in contents["papers"].items():
        was = before["papers"].get(pk)
        if was is None:
            changes.append(f"Added: {title}")
        elif was[1] != sha:
            changes.append(f"Replaced: {title}")
        elif was[0] != title:
            changes.append(f"Retitled: {was[0]} is now {title}")
    changes += [
        f"Withdrawn: {was[0]}" for pk, was in before["papers"].items() if pk not in contents["papers"]
    ]
    return changes


def _wanted(meeting: models.Meeting) -> list[bool]:
    has_private = (
        visibility.private(models.AgendaItem).filter(meeting=meeting).exists()
        or visibility.private(models.Paper).filter(meeting=meeting).exists()
    )
    return [False] + ([True] if has_private else [])


def preview(meeting: models.Meeting) -> list[PackPreview]:
    """What publishing now would issue: each pack's front sheet and page ranges, or that it is unchanged."""
    out = []
    for private in _wanted(meeting):
        last = meeting.packs.filter(private=private).order_by("-version").first()
        fingerprint = _fingerprint(meeting, private)
        if last and last.item_pages.get("fingerprint") == fingerprint:
            out.append(PackPreview(private, last.version, [], None, last))
            continue
        version = last.version + 1 if last else 1
        contents = _contents(meeting, private)
        changes = changes_since(last, contents)
        made = assemble(meeting, private=private, version=version, changes=changes)
        out.append(PackPreview(private, version, changes, made, last, fingerprint, contents))
    return out


@transaction.atomic
def publish(meeting: models.Meeting, user=None) -> list[models.Pack]:
    """Issue the public pack (and the members' private pack where there are exempt items), as previewed."""
    issued = []
    for planned in preview(meeting):
        if planned.pack is None:
            issued.append(planned.last)
            continue
        private, version, made = planned.private, planned.version, planned.pack
        digest = hashlib.sha256(made.pdf).hexdigest()
        name = (
            f"{meeting.body.slug}-{meeting.start:%Y-%m-%d}-{'private-' if private else ''}pack"
            f"{'-supplementary-' + str(version) if version > 1 else ''}.pdf"
        )
        document, _ = models.SourceDocument.objects.get_or_create(
            sha256=digest,
            defaults={
                "name": name,
                "media_type": "application/pdf",
                "size": len(made.pdf),
                "stored_as": store_original(made.pdf, digest, ".pdf"),
                "extractor_version": "pack",
            },
        )
        pages = {str(k): list(v) for k, v in made.item_pages.items()}
        pages["fingerprint"] = planned.fingerprint
        pages["contents"] = planned.contents
        issued.append(
            models.Pack.objects.create(
                meeting=meeting,
                private=private,
                version=version,
                document=document,
                page_count=made.page_count,
                item_pages=pages,
                issued_by=user,
            )
        )
        if not private:
            for item in meeting.agenda_items.filter(parent=None):
                first_last = made.item_pages.get(item.pk)
                item.first_pack_page, item.last_pack_page = first_last or (None, None)
                item.save(update_fields=["first_pack_page", "last_pack_page"])
    meeting.published_at = meeting.published_at or timezone.now()
    meeting.save(update_fields=["published_at"])
    return issued
