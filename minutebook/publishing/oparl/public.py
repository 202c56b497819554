"""What the public may see, one function per record type, derived at query time from the exemption chain.

Every OParl object and every bulk download draws from here, so that the rule
lives in one place (and can be pointed at the domain's rule when there is one).
An agenda item is exempt when it or its parent item is; a minute when it or its
item is; a resolution through its minute; a paper when it or its item is; a
private pack never is public; a kept original is public only when nothing
non-public was read from it, stored in it or built from it.
"""

from django.db.models import Exists, OuterRef, Q

from minutebook.governance.models import (
    Action,
    AgendaItem,
    Declaration,
    Minute,
    Pack,
    Paper,
    Resolution,
    SourceDocument,
)


def agenda_items():
    return AgendaItem.objects.filter(exempt=False).exclude(parent__exempt=True)


def is_public_item(item: AgendaItem) -> bool:
    """The same rule for an item already loaded with its parent (no query when ``parent`` is selected)."""
    return not item.exempt and not (item.parent_id and item.parent.exempt)


def minutes():
    return (
        Minute.objects.filter(exempt=False)
        .exclude(agenda_item__exempt=True)
        .exclude(agenda_item__parent__exempt=True)
    )


def resolutions():
    return Resolution.objects.filter(minute__in=minutes())


def papers():
    return (
        Paper.objects.filter(exempt=False)
        .exclude(agenda_item__exempt=True)
        .exclude(agenda_item__parent__exempt=True)
    )


def packs():
    return Pack.objects.filter(private=False)


def actions():
    """Actions set by a public resolution, or by the clerk outside any resolution."""
    return Action.objects.filter(Q(resolution__isnull=True) | Q(resolution__in=resolutions()))


def declarations():
    """Declarations at a meeting, except those made on an exempt item."""
    return Declaration.objects.exclude(agenda_item__exempt=True).exclude(agenda_item__parent__exempt=True)


def documents():
    """Kept originals that nothing non-public was read from, stored in or built from."""
    withheld = [
        AgendaItem.objects.exclude(pk__in=agenda_items()).filter(source=OuterRef("pk")),
        Minute.objects.exclude(pk__in=minutes()).filter(source=OuterRef("pk")),
        Resolution.objects.exclude(pk__in=resolutions()).filter(source=OuterRef("pk")),
        Paper.objects.exclude(pk__in=papers()).filter(Q(source=OuterRef("pk")) | Q(document=OuterRef("pk"))),
        Declaration.objects.exclude(pk__in=declarations()).filter(source=OuterRef("pk")),
        Pack.objects.filter(private=True, document=OuterRef("pk")),
    ]
    found = SourceDocument.objects.all()
    for records in withheld:
        found = found.filter(~Exists(records))
    return found
