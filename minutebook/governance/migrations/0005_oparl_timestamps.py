"""``created``/``modified`` on the records OParl publishes, and tombstones for deleted ones.

Existing rows get the time their source document was imported where they came
from one (the best record of when the minute book learnt of them), else the
time of this migration.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Now

STAMPED = ["organisation", "body", "person", "membership", "meeting", "agendaitem", "paper"]
FROM_SOURCE = {"meeting", "agendaitem", "paper"}


def fill(apps, schema_editor):
    documents = apps.get_model("governance", "SourceDocument").objects
    for name in STAMPED:
        model = apps.get_model("governance", name)
        when = Now()
        if name in FROM_SOURCE:
            when = Coalesce(
                Subquery(documents.filter(pk=OuterRef("source")).values("imported_at")[:1]), Now()
            )
        model.objects.update(created=when)
        model.objects.update(modified=models.F("created"))


def nullable(**extra):
    return models.DateTimeField(null=True, **extra)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_clerking"),
    ]

    operations = [
        *[
            operation
            for name in STAMPED
            for operation in (
                migrations.AddField(model_name=name, name="created", field=nullable(editable=False)),
                migrations.AddField(model_name=name, name="modified", field=nullable()),
            )
        ],
        migrations.RunPython(fill, migrations.RunPython.noop),
        *[
            operation
            for name in STAMPED
            for operation in (
                migrations.AlterField(
                    model_name=name,
                    name="created",
                    field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                migrations.AlterField(
                    model_name=name, name="modified", field=models.DateTimeField(auto_now=True)
                ),
            )
        ],
        migrations.CreateModel(
            name="Tombstone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "model",
                    models.CharField(help_text="The deleted record's model, e.g. 'meeting'", max_length=50),
                ),
                ("object_id", models.BigIntegerField()),
                ("created", models.DateTimeField(help_text="When the deleted record had been created")),
                ("deleted_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["model", "object_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("model", "object_id"), name="one_tombstone_per_record")
                ],
            },
        ),
    ]
