"""A worker about to run a queued import takes the next one too when it is next in the queue, so that document
is read while this one is written; never out of the queue's order, never past ``--max-tasks``."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minutebook.governance import models, reading
from minutebook.jobs.models import ImportFile
from minutebook.jobs.tasks import import_queued_file, queue_import

from ..documents import pdf_from_text
from ..sources.malformed import MINUTES
from .test_queue import WORKER, no_pause  # noqa: F401
from .work import note

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes connections between jobs


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"


def packs(folder, days) -> list[tuple]:
    folder.mkdir(exist_ok=True)
    out = []
    for day in days:
        path = folder / f"pack-{day}.pdf"
        path.write_bytes(pdf_from_text(MINUTES.replace("4 March 2024", f"{day} March 2024")))
        out.append((path, path.name, False))
    return out


def import_jobs():
    return DBTaskResult.objects.filter(task_path=import_queued_file.module_path).order_by("enqueued_at")


def test_queued_imports_are_each_read_while_the_one_before_is_written(tmp_path, readers):
    queue_import(packs(tmp_path, [5, 6, 8]))
    call_command(*WORKER, "--batch", verbosity=0)
    assert readers["pack-5.pdf"] == ["MainThread"]
    for name in ("pack-6.pdf", "pack-8.pdf"):
        assert len(readers[name]) == 1 and readers[name][0].startswith("minutebook-reading")
    assert set(ImportFile.objects.values_list("status", flat=True)) == {"imported"}
    assert all(
        job.status == TaskResultStatus.SUCCESSFUL and len(job.worker_ids) == 1 for job in import_jobs()
    )  # each taken once, by the one worker
    assert sorted(m.start.day for m in models.Meeting.objects.all()) == [5, 6, 8]


def test_a_job_queued_between_two_imports_keeps_its_place(tmp_path, readers):
    queue_import(packs(tmp_path, [5]))
    noted = note.enqueue(str(tmp_path / "note.txt"), "between the imports")
    queue_import(packs(tmp_path, [6]))
    call_command(*WORKER, "--batch", verbosity=0)
    first, second = import_jobs()
    between = DBTaskResult.objects.get(pk=noted.id)
    assert first.finished_at <= between.started_at <= between.finished_at <= second.started_at
    assert readers["pack-6.pdf"] == ["MainThread"]  # not taken early: nothing read ahead for it


def test_a_worker_reads_nothing_ahead_when_the_machine_has_no_core_to_spare(tmp_path, readers, monkeypatch):
    from minutebook.jobs.models import WorkerBeat
    from minutebook.jobs.worker import HOST

    monkeypatch.setattr(reading, "cores", lambda: 2)
    WorkerBeat.objects.create(worker_id="another-worker-here", host=HOST, pid=1)  # two workers on two cores
    queue_import(packs(tmp_path, [5, 6]))
    call_command(*WORKER, "--batch", verbosity=0)
    assert readers == {"pack-5.pdf": ["MainThread"], "pack-6.pdf": ["MainThread"]}
    assert [job.status for job in import_jobs()] == [TaskResultStatus.SUCCESSFUL] * 2


def test_a_worker_takes_no_job_past_its_max_tasks(tmp_path, readers):
    queue_import(packs(tmp_path, [5, 6]))
    call_command(*WORKER, "--batch", "--max-tasks", "1", verbosity=0)
    first, second = import_jobs()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert second.status == TaskResultStatus.READY and second.worker_ids == []
    assert "pack-6.pdf" not in readers
