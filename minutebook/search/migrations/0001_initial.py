import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61', prefix='2 3 4')",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
SQLITE_REVERSE = [
    "DROP TABLE search_vocab",
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]
POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED",
    "CREATE INDEX search_document_idx ON search_searchentry USING GIN (document)",
]
POSTGRES_REVERSE = ["DROP INDEX search_document_idx", "ALTER TABLE search_searchentry DROP COLUMN document"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("governance", "0003_exempt_minutes_and_papers")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agenda_item", "Agenda item"),
                            ("minute", "Minute"),
                            ("resolution", "Decision"),
                            ("paper", "Report"),
                            ("recommendation", "Recommendation"),
                            ("work_programme", "Work programme"),
                        ],
                        max_length=20,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("date", models.DateField(blank=True, null=True)),
                ("title", models.TextField()),
                ("text", models.TextField(blank=True)),
                ("url", models.CharField(max_length=300)),
                (
                    "body",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="governance.body",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["body", "date"], name="search_sear_body_id_be2aa8_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="one_entry_per_record")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
