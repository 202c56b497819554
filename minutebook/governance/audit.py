"""Every change to the minute book is recorded: who, when, before and after.

The request's user is remembered for the length of the request (``AuditMiddleware``);
changes made outside a request (imports, commands) are recorded without a user.
Imports write many records at once, so inside ``batch()`` the entries are
collected and written together when the batch ends.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import functools
from itertools import chain

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save

from . import bulk, models

current_user: contextvars.ContextVar = contextvars.ContextVar("minutebook_user", default=None)
_buffer: contextvars.ContextVar = contextvars.ContextVar("minutebook_audit_buffer", default=None)

AUDITED = [
    models.Organisation,
    models.Body,
    models.Person,
    models.Membership,
    models.Meeting,
    models.AgendaItem,
    models.Attendance,
    models.Declaration,
    models.Minute,
    models.Resolution,
    models.Action,
    models.Paper,
    models.Recommendation,
    models.WorkProgrammeEntry,
    models.Pack,
    models.MinuteAmendment,
    models.PersonMatch,
]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


@functools.cache
def _shown(model) -> list:
    """The fields a snapshot holds: those ``model_to_dict`` gives (the editable ones, many-to-many included), found
    once for each model rather than again for each of the hundreds of records an import writes."""
    opts = model._meta
    return [f for f in chain(opts.concrete_fields, opts.private_fields, opts.many_to_many) if getattr(f, "editable", False)]


def snapshot(instance) -> dict:
    """The record as ``model_to_dict`` gives it, its values made plain for JSON."""
    return {f.name: _plain(f.value_from_object(instance)) for f in _shown(type(instance))}


def _record(instance, action: str, before: dict | None, after: dict | None) -> None:
    user = current_user.get()
    entry = models.AuditEntry(
        user=user if getattr(user, "is_authenticated", False) else None,
        model=instance._meta.label,
        object_id=str(instance.pk),
        action=action,
        before=before,
        after=after,
    )
    buffer = _buffer.get()
    if buffer is not None:
        buffer.append(entry)
    else:
        entry.save()


def as_read(instance) -> None:
    """Say that ``instance`` is, field for field, the record as the database holds it now (read in this
    transaction, every change to it since saved), before the caller changes and saves it: its audit entry's
    "before" is then taken from it, not read again (an import updating a meeting or a person's names)."""
    instance._audit_as_read = snapshot(instance)


def _before_save(sender, instance, raw=False, **kwargs):
    as_read = instance.__dict__.pop("_audit_as_read", None)
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    if as_read is not None:
        instance._audit_before = as_read
        return
    previous = sender.objects.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created:
        _record(instance, models.AuditEntry.Action.CREATE, None, after)
    elif before != after:
        _record(instance, models.AuditEntry.Action.UPDATE, before, after)


def _created_together(sender, instances, **kwargs):
    for instance in instances:
        _record(instance, models.AuditEntry.Action.CREATE, None, snapshot(instance))


def _after_delete(sender, instance, **kwargs):
    _record(instance, models.AuditEntry.Action.DELETE, snapshot(instance), None)


@contextlib.contextmanager
def batch():
    """Collect audit entries and write them in one go when the block ends (inside its transaction)."""
    entries: list = []
    token = _buffer.set(entries)
    try:
        yield
    finally:
        _buffer.reset(token)
    bulk.insert(models.AuditEntry, entries, keys=False)


@contextlib.contextmanager
def acting_as(user):
    token = current_user.set(user)
    try:
        yield
    finally:
        current_user.reset(token)


# The records of a meeting whose audit entries name it (``meeting`` in their snapshot).
OF_MEETING = [
    models.AgendaItem,
    models.Attendance,
    models.Declaration,
    models.Minute,
    models.Paper,
    models.Pack,
]


def of_meeting(meeting):
    """The audit trail of a meeting and its records, newest first: every correction, by whom and when."""
    labels = [m._meta.label for m in OF_MEETING]
    return models.AuditEntry.objects.filter(
        Q(model=models.Meeting._meta.label, object_id=str(meeting.pk))
        | Q(model__in=labels, after__meeting=meeting.pk)
        | Q(model__in=labels, before__meeting=meeting.pk)
    ).select_related("user")


def changed_fields(entry) -> list[str]:
    """The fields an entry changed (all of them for a creation or deletion)."""
    before, after = entry.before or {}, entry.after or {}
    return sorted(k for k in {*before, *after} if before.get(k) != after.get(k) and k != "id")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


def connect_signals() -> None:
    for model in AUDITED:
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{model.__name__}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-delete-{model.__name__}")
        bulk.created.connect(_created_together, sender=model, dispatch_uid=f"audit-created-{model.__name__}")
