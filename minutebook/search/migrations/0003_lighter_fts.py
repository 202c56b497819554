"""SQLite: the FTS5 table without prefix indexes, and a covering index for ranking (search speed, issue 13).

The prefix indexes ('2 3 4') made every page indexed write each word four times, and no search read them: a
prefix is searched as the commonest indexed words it starts (``SQLite.expand``). Ranking reads, for each of
up to WINDOW matches, its group, body, date, kind and person: from this index, without stepping over the
entry's text. Neither exists on PostgreSQL, which ranks from its GIN-indexed tsvector.

The covering index is not in the model's Meta (it would be built on PostgreSQL too, for nothing): a later
migration that remakes the table on SQLite must create it again, as ``restore_triggers`` does the triggers.
"""

from django.db import migrations

FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61'{prefix})"
)
VOCAB = "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')"
CANDIDATE_INDEX = (
    'CREATE INDEX IF NOT EXISTS search_entry_candidate ON search_searchentry (id, "group", body_id, date, kind, '
    "person_id)"
)


def remake(prefix: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        schema_editor.execute("DROP TABLE search_vocab")
        schema_editor.execute("DROP TABLE search_fts")
        schema_editor.execute(FTS.format(prefix=prefix))
        schema_editor.execute(VOCAB)
        schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        if prefix:
            schema_editor.execute("DROP INDEX IF EXISTS search_entry_candidate")
        else:
            schema_editor.execute(CANDIDATE_INDEX)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(remake(""), remake(", prefix='2 3 4'"))]
