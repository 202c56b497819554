"""What goes into the index, and keeping it current on every save and delete.

Agenda items, minutes, resolutions, papers, recommendations and work
programme entries are indexed. Anything exempt (an agenda item under
Schedule 12A, and every record under it) is never indexed: the index feeds
the public site.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from minutebook.governance import models as gov

from .models import SearchEntry

Kind = SearchEntry.Kind


def _date(meeting: gov.Meeting):
    return meeting.start.date() if meeting.start else None


def _public_item(item: gov.AgendaItem | None) -> bool:
    while item is not None:
        if item.exempt:
            return False
        item = item.parent
    return True


def _entry(kind: str, meeting: gov.Meeting, title: str, text: str, anchor: str, date=None) -> dict:
    return {
        "kind": kind,
        "body_id": meeting.body_id,
        "date": date or _date(meeting),
        "title": title,
        "text": text or "",
        "url": f"{meeting.get_absolute_url()}#{anchor}",
    }


def entry_for(obj) -> dict | None:
    """The index entry for a record, or None when it must not be public."""
    if isinstance(obj, gov.AgendaItem):
        if not _public_item(obj):
            return None
        return _entry(Kind.AGENDA_ITEM, obj.meeting, obj.title, obj.presenter, f"item-{obj.pk}")
    if isinstance(obj, gov.Minute):
        if not _public_item(obj.agenda_item) or obj.exempt:
            return None
        return _entry(Kind.MINUTE, obj.meeting, f"{obj.number}. {obj.title}", obj.text, f"minute-{obj.pk}")
    if isinstance(obj, gov.Resolution):
        minute = obj.minute
        if not _public_item(minute.agenda_item) or minute.exempt:
            return None
        return _entry(
            Kind.RESOLUTION,
            minute.meeting,
            f"{minute.number}. {minute.title}",
            obj.text,
            f"minute-{minute.pk}",
        )
    if isinstance(obj, gov.Paper):
        if not _public_item(obj.agenda_item) or obj.exempt:
            return None
        return _entry(
            Kind.PAPER,
            obj.meeting,
            obj.title,
            f"{obj.get_kind_display()} {obj.author}".strip(),
            f"paper-{obj.pk}",
            obj.date,
        )
    if isinstance(obj, gov.Recommendation):
        paper = obj.paper
        if not _public_item(paper.agenda_item) or paper.exempt:
            return None
        return _entry(
            Kind.RECOMMENDATION, paper.meeting, paper.title, obj.text, f"paper-{paper.pk}", paper.date
        )
    if isinstance(obj, gov.WorkProgrammeEntry):
        return {
            "kind": Kind.WORK_PROGRAMME,
            "body_id": obj.body_id,
            "date": obj.planned_date,
            "title": obj.title,
            "text": " ".join(filter(None, [obj.detail, obj.lead, obj.origin])),
            "url": reverse("body", args=[obj.body.slug]) + f"#work-{obj.pk}",
        }
    return None


KINDS = {
    gov.AgendaItem: Kind.AGENDA_ITEM,
    gov.Minute: Kind.MINUTE,
    gov.Resolution: Kind.RESOLUTION,
    gov.Paper: Kind.PAPER,
    gov.Recommendation: Kind.RECOMMENDATION,
    gov.WorkProgrammeEntry: Kind.WORK_PROGRAMME,
}


def update(obj) -> None:
    kind = KINDS[type(obj)]
    entry = entry_for(obj)
    if entry is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
    else:
        SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=entry)
    if isinstance(obj, gov.AgendaItem | gov.Minute | gov.Paper):
        _update_children(obj)


def _update_children(obj) -> None:
    """A record's exemption decides its children's: re-index them when it changes."""
    children = []
    if isinstance(obj, gov.AgendaItem):
        children += list(obj.sub_items.all()) + list(gov.Minute.objects.filter(agenda_item=obj))
        children += list(obj.papers.all())
    elif isinstance(obj, gov.Minute):
        children += list(obj.resolutions.all())
    elif isinstance(obj, gov.Paper):
        children += list(obj.recommendations.all())
    for child in children:
        update(child)


def remove(obj) -> None:
    SearchEntry.objects.filter(kind=KINDS[type(obj)], object_id=obj.pk).delete()


def rebuild() -> int:
    """Index everything again from the records (``minutebook reindex``)."""
    SearchEntry.objects.all().delete()
    count = 0
    for model in KINDS:
        for obj in model.objects.all().iterator():
            entry = entry_for(obj)
            if entry:
                SearchEntry.objects.create(object_id=obj.pk, **entry)
                count += 1
    return count


_pending: contextvars.ContextVar = contextvars.ContextVar("minutebook_index_pending", default=None)


@contextlib.contextmanager
def batch():
    """Index the records saved inside the block once, when it ends, instead of on every save."""
    pending: dict = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for model, pks in pending.items():
        related = RELATED.get(model, ())
        found = {obj.pk: obj for obj in model.objects.filter(pk__in=pks).select_related(*related)}
        SearchEntry.objects.filter(kind=KINDS[model], object_id__in=pks).delete()
        entries = [
            SearchEntry(object_id=pk, **entry) for pk, obj in found.items() if (entry := entry_for(obj))
        ]
        SearchEntry.objects.bulk_create(entries, batch_size=500)


# What entry_for reads of each record, fetched with it in a batch.
RELATED = {
    gov.AgendaItem: ("meeting", "parent"),
    gov.Minute: ("meeting", "agenda_item"),
    gov.Resolution: ("minute__meeting", "minute__agenda_item"),
    gov.Paper: ("meeting", "agenda_item"),
    gov.Recommendation: ("paper__meeting", "paper__agenda_item"),
    gov.WorkProgrammeEntry: ("body",),
}


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(sender, set()).add(instance.pk)
    else:
        update(instance)


def _deleted(sender, instance, **kwargs):
    remove(instance)


def connect_signals() -> None:
    for model in KINDS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
