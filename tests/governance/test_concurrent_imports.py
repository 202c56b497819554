"""SQLite under load: imports at once, with readers and a clerk writing, never fail with "database is locked".

Real processes on a real SQLite file (the in-memory test database cannot show locking), configured by
the project's settings: WAL, a busy timeout, immediate write transactions and the import's retries.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ..sources.malformed import MINUTES
from .conftest import MINUTEBOOK

# A reader walks the tables as the public site does; a clerk makes small writes of their own, each its
# own transaction, as the clerk's pages do. Both run until the test says stop.
READER = """
import django, pathlib, sys
django.setup()
from minutebook.governance import models
stop, reads = pathlib.Path(sys.argv[1]), 0
while not stop.exists():
    for model in (models.SourceDocument, models.Meeting, models.Minute, models.Person, models.Attendance):
        list(model.objects.order_by("-pk")[:20]); reads += 1
print("reads", reads)
"""
CLERK = """
import django, pathlib, sys, time
django.setup()
from django.db import transaction
from minutebook.governance import models
stop, writes = pathlib.Path(sys.argv[1]), 0
while not stop.exists() or writes < 20:
    with transaction.atomic():
        models.Organisation.objects.create(name=f"Partner {writes}", kind=models.Organisation.Kind.OTHER)
    writes += 1
    time.sleep(0.02)
print("writes", writes)
"""


def pack(day: int, month: str) -> str:
    return MINUTES.replace("4 March 2024", f"{day} {month} 2024") + f"\nReference {month} {day}\n"


@pytest.mark.timeout(240)
def test_imports_readers_and_a_clerk_at_once_all_succeed_and_each_file_is_one_document(tmp_path, sqlite_file):
    db, env = sqlite_file
    batches = {}
    for name, month, count in [("shared", "March", 5), ("april", "April", 4)]:
        folder = tmp_path / name
        folder.mkdir()
        for day in range(1, count + 1):
            (folder / f"pack{day:02}.txt").write_text(pack(day, month))
        batches[name] = folder
    stop = tmp_path / "stop"
    others = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(stop)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for script in (READER, CLERK)
    ]
    imports = [
        subprocess.Popen(
            [*MINUTEBOOK, "import", str(batches[name])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("shared", "april", "shared")
    ]
    results = [(p.wait(timeout=200), p.stdout.read()) for p in imports]
    stop.touch()
    results += [(p.wait(timeout=60), p.stdout.read()) for p in others]
    for status, output in results:
        assert status == 0, output
        assert "locked" not in output and "Traceback" not in output, output
    with sqlite3.connect(db) as conn:
        names = [row[0] for row in conn.execute("select name from governance_sourcedocument")]
        meetings = conn.execute("select count(*) from governance_meeting").fetchone()[0]
        bodies = conn.execute("select count(*) from governance_body").fetchone()[0]
        partners = conn.execute(
            "select count(*) from governance_organisation where kind = 'other'"
        ).fetchone()[0]
        journal = conn.execute("pragma journal_mode").fetchone()[0]
    assert len(names) == 9  # the shared batch, imported twice at once, is five documents
    assert meetings == 9 and bodies == 1
    assert partners == int(results[-1][1].split()[-1])  # every write the clerk made is there
    assert journal == "wal"
    summaries = [output.strip().splitlines()[-1] for _, output in results[:3]]
    shared = [summaries[k] for k in (0, 2)]
    assert sum(int(s.split(" imported")[0]) for s in shared) == 5  # each shared file imported once in all
    assert not list(Path(env["MINUTEBOOK_VAR"]).rglob("*.part"))
