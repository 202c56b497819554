"""Writing pack records into the minute book, safely and repeatably.

A council's archive is hundreds of PDFs, imported more than once and in
any order. So:

- each document is one transaction: it imports whole or not at all;
- its original is kept, content-addressed, so it can always be read again;
- the same file twice changes nothing, and a later pack that repeats what an
  earlier one said (the minutes of meeting N inside the pack of meeting N+1)
  updates the same records instead of adding copies: every record is found
  again by its natural key (a meeting by body and date, a minute by meeting
  and number ...);
- a record a clerk corrected is never overwritten: the difference is kept as
  an ``ImportConflict`` and reported;
- whatever is wrong with a file, it is one failed document, never a failed
  batch: every exception becomes an ``Outcome`` naming the file;
- reading and extraction happen before the write transaction, which stays
  short, and is retried when another writer holds SQLite's lock;
- the original is written to a ``.PID.part`` file first and moved to its
  content-addressed name only when the document's transaction commits, so a
  crash leaves neither a document without its original nor an original
  without its document (``settle_originals`` tidies what a killed import left).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import functools
import hashlib
import os
import random
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import BigIntegerField, CharField, DateField, Model
from django.utils import timezone

from minutebook.extract import VERSION as EXTRACTOR_VERSION
from minutebook.extract import records
from minutebook.extract.actions import action_in
from minutebook.extract.council import council_of, place_of
from minutebook.extract.people import looks_like_name, strip_honorifics
from minutebook.sources.document import Document, SourceError
from minutebook.sql.records import Records
from minutebook.sql.statements import Given

from . import audit, bulk, filestore, models, people, reading
from .due import read_due

# Work other apps defer to the end of each document's import, still inside its transaction (the search
# index registers its batch here): context-manager factories.
BATCHES: list = []
# Waiting for SQLite's write lock: the busy timeout (settings) waits first; these retries are for what is
# still locked after it, with growing, jittered pauses so competing imports do not retry in step.
WRITE_ATTEMPTS = 6
RETRY_PAUSE = 0.5


@dataclass
class Outcome:
    path: Path
    status: str  # imported, kept (no meeting found in it), unchanged, failed
    message: str = ""
    conflicts: int = 0
    counts: Counter = field(default_factory=Counter)
    pages: int = 0  # pages read (0 when the file was not read again)


def stage_original(data: bytes, digest: str, suffix: str) -> tuple[str, str | None]:
    """Write the file's bytes beside their content-addressed name in the file store, as ``NAME.HOST-PID.part``.

    Returns the name they will be kept under and the staged name (None when already kept).
    ``keep_original`` gives the staged file its kept name; until then no reader sees it.
    """
    name = filestore.kept_name(digest, suffix)
    return name, filestore.stage(data, name)


def keep_original(staged: str | None) -> None:
    filestore.keep(staged)


def store_original(data: bytes, digest: str, suffix: str) -> str:
    """Keep the file's bytes in the file store, named by their SHA-256; returns the name they are kept under."""
    relative, staged = stage_original(data, digest, suffix)
    keep_original(staged)
    return relative


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def settle_originals() -> int:
    """Finish what killed imports left in the file store; returns how many staged files were settled.

    A staged file whose process is gone is given its kept name when its document was committed (the
    process died between commit and move) and removed otherwise (it died before commit).
    """
    return filestore.settle(
        lambda name: models.SourceDocument.objects.filter(sha256=name.rsplit("/", 1)[-1][:64]).exists(),
        process_alive,
    )


def import_file(path: Path, *, force: bool = False, name: str | None = None, council: str = "") -> Outcome:
    """Import one document, all or nothing. ``force`` re-reads a file already imported (``reimport``).
    ``council``: the council whose paper it is, as whoever gathered it knows (a saved web page often prints
    no council's name, and a pack may name other councils more often than its own); blank, the council
    its text names (``extract.council``).

    Never raises for a bad file: whatever fails, the outcome is "failed" with one message naming it.
    """
    try:
        return _import(path, force=force, name=name or path.name, council=council.strip())
    except Exception as exc:  # noqa: BLE001 - one document's failure must not end the batch
        return Outcome(
            path, "failed", f"{path}: could not be imported ({type(exc).__name__}: {str(exc)[:200]})"
        )


def _import(path: Path, *, force: bool, name: str, council: str) -> Outcome:
    try:
        size = path.stat().st_size
        limit = getattr(settings, "MINUTEBOOK_MAX_IMPORT_BYTES", None)
        if limit is not None and size > limit:
            return Outcome(path, "failed", f"{path}: is {size:,} bytes, over the import limit of {limit:,}")
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(path, "failed", f"{path}: cannot be read ({exc.strerror})")
    digest = hashlib.sha256(data).hexdigest()
    source = _stored.first(sha256=digest)
    if known := _already_imported(source, force):
        return Outcome(path, "unchanged", f"{path}: already imported as {known}")
    council = council or (source.council if source else "")  # read again: the council it was stated to be
    # Everything slow happens here, before the transaction: reading, extraction, naming the council. The
    # original is staged meanwhile (written and synced to disk: waiting on the disk, not the processor).
    staging = _stager().submit(stage_original, data, digest, path.suffix)
    try:
        document, record = reading.read(data, digest, path, name)  # read ahead while the last one was written
    except Exception as exc:  # noqa: BLE001 - an extractor failure is this document's failure only
        with contextlib.suppress(Exception):
            filestore.discard(staging.result()[1])
        if isinstance(exc, SourceError):
            return Outcome(path, "failed", f"{path}: {exc.problem}")
        return Outcome(path, "failed", f"{path}: could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    stated, council = council, council or council_of(document)
    stored, partial = staging.result()
    reading.while_writing()  # the batch's next document is read meanwhile
    try:
        outcome = _write(path, name, digest, data, stored, partial, document, record, council, stated, force)
        outcome.pages = max(document.page_count, 1)
        return outcome
    finally:
        filestore.discard(partial)  # still staged: the document was not committed


# Where an import's original is written and synced while the import reads it: one thread, so the originals of
# one process's imports are written one at a time, as before, and its wait for the disk (an fsync, tens of
# milliseconds on a busy disk) overlaps the reading instead of adding to it. One per process: a forked child
# does not inherit its parent's thread.
_staging: tuple[int, concurrent.futures.ThreadPoolExecutor] | None = None


def _stager() -> concurrent.futures.ThreadPoolExecutor:
    global _staging
    if _staging is None or _staging[0] != os.getpid():
        _staging = (
            os.getpid(),
            concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="minutebook-staging"),
        )
    return _staging[1]


UNREAD = object()  # a record not yet looked for (None: looked for, and not there)


def _already_imported(known: models.SourceDocument | None, force: bool) -> str | None:
    """The name a file was imported under when importing it again would change nothing (``known``: its
    stored document, or None)."""
    if known and not force and known.extractor_version == EXTRACTOR_VERSION:
        return known.name
    return None


# The questions every import asks, compiled once per process (``minutebook.sql.records``).
_stored = Records(lambda: models.SourceDocument.objects.filter(sha256=Given("sha256", CharField())))
_council = Records(lambda: models.Organisation.objects.filter(name=Given("name", CharField())))
_bodies = Records(lambda: models.Body.objects.filter(organisation_id=Given("council", BigIntegerField())))
# A body's meetings on a day, by the day asked (none that day: none at this hour either), oldest first. The day
# of a start is taken in the time zone the statement was compiled in: the site's own, the only one it activates.
_meetings_on = Records(
    lambda: models.Meeting.objects.filter(
        body_id=Given("body", BigIntegerField()), start__date=Given("day", DateField())
    ).order_by("pk")
)
_numbered_items = Records(
    lambda: models.AgendaItem.objects.filter(meeting_id=Given("meeting", BigIntegerField())).exclude(
        number=""
    )
)


@functools.cache
def _children_of(model, scope: str) -> Records:
    """A parent's records of ``model`` (``scope``: the field naming the parent), in no order."""
    attname = _attname(model, scope)
    return Records(lambda: model.objects.filter(**{attname: Given("parent", BigIntegerField())}).order_by())


def _one_writer_per_council(council: str) -> None:
    """Let one import at a time write a council's records (until this transaction ends).

    Two packs carrying the same meeting, imported at once by two workers, would otherwise both find no
    meeting, no minutes and no people and create them twice. Records of different councils never meet,
    so their imports still run side by side. On SQLite the write lock already lets one writer in at a
    time; on PostgreSQL a transaction-scoped advisory lock on the council's name does it. (Unique
    constraints catch what is left, such as two councils' people wanting one slug: the write is retried.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 15))", [council])


def _locked(exc: Exception) -> bool:
    return isinstance(exc, OperationalError) and any(
        w in str(exc).lower() for w in ("locked", "busy", "deadlock")
    )


def _write(path, name, digest, data, stored, partial, document, record, council, stated, force) -> Outcome:
    """The write transaction, retried while another process holds the database's write lock.

    A concurrent import of the same file may commit first (on PostgreSQL our insert then fails on the
    unique checksum): the retry finds its document and reports the file unchanged.
    """
    nested = connection.in_atomic_block  # inside a caller's transaction (tests): no retry, no on_commit
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic(), contextlib.ExitStack() as deferred:
                _one_writer_per_council(council)
                if not nested:
                    # first in line: what runs once the document is committed (its figures checked) finds
                    # its original in place
                    transaction.on_commit(lambda: keep_original(partial))
                source = _stored.first(sha256=digest)
                if known := _already_imported(source, force):
                    return Outcome(path, "unchanged", f"{path}: already imported as {known}")
                for batch in [audit.batch, *BATCHES, models.touching_once]:
                    deferred.enter_context(batch())
                values = {
                    "name": name,
                    "media_type": document.media_type,
                    "size": len(data),
                    "stored_as": stored,
                    "extractor_version": EXTRACTOR_VERSION,
                    "council": stated,
                }
                # Found (under this council's lock) or created: not update_or_create, whose savepoint and
                # locking read are three more round trips on PostgreSQL for what the lock already ensures.
                if source is None:
                    source = models.SourceDocument.objects.create(sha256=digest, **values)
                else:
                    for field_name, value in values.items():
                        setattr(source, field_name, value)
                    source.save(update_fields=list(values))
                models.remember(source, document)  # the index and the figure checks read it from here
                writer = RecordWriter(source, document, council)
                writer.write(record)
            break
        except (OperationalError, IntegrityError) as exc:
            retry = _locked(exc) or (isinstance(exc, IntegrityError) and attempt < 2)
            if nested or not retry or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(RETRY_PAUSE * 2**attempt * random.uniform(0.5, 1.5))
    if nested:
        keep_original(partial)
    if not writer.meetings:
        return Outcome(
            path,
            "kept",
            f"{path}: kept without meetings: no meeting was found in it",
            conflicts=writer.conflicts,
            counts=writer.counts,
        )
    return Outcome(path, "imported", f"{path}: imported", conflicts=writer.conflicts, counts=writer.counts)


def reimport(source: models.SourceDocument) -> Outcome:
    """Run extraction again over a stored original, with the same merge rules."""
    if not filestore.exists(source.stored_as):
        return Outcome(
            Path(source.name), "failed", f"{source.name}: its stored original is missing ({source.stored_as})"
        )
    if isinstance(filestore.store(), filestore.Directory):
        outcome = import_file(source.path, force=True, name=source.name, council=source.council)
    else:  # in object storage: read through a local copy
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / Path(source.stored_as).name
            copy.write_bytes(filestore.read(source.stored_as))
            outcome = import_file(copy, force=True, name=source.name, council=source.council)
    outcome.path = Path(source.name)
    return outcome


@functools.lru_cache(maxsize=4096)  # a council's committees are matched again for every meeting a pack names
def body_key(name: str, council: str) -> str:
    """A body's name folded so its spellings meet: "Coventry Health and Well-being Board" = "Health and Wellbeing Board"."""
    text = (
        name.lower()
        .replace("&", " and ")
        .replace("well-being", "wellbeing")
        .replace("well being", "wellbeing")
    )
    place = place_of(council).lower()
    text = re.sub(rf"^(?:the\s+)?(?:{re.escape(place)}\s+)?(?:city\s+council\s+)?", "", text)
    return re.sub(r"[^a-z0-9()]+", " ", text).strip()


BODY_KINDS = [
    (re.compile(r"health\s+and\s+well-?\s?being\s+board", re.I), models.Body.Kind.HEALTH_AND_WELLBEING),
    (re.compile(r"safeguarding", re.I), models.Body.Kind.SAFEGUARDING),
    (re.compile(r"scrutiny|overview", re.I), models.Body.Kind.SCRUTINY),
    (re.compile(r"\bcabinet\b", re.I), models.Body.Kind.CABINET),
]


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def _ref(value):
    """A related record as a key: its primary key, or (not yet written) the object itself."""
    if isinstance(value, Model):
        return value.pk if value.pk is not None else ("new", id(value))
    return value


def _key(model, lookup: dict) -> tuple:
    """A natural key as a hashable tuple: related records by their primary key."""
    return tuple(sorted((_attname(model, k), _ref(v)) for k, v in lookup.items()))


# New records are written in bulk, parents before children, when a document's records are complete (or
# before a query needs them). Meetings are written at once: everything else hangs from them.
WRITE_ORDER = [
    models.AgendaItem,
    models.Attendance,
    models.Minute,
    models.Resolution,
    models.Action,
    models.Declaration,
    models.Paper,
    models.Recommendation,
    models.WorkProgrammeEntry,
]


class RecordWriter:
    """Writes one pack record; every write goes through ``_upsert`` so the merge rules hold everywhere."""

    def __init__(self, source: models.SourceDocument, document: Document, council: str):
        self.source = source
        self.document = document
        self.conflicts = 0
        self.meetings = 0  # meetings written or found again: none means the document was kept without
        self.counts: Counter = Counter()
        self.people_cache: dict = {}
        self.index: dict = {}
        self.pending: dict = {model: [] for model in WRITE_ORDER}
        self.bodies: list | None = None  # the council's bodies, read once
        self.council = _council.first(name=council)
        if self.council is None:
            self.council, _ = models.Organisation.objects.get_or_create(
                name=council, defaults={"kind": models.Organisation.Kind.COUNCIL}
            )

    # -- the one merge rule -------------------------------------------------------------------------------

    def _upsert(
        self, model, lookup: dict, values: dict, span: records.Span | None, describe: tuple, found=UNREAD
    ):
        """Find the record by its natural key, then create it, update it, or (if a clerk corrected it) report.

        The key's first field is its parent (a minute's meeting, a resolution's minute): the parent's existing
        children are read in one query and kept, instead of one query per child. ``found``: the record (None:
        not there), when the caller has just looked for it by that key. ``describe``: how a conflict's report
        names the record, a format string and its values, made into text only when there is a conflict (naming
        a meeting formats its day in the site's time zone, and most records written have none).
        """
        scope = next(iter(lookup))
        if not isinstance(lookup[scope], Model):
            scope = None
        if found is not UNREAD:
            obj = found
        elif scope is None:
            obj = next(iter(model.objects.filter(**lookup).order_by()[:1]), None)
        else:
            index = self._children(model, scope, lookup[scope], list(lookup))
            obj = index.get(_key(model, lookup))
        if obj is None:
            extra = self._provenance(span) if hasattr(model, "source_id") else {}
            if model in self.pending:
                obj = model(**lookup, **values, **extra)
                self.pending[model].append(obj)
                if model is models.Attendance:  # "the only Brennan on the body" counts this meeting too
                    attending = self.people_cache.setdefault(("attending", lookup["meeting"].body_id), set())
                    attending.add(lookup["person"].pk)
            else:
                obj = model.objects.create(**lookup, **values, **extra)
            self.counts[model.__name__] += 1
            if scope is not None and found is UNREAD:
                index[_key(model, lookup)] = obj
            return obj
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v and v not in (None, "")}
        if not changed:
            return obj
        if obj.pk is None:  # written by this document, not yet in the database
            for name, value in changed.items():
                setattr(obj, name, value)
            return obj
        if getattr(obj, "corrected", False) or getattr(obj, "is_locked", False):
            described = describe[0].format(*describe[1:])
            for name, value in changed.items():
                _, created = models.ImportConflict.objects.get_or_create(
                    source=self.source,
                    record=described,
                    field=name,
                    stored=str(getattr(obj, name)),
                    imported=str(value),
                )
                self.conflicts += created
            return obj
        audit.as_read(obj)  # read in this transaction and saved whenever changed: as the database holds it
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(changed))
        return obj

    def _children(self, model, scope: str, parent, fields: list[str]) -> dict:
        cache_key = (model, scope, _ref(parent), tuple(sorted(fields)))
        if cache_key not in self.index:
            rows = _children_of(model, scope).all(parent=parent.pk) if parent.pk is not None else []
            self.index[cache_key] = {
                _key(model, {f: getattr(row, _attname(model, f)) for f in fields}): row for row in rows
            }
        return self.index[cache_key]

    def flush(self) -> None:
        """Write the new records in bulk, parents first, and tell the audit trail, the search index and their
        containers, once for each batch (``bulk.created``): what a ``save()`` of each would have made them
        record, without a signal a record. Every record's key is taken first, in one statement, in the order
        they are written (a sub-item after the item it is part of)."""
        batches, numbered = [], set()
        for model in WRITE_ORDER:
            waiting = self.pending[model]
            while waiting:
                ready = [
                    o
                    for o in waiting
                    if all(
                        getattr(r, "pk", 0) is not None or id(r) in numbered
                        for r in o._state.fields_cache.values()
                    )
                ]
                if not ready:
                    raise ValueError(f"{model.__name__}: records whose parent was never written")
                batches.append((model, ready))
                numbered |= {id(o) for o in ready}
                waiting[:] = [o for o in waiting if id(o) not in numbered]
        bulk.number(batches)
        for model, ready in batches:
            bulk.insert(model, ready)
            bulk.created.send(sender=model, instances=ready)

    def _provenance(self, span: records.Span | None) -> dict:
        if span is None:
            return {"source": self.source}
        return {
            "source": self.source,
            "first_line": span.first_line,
            "last_line": span.last_line,
            "first_page": span.first_page,
            "last_page": span.last_page,
        }

    # -- records ------------------------------------------------------------------------------------------

    def write(self, record: records.PackRecord) -> None:
        agenda_meeting = None
        default_body = None
        for meeting in record.meetings:
            body = self.body(meeting.body or (default_body.name if default_body else None))
            if body is None or meeting.date is None:
                continue
            default_body = default_body or body
            stored = self.meeting(body, meeting)
            self.meetings += 1
            if meeting.kind == "agenda":
                agenda_meeting = stored
                self.agenda(stored, meeting.items)
            else:
                self.minutes(stored, meeting)
        self.flush()  # papers find their agenda items in the database
        if agenda_meeting is not None:
            for report in record.reports:
                self.paper(agenda_meeting, report)
        if default_body is not None:
            for entry in record.work_programme:
                self._upsert(
                    models.WorkProgrammeEntry,
                    {"body": default_body, "planned_date": entry.date, "title": entry.title},
                    {"moved_from": [d.isoformat() for d in entry.moved_from]} if entry.moved_from else {},
                    entry.span,
                    ("Work programme entry {!r}", entry.title),
                )
        self.flush()

    def body(self, name: str | None) -> models.Body | None:
        if not name:
            return None
        key = body_key(name, self.council.name)
        if self.bodies is None:
            self.bodies = _bodies.all(council=self.council.pk)
        for body in self.bodies:
            if key in {body_key(n, self.council.name) for n in [body.name, *body.other_names]}:
                if name != body.name and name not in body.other_names:
                    body.other_names = sorted({*body.other_names, name})
                    body.save(update_fields=["other_names"])
                return body
        kind = next((k for pattern, k in BODY_KINDS if pattern.search(name)), models.Body.Kind.OTHER)
        body = models.Body(organisation=self.council, name=name, kind=kind)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.council.name.split()[0]} {key}".lower()).strip("-")[:110]
        n = 1
        body.slug = slug
        while models.Body.objects.filter(slug=body.slug).exists():
            n += 1
            body.slug = f"{slug}-{n}"
        body.save()
        self.bodies.append(body)
        self.counts["Body"] += 1
        return body

    def meeting(self, body: models.Body, meeting: records.Meeting) -> models.Meeting:
        """The body's meeting on that day: an agenda creates it scheduled, minutes make it held."""
        hour, minute = (int(x) for x in (meeting.time or "00:00").split(":"))
        start = datetime.datetime.combine(
            meeting.date, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
        )
        # Looked for by its day, the one question asked: none that day means none at this hour either (not a
        # read of all the body's meetings to find out).
        existing = _meetings_on.first(body=body.pk, day=meeting.date)
        values = {"venue": (meeting.venue or "")[:300]}
        # Minutes make a meeting held; so does its day having passed (its minutes may not be in the book yet).
        past = meeting.date < timezone.localdate()
        if meeting.kind == "minutes" or (past and getattr(existing, "status", "scheduled") == "scheduled"):
            values["status"] = models.Meeting.Status.HELD
        if existing is None:
            lookup = {"body": body, "start": start}
        else:
            lookup = {"pk": existing.pk}
            if meeting.time:  # a printed time corrects a meeting first known without one
                values["start"] = start
        stored = self._upsert(
            models.Meeting,
            lookup,
            values,
            meeting.span,
            ("Meeting of {} on {:%d %B %Y}", body, meeting.date),
            found=existing,
        )
        stored.body = body  # what its records read of it (its body's people, its actions' body)
        return stored

    def agenda(self, meeting: models.Meeting, items: list[records.AgendaItem]) -> None:
        for order, item in enumerate(items, start=1):
            first, last = item.pages or (None, None)
            values = {
                "title": item.title,
                "presenter": item.presenter or "",
                "section": (item.section or "")[:200],
                "first_pack_page": first,
                "last_pack_page": last,
                "order": order * 100,
                "exempt": item.exempt_paragraph is not None,
                "exempt_paragraph": item.exempt_paragraph,
            }
            # An agenda that prints no numbers (many web pages) names its items by their place, as minutes do.
            known_by = (
                {"number": item.number} if item.number else {"number": "", "order": values.pop("order")}
            )
            parent = self._upsert(
                models.AgendaItem,
                {"meeting": meeting, **known_by, "sub_label": "", "parent": None},
                values,
                item.span,
                ("Agenda item {} of {}", item.number or item.title, meeting),
            )
            for k, sub in enumerate(item.sub_items, start=1):
                first, last = sub.pages or (None, None)
                self._upsert(
                    models.AgendaItem,
                    {"meeting": meeting, "number": item.number, "sub_label": sub.label, "parent": parent},
                    {
                        "title": sub.title,
                        "presenter": sub.presenter or "",
                        "first_pack_page": first,
                        "last_pack_page": last,
                        "order": order * 100 + k,
                    },
                    sub.span,
                    ("Agenda item {}({}) of {}", item.number, sub.label, meeting),
                )

    def person(self, name: str, body: models.Body) -> models.Person:
        return people.resolve(name, self.council, body, self.people_cache)

    def minutes(self, meeting: models.Meeting, record: records.Meeting) -> None:
        body = meeting.body
        for attendee in record.present or []:
            capacity = {"officer": "officer", "other": "other"}.get(attendee.category, "member")
            self._upsert(
                models.Attendance,
                {"meeting": meeting, "person": self.person(attendee.name, body)},
                {
                    "status": models.Attendance.Status.PRESENT,
                    "capacity": capacity,
                    "role": (attendee.role or "")[:200],
                },
                attendee.span,
                ("Attendance of {} at {}", attendee.name, meeting),
            )
        for apology in record.apologies or []:
            absent = self.person(apology.name, body)
            self._upsert(
                models.Attendance,
                {"meeting": meeting, "person": absent},
                {"status": models.Attendance.Status.APOLOGIES},
                apology.span,
                ("Apologies of {} at {}", apology.name, meeting),
            )
            if apology.substitute:
                self._upsert(
                    models.Attendance,
                    {"meeting": meeting, "person": self.person(apology.substitute, body)},
                    {
                        "status": models.Attendance.Status.PRESENT,
                        "capacity": models.Attendance.Capacity.SUBSTITUTE,
                        "substitute_for": absent,
                    },
                    apology.span,
                    ("Attendance of {} at {}", apology.substitute, meeting),
                )
        for order, item in enumerate(record.items, start=1):
            # a minute is known by its number; an unnumbered one (many web pages print none) by its place
            known_by = {"number": item.number} if item.number else {"number": "", "order": order}
            minute = self._upsert(
                models.Minute,
                {"meeting": meeting, **known_by},
                {"title": item.title, "text": item.text} | ({} if "order" in known_by else {"order": order}),
                item.span,
                ("Minute {} of {}", item.number, meeting),
            )
            for k, text in enumerate(item.resolutions, start=1):
                resolution = self._upsert(
                    models.Resolution,
                    {"minute": minute, "order": k},
                    {"text": text, "clause": str(k)},
                    item.span,
                    ("Resolution {} of minute {} of {}", k, item.number, meeting),
                )
                self.action(body, resolution)
        if record.declarations:
            self.flush()  # declarations find their minutes in the database
        for declaration in record.declarations or []:
            agenda_item = models.Minute.objects.filter(meeting=meeting, number=declaration.item).first()
            self._upsert(
                models.Declaration,
                {
                    "meeting": meeting,
                    "person": self.person(declaration.member, body),
                    "text": declaration.text,
                },
                {"agenda_item": agenda_item.agenda_item if agenda_item else None},
                declaration.span,
                ("Declaration of {} at {}", declaration.member, meeting),
            )

    def action(self, body: models.Body, resolution: models.Resolution) -> None:
        hint = action_in(resolution.text)
        if hint is None:
            return
        # "Simon Gilby, Partnership Trust" or "The Chair, Councillor Gannon": the part that names a person.
        owner_person = None
        if not re.match(r"^(?:councillors|cllrs)\b", hint.owner, re.I) and " and " not in hint.owner:
            named = [p.strip() for p in hint.owner.split(",") if looks_like_name(p) and len(p.split()) <= 4]
            named = [
                p
                for p in named
                if re.match(r"^(?:Councillor|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor)\b", p) or len(p.split()) >= 2
            ]
            owner_person = self.person(strip_honorifics(named[0]), body) if len(named) == 1 else None
        self._upsert(
            models.Action,
            {"resolution": resolution},
            {
                "body": body,
                "description": resolution.text,
                "owner_text": hint.owner[:300],
                "owner_person": owner_person,
                **_due(resolution),
            },
            None,
            ("Action from {}", resolution),
        )

    def _agenda_items(self, meeting: models.Meeting) -> dict:
        """The meeting's agenda items by (number, sub-label), read once (the first in the agenda's order
        where two share them): its papers name the item they belong to."""
        key = ("agenda items", meeting.pk)
        if key not in self.index:
            items = self.index[key] = {}
            for item in _numbered_items.all(meeting=meeting.pk):
                items.setdefault((item.number, item.sub_label), item)
        return self.index[key]

    def paper(self, meeting: models.Meeting, report: records.Report) -> None:
        number, _, label = (report.agenda_item or "").partition("(")
        item = self._agenda_items(meeting).get((number, label.rstrip(")"))) if number else None
        kind = {
            "briefing note": models.Paper.Kind.BRIEFING_NOTE,
            "cabinet member report": models.Paper.Kind.CABINET_MEMBER_REPORT,
            "covering report": models.Paper.Kind.COVERING_REPORT,
        }.get(report.kind.lower(), models.Paper.Kind.REPORT)
        paper = self._upsert(
            models.Paper,
            {"meeting": meeting, "title": report.title},
            {"kind": kind, "agenda_item": item},
            report.span,
            ("Paper {!r}", report.title),
        )
        for k, text in enumerate(report.recommendations, start=1):
            self._upsert(
                models.Recommendation,
                {"paper": paper, "order": k},
                {"text": text, "number": str(k)},
                report.span,
                ("Recommendation {} of {!r}", k, report.title),
            )


def _due(resolution: models.Resolution) -> dict:
    """An imported action falls due as one set on the desk would: read from its clause and its meeting's day."""
    due = read_due(resolution.text, timezone.localdate(resolution.minute.meeting.start))
    return {"due_date": due.date, "due_next_meeting": due.next_meeting}
