"""Each deleted meeting's tombstone tied to its committee, whose own meeting list showed it.

Existing meeting tombstones are tied from the audit trail's last snapshot of the
meeting (every deletion is audited: the snapshot names its ``body``). Where the
trail has no word (meetings deleted before it was kept, or pruned from it) the
tombstone keeps no committee and is listed by every committee of its council
(by every committee, if its council is not known either), as a deletion a
client never held costs it nothing and one it is not told of leaves it a
meeting that is gone.
"""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 500


def fill(apps, schema_editor):
    Tombstone = apps.get_model("governance", "Tombstone")
    AuditEntry = apps.get_model("governance", "AuditEntry")
    ids = sorted(
        set(
            Tombstone.objects.filter(model="meeting", committee__isnull=True).values_list(
                "object_id", flat=True
            )
        )
    )
    committees = {}
    for at in range(0, len(ids), CHUNK):
        chunk = [str(i) for i in ids[at : at + CHUNK]]
        for object_id, before, after in (
            AuditEntry.objects.filter(model="governance.Meeting", object_id__in=chunk)
            .order_by("pk")
            .values_list("object_id", "before", "after")
        ):
            snapshot = (after if after is not None else before) or {}
            if snapshot.get("body") is not None:
                committees[int(object_id)] = snapshot["body"]
    for meeting, committee in committees.items():
        Tombstone.objects.filter(model="meeting", object_id=meeting, committee__isnull=True).update(
            committee_id=committee
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0011_tombstone_council"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="A deleted meeting's committee, whose own meeting list showed it; none: not known",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="governance.body",
            ),
        ),
        migrations.AddIndex(
            model_name="tombstone",
            index=models.Index(fields=["committee", "deleted_at", "id"], name="tombstone_committee_list"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
