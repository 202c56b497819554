"""Imports running truly at the same time, in separate processes, on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count

from minutebook.governance import models
from minutebook.governance.importing import import_file

from ..extract.helpers import FIXTURES
from .conftest import minutebook

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time, so imports there never race; this is PostgreSQL's test",
    ),
]


def test_two_workers_importing_the_same_meeting_at_once_make_it_once(shared_database, tmp_path):
    minutes = (FIXTURES / "county_minutes.txt").read_text()
    packs = []
    for n in range(4):  # the same meeting's minutes printed in four packs, each with bytes of its own
        path = tmp_path / f"pack{n}.txt"
        path.write_text(minutes + f"\nCirculated again with pack {n}\n")
        packs.append(path)
    same = tmp_path / "same.txt"
    same.write_text(minutes + "\nOne file sent twice\n")
    batches = [[*packs, same], [*reversed(packs), same]]
    # The council, the body and its people are known already, from an earlier meeting: creating them
    # would itself make the second import wait for the first (their names are unique).
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(minutes.replace("7 November 2023", "5 September 2023"))
    assert import_file(earlier).status == "imported"
    go = tmp_path / "go"
    # Each process starts, then waits for the same signal, so both reach their first write together.
    script = (
        "import pathlib, sys, time\n"
        "from django.core.management import call_command\n"
        f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.01)\n"
        "call_command('import', *{paths!r})\n"
    )
    workers = [
        minutebook(
            shared_database,
            tmp_path,
            "shell",
            "-c",
            script.format(paths=list(map(str, batch))),
            background=True,
        )
        for batch in batches
    ]
    ready = [
        minutebook(shared_database, tmp_path, "shell", "-v", "0", "-c", "print('up')")
    ]  # both have started by now
    assert ready == ["up\n"]
    go.write_text("")
    assert [w.wait(timeout=300) for w in workers] == [0, 0]

    assert models.SourceDocument.objects.count() == 6  # the file sent twice is one document
    assert models.Meeting.objects.count() == 2
    meeting = models.Meeting.objects.get(start__date=datetime.date(2023, 11, 7))
    single = models.Minute.objects.filter(meeting=meeting).values("number").annotate(n=Count("id"))
    assert single and all(row["n"] == 1 for row in single)
    assert (
        models.Resolution.objects.values("minute", "order").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )
    assert models.Person.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert models.Attendance.objects.filter(meeting=meeting).count() > 0
