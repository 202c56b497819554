"""The task queue: a job runs, a failing job is tried again and then set aside, and a job whose
worker was killed mid-way is taken up by another worker."""

import signal
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .conftest import minutebook
from .work import always_fails, note

WORKER = ["worker", "--no-startup-delay", "--interval", "0.1"]


@pytest.fixture(autouse=True)
def no_pause(settings):
    settings.MINUTEBOOK_JOB_RETRY_PAUSE = 0


@pytest.mark.django_db(transaction=True)  # the worker closes connections between jobs
def test_a_queued_job_runs_in_a_worker(tmp_path):
    result = note.enqueue(str(tmp_path / "note.txt"), "written by a worker")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    call_command(*WORKER, "--batch", verbosity=0)
    done = DBTaskResult.objects.get(pk=result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL and done.return_value == "written by a worker"
    assert (tmp_path / "note.txt").read_text() == "written by a worker"


@pytest.mark.django_db(transaction=True)  # the worker closes connections between jobs
def test_a_job_that_keeps_failing_is_tried_again_then_set_aside_with_its_error(admin_client):
    result = always_fails.enqueue()
    call_command(*WORKER, "--batch", verbosity=0)
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert len(failed.worker_ids) == 2  # always_fails allows two attempts
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the remote server refused the file" in failed.traceback
    # An administrator finds it among the failed jobs, with its error.
    listed = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status=FAILED"
    )
    assert "always_fails" in listed.content.decode()
    shown = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id]))
    assert "the remote server refused the file" in shown.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_killed_worker_is_taken_up_by_another(shared_database, tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    minutebook(
        shared_database,
        tmp_path,
        "shell",
        "-c",
        f"from tests.jobs.work import hold_until_released as j; j.enqueue({str(folder)!r})",
    )
    first = minutebook(shared_database, tmp_path, *WORKER, background=True)
    try:
        for _ in range(600):
            if (folder / "started").exists() or first.poll() is not None:
                break
            time.sleep(0.1)
        assert (folder / "started").exists(), "the first worker never started the job"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    state = "from django_tasks_db.models import DBTaskResult as R; r = R.objects.get(); print(r.status, len(r.worker_ids))"
    assert minutebook(shared_database, tmp_path, "shell", "-v", "0", "-c", state).split() == ["RUNNING", "1"]
    (folder / "release").write_text("")
    minutebook(shared_database, tmp_path, *WORKER, "--batch", "--verbosity", "0")
    assert minutebook(shared_database, tmp_path, "shell", "-v", "0", "-c", state).split() == [
        "SUCCESSFUL",
        "2",
    ]
