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


def _item_withheld(path: str = "") -> Q:
    """An agenda item (reached by ``path``) that is exempt, or whose parent item is."""
    return Q(**{f"{path}exempt": True}) | Q(**{f"{path}parent__exempt": True})


def _minute_withheld(path: str = "") -> Q:
    return Q(**{f"{path}exempt": True}) | _item_withheld(f"{path}agenda_item__")


def agenda_items():
    return AgendaItem.objects.exclude(_item_withheld())


def is_public_item(exempt: bool, parent_exempt: bool | None) -> bool:
    """The same rule for an item already loaded, given its own and its parent's flags."""
    return not exempt and not parent_exempt


def minutes():
    return Minute.objects.exclude(_minute_withheld())


def resolutions():
    return Resolution.objects.exclude(_minute_withheld("minute__"))


def papers():
    return Paper.objects.exclude(Q(exempt=True) | _item_withheld("agenda_item__"))


def packs():
    return Pack.objects.filter(private=False)


def actions():
    """Actions set by a public resolution, or by the clerk outside any resolution."""
    return Action.objects.exclude(_minute_withheld("resolution__minute__"))


def declarations():
    """Declarations at a meeting, except those made on an exempt item."""
    return Declaration.objects.exclude(_item_withheld("agenda_item__"))


def documents():
    """Kept originals that nothing non-public was read from, stored in or built from."""
    here = OuterRef("pk")
    withheld = [
        AgendaItem.objects.filter(_item_withheld(), source=here),
        Minute.objects.filter(_minute_withheld(), source=here),
        Resolution.objects.filter(_minute_withheld("minute__"), source=here),
        Paper.objects.filter(Q(exempt=True) | _item_withheld("agenda_item__"), source=here),
        Paper.objects.filter(Q(exempt=True) | _item_withheld("agenda_item__"), document=here),
        Declaration.objects.filter(_item_withheld("agenda_item__"), source=here),
        Pack.objects.filter(private=True, document=here),
    ]
    found = SourceDocument.objects.all()
    for records in withheld:
        found = found.filter(~Exists(records))
    return found
