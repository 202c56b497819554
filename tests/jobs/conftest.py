"""Worker processes for the queue's tests: a database they share with the test, and a way to start them."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from ..conftest import ROOT


@pytest.fixture
def shared_database(tmp_path, django_db_blocker):
    """A DATABASE_URL other processes can open: the test database on PostgreSQL (tests using it are
    transactional, so what they write is committed), a migrated file on SQLite (the test database
    there lives in memory, inside this process)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    minutebook(url, tmp_path, "migrate", "--noinput")
    return url


def environment(url: str, var) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "MINUTEBOOK_VAR": str(var),
        "MINUTEBOOK_JOB_RETRY_PAUSE": "0",
        "MINUTEBOOK_WORKER_HEARTBEAT": "1",
    }


def minutebook(url: str, var, *args: str, background: bool = False):
    """Run ``minutebook ARGS`` (from the repository root, so the tests' own jobs can be imported)."""
    command = [sys.executable, "-m", "minutebook.cli", *args]
    if background:
        return subprocess.Popen(command, cwd=ROOT, env=environment(url, var))
    done = subprocess.run(
        command, cwd=ROOT, env=environment(url, var), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def worker_alive(db):
    """A worker taking jobs (this very process, as far as the queue can tell): submitted work waits for it."""
    from minutebook.jobs.models import WorkerBeat
    from minutebook.jobs.worker import HOST

    return WorkerBeat.objects.create(worker_id="a-worker-alive", host=HOST, pid=os.getpid())


@pytest.fixture
def killed_worker(db):
    """A worker killed on this machine: its record is fresh, its process gone."""
    from minutebook.jobs.models import WorkerBeat
    from minutebook.jobs.worker import HOST

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return WorkerBeat.objects.create(worker_id="a-worker-killed", host=HOST, pid=gone.pid)
