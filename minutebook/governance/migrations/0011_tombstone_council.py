"""Each tombstone tied to the council (OParl Body) whose lists showed the deleted record.

Existing tombstones are tied where the minute book can still tell: the record's
parent if it is still there, else the parent named in the audit trail's last
snapshot of the record (every deletion is audited), and so up to the council.
A deleted person belongs to the councils whose memberships and attendance
records named them, an organisation represented to those whose memberships
named it. A council that lost all its committees gets a tombstone of its own
(``model='council'``), as the receivers now make. Where the audit trail has no
word (records deleted before it was kept, or pruned from it): if the book has only ever had one
council, a meeting, agenda item, paper, membership or committee was that
council's; otherwise, and for people and organisations, the tombstone keeps no
council and is listed under every council, as all were before.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

CHUNK = 500
# Tombstone.model -> (the model's name, the field naming its parent, the parent's Tombstone.model)
PARENT = {
    "agendaitem": ("AgendaItem", "meeting", "meeting"),
    "paper": ("Paper", "meeting", "meeting"),
    "meeting": ("Meeting", "body", "body"),
    "membership": ("Membership", "body", "body"),
    "body": ("Body", "organisation", None),
}


def fill(apps, schema_editor):
    governance = apps.get_app_config("governance")
    Tombstone = governance.get_model("Tombstone")
    AuditEntry = governance.get_model("AuditEntry")
    stones = list(Tombstone.objects.filter(council__isnull=True))
    if not stones:
        return
    chain = {kind: {} for kind in PARENT}  # kind -> {id: parent id}, as far as known

    def snapshots(name: str, ids) -> dict[int, dict]:
        """The audit trail's last snapshot of each record (a deletion's is the record as it was)."""
        found, ids = {}, sorted(str(i) for i in ids)
        for at in range(0, len(ids), CHUNK):
            for object_id, before, after in (
                AuditEntry.objects.filter(model=f"governance.{name}", object_id__in=ids[at : at + CHUNK])
                .order_by("pk")
                .values_list("object_id", "before", "after")
            ):
                found[int(object_id)] = after if after is not None else before
        return found

    def learn(kind: str, ids) -> None:
        """Each record's parent: from the row if it is still there, else from the audit trail."""
        name, field, _ = PARENT[kind]
        ids = {i for i in ids if i is not None} - set(chain[kind])
        for at in range(0, len(ids), CHUNK):
            chunk = sorted(ids)[at : at + CHUNK]
            rows = governance.get_model(name).objects.filter(pk__in=chunk)
            chain[kind].update(rows.values_list("pk", f"{field}_id"))
        for pk, snapshot in snapshots(name, ids - set(chain[kind])).items():
            if (snapshot or {}).get(field) is not None:
                chain[kind][pk] = snapshot[field]

    def council_of(kind: str, pk):
        """Up the chain: agenda item -> meeting -> committee -> council."""
        while kind is not None and pk is not None:
            learn(kind, [pk])
            pk, kind = chain[kind].get(pk), PARENT[kind][2]
        return pk

    wanted = defaultdict(set)
    for stone in stones:
        wanted[stone.model].add(stone.object_id)
    for kind in PARENT:  # children first: each step learns in bulk the parents the next one needs
        learn(
            kind,
            wanted[kind] | {p for child in PARENT if PARENT[child][2] == kind for p in chain[child].values()},
        )
    councils = defaultdict(set)  # (model, object_id) -> councils
    for stone in stones:
        if stone.model in PARENT and (council := council_of(stone.model, stone.object_id)) is not None:
            councils[stone.model, stone.object_id].add(council)
    # People and organisations represented: the councils of the memberships and attendance that named them.
    for kind, name, field, parent in (
        ("person", "Membership", "person", "body"),
        ("person", "Attendance", "person", "meeting"),
        ("organisation", "Membership", "organisation", "body"),
    ):
        ids = sorted(wanted[kind])
        for at in range(0, len(ids), CHUNK):
            chunk = ids[at : at + CHUNK]
            for before, after in AuditEntry.objects.filter(
                Q(**{f"before__{field}__in": chunk}) | Q(**{f"after__{field}__in": chunk}),
                model=f"governance.{name}",
            ).values_list("before", "after"):
                for snapshot in (before, after):
                    if snapshot and snapshot.get(field) in wanted[kind]:
                        council = council_of(parent, snapshot.get(parent))
                        if council is not None:
                            councils[kind, snapshot[field]].add(council)

    Organisation = governance.get_model("Organisation")
    live = set(governance.get_model("Body").objects.values_list("organisation_id", flat=True))
    had_committees = {c for (kind, _), found in councils.items() if kind == "body" for c in found}
    kept = set(Tombstone.objects.filter(model="council").values_list("object_id", flat=True))
    emptied = had_committees - live - kept
    for council in sorted(emptied):
        # A council left without committees: an OParl Body gone when its last committee went.
        of_it = [s for s in stones if s.model == "body" and council in councils["body", s.object_id]]
        created = (
            Organisation.objects.filter(pk=council).values_list("created", flat=True).first()
            or next((s.created for s in stones if s.model == "organisation" and s.object_id == council), None)
            or min(s.created for s in of_it)
        )
        Tombstone.objects.create(
            model="council",
            object_id=council,
            council_id=council,
            created=created,
            deleted_at=max(s.deleted_at for s in of_it),
        )
    for council in (emptied | kept) & wanted["organisation"]:
        councils["organisation", council].add(council)  # a council's own organisation, listed under itself
    ever = live | had_committees | kept
    for stone in stones:
        found = councils.get((stone.model, stone.object_id))
        if not found and stone.model in PARENT and len(ever) == 1:
            found = ever  # the book's only council: every committee, meeting and item was its
        if not found:
            continue  # no council: listed under every council, as before
        first, *more = sorted(found)
        stone.council_id = first
        stone.save(update_fields=["council"])
        Tombstone.objects.bulk_create(
            Tombstone(
                model=stone.model,
                object_id=stone.object_id,
                council_id=c,
                created=stone.created,
                deleted_at=stone.deleted_at,
            )
            for c in more
        )


def unfill(apps, schema_editor):
    """Back to one tombstone per record (its first), and none for councils, which the old code cannot serve."""
    Tombstone = apps.get_model("governance", "Tombstone")
    Tombstone.objects.filter(model="council").delete()
    seen = set()
    for pk, model, object_id in Tombstone.objects.order_by("pk").values_list("pk", "model", "object_id"):
        if (model, object_id) in seen:
            Tombstone.objects.filter(pk=pk).delete()
        seen.add((model, object_id))


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0010_meeting_venue_span"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="council",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="The council whose OParl lists showed the record; none: listed under every council",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="governance.organisation",
            ),
        ),
        migrations.RemoveConstraint(model_name="tombstone", name="one_tombstone_per_record"),
        migrations.AddConstraint(
            model_name="tombstone",
            constraint=models.UniqueConstraint(
                fields=("model", "object_id", "council"), name="one_tombstone_per_record_and_council"
            ),
        ),
        migrations.AddIndex(
            model_name="tombstone",
            index=models.Index(
                fields=["council", "model", "deleted_at", "id"], name="tombstone_council_list"
            ),
        ),
        migrations.RunPython(fill, unfill),
    ]
