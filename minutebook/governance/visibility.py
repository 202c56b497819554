"""What the public may see: the one rule, for every page, feed, pack, file, search index and export.

Schedule 12A to the Local Government Act 1972 lets a body take an item in
private. Everything that belongs to such an item is then exempt: its
sub-items, its papers and their recommendations, its minute, that minute's
resolutions and the actions they set, the interests declared on it. A record
is public when nothing it belongs to is exempt.

The rule is derived when a query runs, from the chain of records, never from a
flag copied when a record was written: a minute written before its item was
marked exempt becomes private the moment the item does, and an action follows
its resolution's minute wherever it is listed.

Use the ``public_*`` querysets (or :func:`public`) for anything shown to the
public, :func:`is_public` for one record in hand, and :func:`document_is_public`
before serving a stored file. Members and a body's clerks see the private
records through :func:`may_see_private`.
"""

from __future__ import annotations

import functools
import operator

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from . import models


def _item_private(path: str = "") -> Q:
    """An agenda item (reached through ``path``) is private when it, or the item it is part of, is exempt."""
    return Q(**{f"{path}exempt": True}) | Q(**{f"{path}parent__exempt": True})


def _exempt_or_under_private_item(path: str = "") -> Q:
    """A minute or a paper: exempt in its own right, or belonging to a private agenda item."""
    return Q(**{f"{path}exempt": True}) | _item_private(f"{path}agenda_item__")


# How each kind of record is private: the chain of what it belongs to.
PRIVATE: dict[type[Model], Q] = {
    models.AgendaItem: _item_private(),
    models.Minute: _exempt_or_under_private_item(),
    models.Resolution: _exempt_or_under_private_item("minute__"),
    models.Action: _exempt_or_under_private_item("resolution__minute__"),
    models.Declaration: _item_private("agenda_item__"),
    models.Paper: _exempt_or_under_private_item(),
    models.Recommendation: _exempt_or_under_private_item("paper__"),
    models.Pack: Q(private=True),
}

# Public whatever else is exempt: a meeting's date and place, who attended, the work programme, and the bodies,
# people and organisations themselves (what is private is what they did under an exempt item).
ALWAYS_PUBLIC = (
    models.Meeting,
    models.Attendance,
    models.WorkProgrammeEntry,
    models.Body,
    models.Person,
    models.Organisation,
    models.Membership,
)


def private(model: type[Model]) -> QuerySet:
    """The records of ``model`` the public may never see."""
    if model in ALWAYS_PUBLIC:
        return model.objects.none()
    return model._default_manager.filter(PRIVATE[model])


def public(records: type[Model] | QuerySet) -> QuerySet:
    """The records (of a model, or of a queryset) the public may see."""
    queryset = records if isinstance(records, QuerySet) else records._default_manager.all()
    if queryset.model in ALWAYS_PUBLIC:
        return queryset
    if queryset.model is models.SourceDocument:
        return queryset.filter(pk__in=public_documents())
    return queryset.exclude(PRIVATE[queryset.model])


def public_items() -> QuerySet:
    return public(models.AgendaItem)


def public_minutes() -> QuerySet:
    return public(models.Minute)


def public_resolutions() -> QuerySet:
    return public(models.Resolution)


def public_actions() -> QuerySet:
    """Actions, with ``with_due`` and ``overdue`` still at hand (the queryset keeps Action's own methods)."""
    return public(models.Action.objects.all())


def public_declarations() -> QuerySet:
    return public(models.Declaration)


def public_papers() -> QuerySet:
    return public(models.Paper)


def public_recommendations() -> QuerySet:
    return public(models.Recommendation)


def public_packs() -> QuerySet:
    return public(models.Pack)


def is_public(record: Model) -> bool:
    """Whether the public may see this one record (asked of the database, so the chain is current)."""
    return type(record) in ALWAYS_PUBLIC or public(type(record)).filter(pk=record.pk).exists()


# -- stored files ------------------------------------------------------------------------------------------------

# Every kind of record that cites the document it was read from (``Provenance.source``).
CITING = (
    models.AgendaItem,
    models.Minute,
    models.Resolution,
    models.Declaration,
    models.Paper,
    models.Recommendation,
)


def _citing_uses() -> list[QuerySet]:
    """Subqueries of the private records that cite the outer document (its lines are theirs)."""
    return [private(model).filter(source=OuterRef("pk")) for model in CITING]


def _file_uses() -> list[QuerySet]:
    """Subqueries of the private records that are the outer document: a private paper's own file, a private pack."""
    return [
        private(models.Paper).filter(document=OuterRef("pk")),
        private(models.Pack).filter(document=OuterRef("pk")),
    ]


def _private_uses() -> list[QuerySet]:
    """Subqueries of the private records tied to the outer document: citing it, stored in it, built from it."""
    return _citing_uses() + _file_uses()


def public_documents() -> QuerySet:
    """Stored files the public may download whole: no private record cites one, no private paper or pack is one.

    The rule is built once per process: its eight subqueries took longer to build than the query took to run
    (an OParl page asks it each time). Each call hands out a fresh copy, so the one built is never evaluated or
    changed, and the rule is still applied by the database when the query runs."""
    return _documents_rule().all()


@functools.cache
def _documents_rule() -> QuerySet:
    documents = models.SourceDocument.objects.all()
    for uses in _private_uses():
        documents = documents.exclude(Exists(uses))
    return documents


def _any(uses: list[QuerySet]) -> Q:
    return functools.reduce(operator.or_, (Q(Exists(u)) for u in uses))


def private_file() -> Q:
    """The condition on a stored file (the outer query's row) that it is itself private (:func:`private_files`)."""
    return _any(_file_uses())


def privately_cited() -> Q:
    """The condition on a stored file (the outer query's row) that a private record was read from it.

    With :func:`private_file`, the opposite of :func:`public_documents`, from the same subqueries, for a query that
    lists a few files each with what the public may have of it (a meeting page): a file is public whole when
    neither holds. Each subquery is its own, joined by OR: PostgreSQL plans each alone (a fraction of a
    millisecond), where the same rule as one file's eight NOT EXISTS became one join of some twenty tables that
    took 14 ms to plan, on every request (the site's queries are not prepared). :func:`public_documents` keeps its
    form: a list of many files is best answered by those joins."""
    return _any(_citing_uses())


def document_is_public(document: models.SourceDocument) -> bool:
    """Whether the whole stored file may be served to anyone: nothing in it is exempt."""
    return public_documents().filter(pk=document.pk).exists()


def private_files() -> QuerySet:
    """Stored files that are themselves private: a private paper's own file or a members' pack.

    Unlike a council's published pack that merely lists an exempt item, nothing of these is shown to the public,
    not even their lines."""
    return models.SourceDocument.objects.filter(private_file())


def withheld_lines(document: models.SourceDocument) -> list[tuple[int, int] | None]:
    """The line ranges of the private records read from a document, never shown in its public lines.

    ``None`` stands for a private record whose lines are not known: then no line of the document is safe."""
    spans: list[tuple[int, int] | None] = []
    for model in CITING:
        for first, last in private(model).filter(source=document).values_list("first_line", "last_line"):
            spans.append((first, last or first) if first is not None else None)
    return spans


def is_clerk(user, body: models.Body) -> bool:
    """A clerk of the body (or an administrator): runs its cycle and sees all of its records."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or body.clerks.filter(pk=user.pk).exists()
    )


def may_see_private(user, body: models.Body) -> bool:
    """Members (the group ``Members``) and the body's clerks may read its private pack and exempt papers."""
    return is_clerk(user, body) or (
        getattr(user, "is_authenticated", False) and user.groups.filter(name="Members").exists()
    )


def item_flags_public(exempt: bool, parent_exempt: bool | None) -> bool:
    """The agenda-item rule for an item already loaded with its own and its parent's ``exempt`` flags.

    For code that has fetched items in bulk (the OParl writer, the downloads) and must not ask again per item."""
    return not exempt and not parent_exempt
