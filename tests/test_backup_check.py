"""``scripts/backup-check``: a backup of the minute book restores into an empty database with every row, and the
copy it makes is dropped afterwards (it is as large as the database), on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from minutebook.governance.importing import import_file
from minutebook.governance.models import Minute

from .extract.helpers import FIXTURES
from .jobs.conftest import shared_database  # noqa: F401 - the test database's URL, for another process

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),  # committed, so that pg_dump sees it
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
]


def backup_check(url: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "backup-check")],
        env={**os.environ, "DATABASE_URL": url, **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


def copies() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'restore_check_%%'")
        return [name for (name,) in cursor.fetchall()]


def test_a_backup_restores_with_every_row_and_its_copy_is_dropped(shared_database):  # noqa: F811
    assert import_file(FIXTURES / "county_minutes.txt").status == "imported"
    assert Minute.objects.exists()
    done = backup_check(shared_database, MINUTEBOOK_DISK_RESERVE_GB="0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restore check: every table has the same number of rows" in done.stdout
    assert copies() == []


def test_a_check_that_would_fill_the_disk_is_refused_saying_so(shared_database):  # noqa: F811
    done = backup_check(shared_database, MINUTEBOOK_DISK_RESERVE_GB="1000000")
    assert done.returncode != 0
    assert "restore check NOT RUN" in done.stdout and "GB are free" in done.stdout
    assert copies() == []
