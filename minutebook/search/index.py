"""What goes into the index, and keeping it current on every save and delete.

Agenda items, minutes, resolutions, papers, recommendations, work programme
entries, people, bodies, and every page of every stored document are indexed.
What the public may see is decided by ``governance.visibility``, the one rule:
a record it calls private, and a document it does not call public (one that
holds or is an exempt record), is never indexed, and leaves the index when it
becomes private. The index feeds the public site.

Each entry names its ``group``: the agenda item (or minute, paper, document,
person, body) a reader wants one result for, so the search can show an item
once with its minute, decision, report and pages under it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from minutebook.governance import bulk, visibility
from minutebook.governance import models as gov
from minutebook.sources.document import SourceError
from minutebook.sql.statements import AnyOf, Statement, array_text

from .models import SearchEntry, SearchWord
from .query import WORD

Kind = SearchEntry.Kind


def _day(start):
    """A meeting's day from its start, in the council's own time zone, as its pages print it: the same whether
    the start was read from the database (in UTC) or is that of the instance an import just wrote (local time)."""
    return timezone.localdate(start) if start else None


def _date(meeting: gov.Meeting):
    return _day(meeting.start)


def _item_group(item_id: int | None, fallback: str) -> str:
    return f"item-{item_id}" if item_id else fallback


def _top_item_id(item: gov.AgendaItem | None) -> int | None:
    """Sub-items are read under the item they belong to: one result for item 5 and its 5(a), 5(b)."""
    if item is None:
        return None
    return item.parent_id or item.pk


def _entry(
    known: Known, kind: str, meeting: gov.Meeting, title: str, text: str, anchor: str, group: str, date=None
) -> dict:
    return {
        "kind": kind,
        "body_id": meeting.body_id,
        "date": date or _date(meeting),
        "title": title,
        "text": text or "",
        "url": f"{known.address(meeting)}#{anchor}",
        "group": group,
    }


def _named(text: str) -> str:
    """The name a presenter or author line starts with ("Dr A Shah, Director of Public Health")."""
    name = (text or "").split(",")[0].strip()
    return "" if len(name) > 200 else name


class Known:
    """What ``entry_for`` would otherwise ask the database record by record, asked once for a batch of records
    of one model: which of them the public may see, whom their presenter or author lines name, and who owns
    the actions of a resolution. An import indexes hundreds of records at a time; three queries each were
    most of its cost."""

    def __init__(self, model, records):
        pks = [r.pk for r in records]
        self.public = set(pks) if model in visibility.ALWAYS_PUBLIC else public_among(model, pks)
        self.people: dict[str, list[int]] = defaultdict(list)
        line = {gov.AgendaItem: "presenter", gov.Paper: "author"}.get(model)
        names = sorted({_named(getattr(r, line)).lower() for r in records} - {""}) if line else []
        for start in range(0, len(names), 200):  # an OR of 200 stays inside SQLite's expression depth
            matching = Q()
            for name in names[start : start + 200]:
                matching |= Q(name__iexact=name)  # each database's own case-insensitive match
            for name, pk in gov.Person.objects.filter(matching).order_by("pk").values_list("name", "pk"):
                self.people[name.lower()].append(pk)
        self.owners: dict[int, int] = {}
        if model is gov.Resolution:
            for resolution, person in _owners.rows(pks):
                self.owners.setdefault(resolution, person)
        self.bodies: dict[int, list[str]] = defaultdict(list)
        if model is gov.Person:
            for person, name in _sitting.rows(pks):
                self.bodies[person].append(name)
        self.addresses: dict[int, str] = {}

    def address(self, meeting: gov.Meeting) -> str:
        """The meeting's page, reversed once for the batch: its records are many, its meetings few."""
        address = self.addresses.get(meeting.pk)
        if address is None:
            address = self.addresses[meeting.pk] = meeting.get_absolute_url()
        return address

    def person_named(self, text: str) -> int | None:
        ids = self.people.get(_named(text).lower(), [])
        return ids[0] if len(ids) == 1 else None


# Who owns the actions of these resolutions, in Action's own order (as .first() reads it), and the boards these
# people sit on, in the boards' own order (by name): asked for every import's batch, compiled once.
_owners = Statement(
    lambda: (
        gov.Action.objects.filter(AnyOf(F("resolution")))
        .exclude(owner_person=None)
        .values_list("resolution", "owner_person")
    )
)
_sitting = Statement(
    lambda: (
        gov.Body.objects.filter(AnyOf(F("memberships__person")))
        .values_list("memberships__person", "name")
        .distinct()
    )
)

# "Which of these records may the public see", one Statement per model: compiled once per process, the keys given
# as one parameter. Django takes longer to build and write the visibility rule's joins and subqueries (1 to 8 ms)
# than the database takes to answer it, and an import asks it for every kind of record it wrote and for its own
# document. The database still applies the rule.
_PUBLIC: dict = {}


def _public_records(model):
    if model is gov.SourceDocument:
        return visibility.public_documents()
    return visibility.public(model._default_manager.all())


def public_among(model, pks) -> set:
    """Which of these records (of ``model``, or stored documents) the public may see, asked of the database."""
    pks = list(dict.fromkeys(pks))
    if not pks:
        return set()
    statement = _PUBLIC.get(model)
    if statement is None:
        statement = _PUBLIC.setdefault(
            model,
            Statement(lambda: _public_records(model).filter(AnyOf(F("pk"))).order_by().values_list("pk")),
        )
    return {row[0] for row in statement.rows(pks)}


def entry_for(obj, known: Known | None = None) -> dict | None:
    """The index entry for a record, or None when it must not be public (``known``: a batch's answers; a record
    indexed on its own is a batch of one, asked from the database as it is now)."""
    known = known or Known(type(obj), [obj])
    if isinstance(obj, gov.Person | gov.Body):
        return _named_entry(obj, known)
    if isinstance(obj, gov.WorkProgrammeEntry):
        return {
            "kind": Kind.WORK_PROGRAMME,
            "body_id": obj.body_id,
            "date": obj.planned_date,
            "title": obj.title,
            "text": " ".join(filter(None, [obj.detail, obj.lead, obj.origin])),
            "url": reverse("body", args=[obj.body.slug]) + f"#work-{obj.pk}",
            "group": f"work-{obj.pk}",
        }
    if obj.pk not in known.public:
        return None
    if isinstance(obj, gov.AgendaItem):
        entry = _entry(
            known,
            Kind.AGENDA_ITEM,
            obj.meeting,
            obj.title,
            obj.presenter,
            f"item-{obj.pk}",
            f"item-{_top_item_id(obj)}",
        )
        return {**entry, "person_id": known.person_named(obj.presenter)}
    if isinstance(obj, gov.Minute):
        group = _item_group(_top_item_id(obj.agenda_item), f"minute-{obj.pk}")
        return _entry(
            known, Kind.MINUTE, obj.meeting, f"{obj.number}. {obj.title}", obj.text, f"minute-{obj.pk}", group
        )
    if isinstance(obj, gov.Resolution):
        minute = obj.minute
        group = _item_group(_top_item_id(minute.agenda_item), f"minute-{minute.pk}")
        entry = _entry(
            known,
            Kind.RESOLUTION,
            minute.meeting,
            f"{minute.number}. {minute.title}",
            obj.text,
            f"minute-{minute.pk}",
            group,
        )
        return {**entry, "person_id": known.owners.get(obj.pk)}
    if isinstance(obj, gov.Paper):
        group = _item_group(_top_item_id(obj.agenda_item), f"paper-{obj.pk}")
        text = f"{obj.get_kind_display()} {obj.author}".strip()
        entry = _entry(known, Kind.PAPER, obj.meeting, obj.title, text, f"paper-{obj.pk}", group, obj.date)
        return {**entry, "person_id": known.person_named(obj.author)}
    if isinstance(obj, gov.Recommendation):
        paper = obj.paper
        group = _item_group(_top_item_id(paper.agenda_item), f"paper-{paper.pk}")
        return _entry(
            known,
            Kind.RECOMMENDATION,
            paper.meeting,
            paper.title,
            obj.text,
            f"paper-{paper.pk}",
            group,
            paper.date,
        )
    return None


def _named_entry(obj: gov.Person | gov.Body, known: Known) -> dict:
    """People and bodies are results in their own right: "Okafor" finds the person, "health scrutiny" the body."""
    if isinstance(obj, gov.Person):
        return {
            "kind": Kind.PERSON,
            "body_id": None,
            "date": None,
            "title": obj.name,
            "text": " ".join([obj.honorific, *obj.other_names, *known.bodies[obj.pk]]),
            "url": obj.get_absolute_url(),
            "group": f"person-{obj.pk}",
            "person_id": obj.pk,
        }
    return {
        "kind": Kind.BODY,
        "body_id": obj.pk,
        "date": None,
        "title": obj.name,
        "text": " ".join([obj.short_name, *obj.other_names, obj.get_kind_display()]),
        "url": obj.get_absolute_url(),
        "group": f"body-{obj.pk}",
    }


KINDS = {
    gov.AgendaItem: Kind.AGENDA_ITEM,
    gov.Minute: Kind.MINUTE,
    gov.Resolution: Kind.RESOLUTION,
    gov.Paper: Kind.PAPER,
    gov.Recommendation: Kind.RECOMMENDATION,
    gov.WorkProgrammeEntry: Kind.WORK_PROGRAMME,
    gov.Person: Kind.PERSON,
    gov.Body: Kind.BODY,
}


def update(obj) -> None:
    kind = KINDS[type(obj)]
    entry = entry_for(obj)
    if entry is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
    else:
        SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, page=0, defaults=entry)
        add_words([entry])
    if isinstance(obj, gov.AgendaItem | gov.Minute | gov.Paper):
        _update_children(obj)
    if isinstance(obj, gov.Paper) and obj.document_id:
        refresh_documents({obj.document_id})  # an uploaded paper: its pages, under its title and item
    elif source_id := getattr(obj, "source_id", None):
        check_documents({source_id})


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
    """Index everything again from the records and the stored documents (``minutebook reindex``)."""
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    count = 0
    for model in KINDS:
        pks = list(model.objects.values_list("pk", flat=True))
        for start in range(0, len(pks), 500):
            count += _index_records(model, pks[start : start + 500])
    documents = list(visibility.public_documents().values_list("pk", flat=True))
    for start in range(0, len(documents), 50):
        count += refresh_documents(documents[start : start + 50])
    return count


def _index_records(model, pks) -> int:
    """Index these records of one model afresh, in one write: what a rebuild does."""
    entries = _entries(model, _found(model, pks))
    _replace([(KINDS[model], pks)], entries)
    return len(entries)


def _found(model, pks) -> dict:
    """The records of one model that still exist, with what ``entry_for`` reads of them."""
    return {obj.pk: obj for obj in model.objects.filter(pk__in=pks).select_related(*RELATED.get(model, ()))}


def _held(model, saved: dict) -> dict:
    """The records a batch saved, as it saved them, with what ``entry_for`` reads of them: the instances
    themselves (their fields are what was written, so reading them again would return the same), and of their
    related records only those not already held, one query a relation. An import holds nearly all of them
    (a minute it writes holds its meeting), so indexing its records costs no read of them."""
    prefetch_related_objects(list(saved.values()), *RELATED.get(model, ()))
    return saved


def _entries(model, found: dict) -> list[SearchEntry]:
    known = Known(model, found.values())
    return [
        SearchEntry(object_id=pk, **entry) for pk, obj in found.items() if (entry := entry_for(obj, known))
    ]


def _replace(stale: list[tuple[str, list]], entries: list[SearchEntry]) -> None:
    """Take out the entries of these (kind, records) and put these in: one delete, one insert and one vocabulary
    write for a whole batch, whatever its models (an import's records and its document's pages together).
    Inside an import's transaction no savepoint is taken (on PostgreSQL each is two more round trips): a failure
    there fails the import, which is rolled back whole."""
    with transaction.atomic(savepoint=False):
        if stale:
            _delete(stale)
        bulk.insert(SearchEntry, entries, keys=False)
        add_words(entries)


def _delete(stale: list[tuple[str, list]]) -> None:
    """Delete the entries of these (kind, records). On PostgreSQL in one statement whose text is the same for
    every batch, the keys given as two arrays (kinds and ids side by side), written as array text: the ORM's
    ``IN`` list made new SQL for every batch, for the server to parse and plan, and psycopg quoted its ids one
    by one."""
    if connection.vendor != "postgresql":
        gone = Q()
        for kind, pks in stale:
            gone |= Q(kind=kind, object_id__in=pks)
        SearchEntry.objects.filter(gone).delete()
        return
    kinds, ids = [], []
    for kind, pks in stale:
        kinds += [kind] * len(pks)
        ids += map(int, pks)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SearchEntry._meta.db_table} e USING unnest(%s::text[], %s::bigint[]) AS s(kind, id) "
            "WHERE e.kind = s.kind AND e.object_id = s.id",
            [array_text(kinds), array_text(ids)],
        )


# -- documents, page by page ----------------------------------------------------------------------------------


# What a document's pages belong to, asked with statements compiled once per process (``_contexts``): building
# and compiling these four querysets (the visibility rule's joins and subqueries among them) took the ORM longer
# than the database took to answer them, on every import. The values are each document's id.
_citing_papers = Statement(
    lambda: (
        visibility.public_papers()
        .filter(AnyOf(F("document")))
        .order_by("-pk")
        .values_list(
            "document_id",
            "pk",
            "title",
            "date",
            "agenda_item_id",
            "agenda_item__parent_id",
            "meeting__body_id",
            "meeting__start",
        )
    ),
    converted=True,
)
_spanning_items = Statement(
    lambda: (
        visibility.public_items()
        .filter(AnyOf(F("source")))
        .exclude(first_page=None)
        .values_list(
            "source_id", "first_page", "last_page", "pk", "parent_id", "meeting__body_id", "meeting__start"
        )
    ),
    converted=True,
)


# The meetings read from these documents, and those whose agenda items were: asked as two statements, each
# through its own index. One statement with the two joined by OR read every meeting in the book (150 ms an import
# at national size).
def _meetings_where(condition) -> Statement:
    return Statement(
        lambda: (
            gov.Meeting.objects.filter(condition())
            .order_by()
            .values_list("source_id", "pk", "body_id", "start")
        ),
        converted=True,
    )


_meetings_read_from = [
    _meetings_where(lambda: AnyOf(F("source"))),
    _meetings_where(lambda: Q(pk__in=gov.AgendaItem.objects.filter(AnyOf(F("source"))).values("meeting"))),
]


def _cited_meetings(pks) -> list[tuple]:
    """The meetings read from these documents or from their agenda items, each once, the latest first."""
    found = {row[1]: row for statement in _meetings_read_from for row in statement.rows(pks)}
    return sorted(found.values(), key=lambda row: row[3], reverse=True)


_meetings_of_items = Statement(
    lambda: (
        gov.AgendaItem.objects.filter(AnyOf(F("source")))
        .order_by("-meeting__start")
        .values_list("source_id", "meeting_id", "meeting__body_id", "meeting__start")
    ),
    converted=True,
)


def _contexts(sources: list[gov.SourceDocument]) -> dict:
    """What each document's pages belong to: for each document, a function of the page number giving
    (title, group, body, date). Asked of the database once for all the documents, not once each.

    A paper's own file is read under the paper; a pack's page under the agenda item whose records were read
    from that page, else under the meeting the pack is for; a file tied to nothing under itself."""
    pks = [s.pk for s in sources]
    papers = {}
    for document, pk, title, date, item, parent, body, start in _citing_papers.rows(pks):
        # the first paper of a file wins
        papers[document] = (title, _item_group(parent or item, f"paper-{pk}"), body, date or _day(start))
    spans = defaultdict(list)
    for source, first, last, pk, parent, body, start in _spanning_items.rows(pks):
        spans[source].append((first, last or first, f"item-{parent or pk}", body, _day(start)))
    meetings = {}
    for source, pk, body, start in _cited_meetings(pks):
        meetings[source] = (pk, body, _day(start))
    for source, pk, body, start in _meetings_of_items.rows(pks):
        meetings.setdefault(source, (pk, body, _day(start)))
    return {s.pk: _context(s, papers.get(s.pk), spans[s.pk], meetings.get(s.pk)) for s in sources}


def _context(source, paper, spans, meeting):
    if paper is not None:
        return lambda page: paper

    def context(page: int):
        for first, last, group, body, date in spans:
            if first <= page <= last:
                return source.name, group, body, date
        if meeting is not None:
            pk, body, date = meeting
            return source.name, f"meeting-{pk}", body, date
        return source.name, f"document-{source.pk}", None, None

    return context


def document_entries(source: gov.SourceDocument, context, document=None) -> list[SearchEntry]:
    """One entry per page of a document the public may see (none for one that cannot be read); ``document``:
    its text, when the caller holds it."""
    try:
        document = document or source.read()
    except (OSError, SourceError):
        return []  # a missing or unreadable original: its records are still indexed; the pages wait for reindex
    pages = defaultdict(list)
    for ln in document.lines:
        pages[ln.page or 1].append(ln)
    address = reverse("source", args=[source.pk])
    entries = []
    for number, lines in sorted(pages.items()):
        text = "\n".join(ln.text for ln in lines)
        if not text.strip():
            continue
        title, group, body_id, date = context(number)
        first, last = lines[0].number, lines[-1].number
        entries.append(
            SearchEntry(
                kind=Kind.PAGE,
                object_id=source.pk,
                page=number,
                line=first,
                title=title,
                text=text,
                group=group,
                body_id=body_id,
                date=date,
                url=f"{address}?lines={first}-{last}#L{first}",
            )
        )
    return entries


def refresh_documents(pks, texts: dict | None = None, held: dict | None = None) -> int:
    """Index these documents' pages afresh; a document the public may not see (``visibility.public_documents``:
    one that holds or is an exempt record) is taken out and not put back. ``texts``: documents' text by id,
    where the caller holds it (an import, whose original is not kept until it commits); ``held``: the documents
    themselves by id, where the caller holds them (not read again)."""
    entries = _pages(pks, texts, held)
    _replace([(Kind.PAGE, list(pks))], entries)  # one write: the pages go out and come back together
    return len(entries)


def _pages(pks, texts: dict | None = None, held: dict | None = None) -> list[SearchEntry]:
    """The entries of the pages of these documents the public may see (``refresh_documents``)."""
    texts, held = texts or {}, held or {}
    shown = public_among(gov.SourceDocument, pks)
    public = [held[pk] for pk in shown if pk in held]
    public += gov.SourceDocument.objects.filter(pk__in=shown - set(held))
    public.sort(key=lambda source: source.imported_at, reverse=True)  # the documents' own order
    contexts = _contexts(public)
    entries = []
    for source in public:
        entries += document_entries(source, contexts[source.pk], texts.get(source.pk))
    return entries


def check_documents(pks) -> None:
    """Re-index the documents whose public standing differs from the index's: cheap when nothing changed.

    Called on every save of a record that cites a document: a record newly exempt takes its document's pages
    out of the index at once."""
    public = set(visibility.public_documents().filter(pk__in=pks).values_list("pk", flat=True))
    indexed = set(
        SearchEntry.objects.filter(kind=Kind.PAGE, object_id__in=pks).values_list("object_id", flat=True)
    )
    if stale := (set(pks) - public) & indexed:
        SearchEntry.objects.filter(kind=Kind.PAGE, object_id__in=stale).delete()
    if unindexed := public - indexed:
        refresh_documents(unindexed)


# The fields by which a record cites the documents whose pages a change to it may concern: the document it was
# read from, the file it is.
CITING = ("source_id", "document_id")


def _stored_pages(sources) -> tuple[list, list[SearchEntry]]:
    """The pages of the documents a batch saved, to be written with the batch's records: (the documents whose
    pages are replaced, their entries). An import's own original is kept only once it commits, so its pages are
    read from the text the import read (``governance.models.remember``); a document whose original is not there
    and whose text is not held is indexed once the batch commits."""
    pks, texts, waiting = [s.pk for s in sources], {}, []
    for source in sources:
        held = gov.READ.get((source.sha256, source.name))
        if held is not None:
            texts[source.pk] = held
        elif not source.original_exists():
            waiting.append(source.pk)
    if waiting:
        transaction.on_commit(lambda: refresh_documents(waiting))
    ready = [pk for pk in pks if pk not in waiting]
    if not ready:
        return [], []
    return ready, _pages(set(ready), texts, {s.pk: s for s in sources})


MAX_WORD = 40


def words_of(text: str) -> set[str]:
    """The distinct words (``WORD``) of a text, as ``set(WORD.findall(text))`` gives them, found about twice as
    fast: the text is split at white space first (a word never holds any), and only the distinct pieces that
    are not all letters are searched for words; one all letters is a word whole. Matching the pattern character
    by character over every page's text was most of what the vocabulary cost the importer."""
    words = set()
    for piece in set(text.split()):
        if piece.isalpha():
            words.add(piece)
        else:
            words.update(WORD.findall(piece))
    return words


def add_words(entries) -> None:
    """Add the entries' words to the vocabulary typos are corrected against (letters only, 3 to 40 of them).

    Written with plain SQL, skipping the words already there: a batch of pages holds tens of thousands of
    distinct words, and a model instance each was most of what indexing them cost."""
    words = set()  # distinct first: the checks below then run once a word, not once an occurrence
    for entry in entries:
        title, text = (
            (entry["title"], entry["text"]) if isinstance(entry, dict) else (entry.title, entry.text)
        )
        words |= words_of(f"{title} {text}".lower())
    words = sorted(w for w in words if 3 <= len(w) <= MAX_WORD and w.isalpha())
    if not words:
        return
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One string split by the server: psycopg adapting a Python list of thousands of words element by
            # element cost more than the insert (the words are letters only, so a space parts them).
            cursor.execute(
                f"INSERT INTO {table} (word) SELECT unnest(string_to_array(%s, ' ')) ON CONFLICT DO NOTHING",
                [" ".join(words)],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} (word) VALUES (%s) ON CONFLICT DO NOTHING", [(w,) for w in words]
            )


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
    documents, stale, entries = set(), [], []
    for model, saved in pending.items():
        if model not in KINDS:
            continue
        found = _held(model, saved)
        documents |= {d for obj in found.values() for name in CITING if (d := getattr(obj, name, None))}
        stale.append((KINDS[model], list(saved)))
        entries += _entries(model, found)
    # The batch's own document (an import's) is indexed afresh, once, in the same write as its records (their
    # entries first, as when they were written apart); a document whose older records the batch changed is
    # indexed again only if that changed whether the public may see it.
    own = pending.get(gov.SourceDocument, {})
    if own:
        documents_read, pages = _stored_pages(list(own.values()))
        if documents_read:
            stale.append((Kind.PAGE, documents_read))
            entries += pages
    if stale:
        _replace(stale, entries)
    if others := documents - set(own):
        check_documents(others)


# What entry_for reads of each record, fetched with it in a batch.
RELATED = {
    gov.AgendaItem: ("meeting", "parent"),
    gov.Minute: ("meeting", "agenda_item"),
    gov.Resolution: ("minute__meeting", "minute__agenda_item"),
    gov.Paper: ("meeting", "agenda_item"),
    gov.Recommendation: ("paper__meeting", "paper__agenda_item"),
    gov.WorkProgrammeEntry: ("body",),
    gov.Body: ("organisation",),
}


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(sender, {})[instance.pk] = instance
    else:
        update(instance)


def _created_together(sender, instances, **kwargs):
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(sender, {}).update((instance.pk, instance) for instance in instances)
    else:
        for instance in instances:
            update(instance)


def _deleted(sender, instance, **kwargs):
    pending = _pending.get()
    if pending is not None:  # saved, then deleted, inside the batch: nothing to index at its end
        pending.get(sender, {}).pop(instance.pk, None)
    remove(instance)


def _document_saved(sender, instance, raw=False, **kwargs):
    """A stored file is indexed with the import that stored it (in its batch) or with the record that uses it.

    Never on its own save outside a batch: an uploaded paper's file is saved before the paper that says
    whether it is exempt."""
    pending = _pending.get()
    if pending is not None and not raw:
        pending.setdefault(sender, {})[instance.pk] = instance


def _document_deleted(sender, instance, **kwargs):
    pending = _pending.get()
    if pending is not None:  # saved, then deleted, inside the batch: nothing to index at its end
        pending.get(sender, {}).pop(instance.pk, None)
    SearchEntry.objects.filter(kind=Kind.PAGE, object_id=instance.pk).delete()


def _pack_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        check_documents({instance.document_id})


def connect_signals() -> None:
    for model in KINDS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
        bulk.created.connect(_created_together, sender=model, dispatch_uid=f"search-created-{model.__name__}")
    post_save.connect(_document_saved, sender=gov.SourceDocument, dispatch_uid="search-save-document")
    post_delete.connect(_document_deleted, sender=gov.SourceDocument, dispatch_uid="search-delete-document")
    post_save.connect(_pack_saved, sender=gov.Pack, dispatch_uid="search-save-pack")
