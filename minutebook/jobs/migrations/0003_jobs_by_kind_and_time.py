"""An index on the library's job table, for the desk: a kind of job, the newest first.

The desk and a meeting's Publish section look up the latest jobs of one kind (``jobs.following``). The
library indexes its table for workers taking ready jobs only, and a migration of another app cannot add
an index to its model, so this one is plain SQL, the same on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_worker_takes_jobs"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS jobs_kind_newest ON django_tasks_database_dbtaskresult (task_path, enqueued_at)",
            "DROP INDEX IF EXISTS jobs_kind_newest",
        )
    ]
