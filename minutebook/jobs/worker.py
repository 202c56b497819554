"""``minutebook worker``: takes jobs from the queue one at a time, on any number of machines.

The library's worker (django-tasks-db) claims a job in a transaction (``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL, an exclusive transaction on SQLite), so two workers never run the same job.
Around it this worker adds:

- **retries**: a job that raised is made ready again after a pause that doubles each time, until it
  has been tried as often as its ``@job(attempts=...)`` allows; then it stays *failed*, with the
  error and traceback, in the admin (Task results) for an administrator;
- **recovery**: a worker records itself (``WorkerBeat``) and refreshes that record while it runs a
  job; a job still marked running whose worker has gone silent (or, on this machine, whose process is
  gone) was interrupted, and is tried again like a failure. Imports are one transaction per document,
  so an interrupted import left nothing behind and simply runs again.
"""

from __future__ import annotations

import datetime
import os
import socket
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from minutebook.governance.importing import process_alive

from .models import WorkerBeat
from .queue import attempts_allowed

HOST = socket.gethostname()


def heartbeat_seconds() -> float:
    return float(getattr(settings, "MINUTEBOOK_WORKER_HEARTBEAT", 10))


def silent_after() -> datetime.timedelta:
    """How long a worker may go unseen before its running job counts as interrupted."""
    return datetime.timedelta(seconds=6 * heartbeat_seconds())


def retry_pause(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(
        seconds=float(getattr(settings, "MINUTEBOOK_JOB_RETRY_PAUSE", 10)) * 2 ** (attempt - 1)
    )


def _gone(beat: WorkerBeat | None, now: datetime.datetime) -> bool:
    if beat is None or beat.seen_at < now - silent_after():
        return True
    return beat.host == HOST and beat.pid != os.getpid() and not process_alive(beat.pid)


def try_again_or_set_aside(result: DBTaskResult, error_class: str, error: str) -> bool:
    """After a failed or interrupted attempt: ready again after a pause, or failed for good.

    Returns True when the job will be tried again. The last error is kept either way.
    """
    tried = len(result.worker_ids)
    again = tried < attempts_allowed(result.task_path)
    changes = {"exception_class_path": error_class, "traceback": error, "return_value": None}
    if again:
        changes |= {"status": TaskResultStatus.READY, "run_after": timezone.now() + retry_pause(tried)}
    else:
        changes |= {"status": TaskResultStatus.FAILED, "finished_at": timezone.now()}
    # Only from the state we saw it in: two workers recovering the same job change it once.
    DBTaskResult.objects.filter(pk=result.pk, status=result.status, worker_ids=result.worker_ids).update(
        **changes
    )
    return again


def recover_interrupted() -> int:
    """Jobs left running by workers that died: tried again or set aside. Returns how many."""
    now = timezone.now()
    running = list(DBTaskResult.objects.running())
    if not running:
        return 0
    beats = {
        b.worker_id: b for b in WorkerBeat.objects.filter(worker_id__in={r.worker_ids[-1] for r in running})
    }
    recovered = 0
    for result in running:
        beat = beats.get(result.worker_ids[-1])
        if _gone(beat, now):
            where = f"{beat.host}, process {beat.pid}" if beat else "unknown"
            try_again_or_set_aside(
                result,
                "minutebook.jobs.worker.WorkerLost",
                f"The worker running this job ({where}) stopped before it finished.",
            )
            recovered += 1
    return recovered


class Worker(LibraryWorker):
    def run(self) -> None:
        self.beat()
        stopped = threading.Event()
        threading.Thread(target=self._keep_watch, args=(stopped,), daemon=True).start()
        try:
            super().run()
        finally:
            stopped.set()

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id, defaults={"host": HOST, "pid": os.getpid(), "seen_at": timezone.now()}
        )

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        db_task_result.refresh_from_db()
        if db_task_result.status == TaskResultStatus.FAILED:
            try_again_or_set_aside(
                db_task_result, db_task_result.exception_class_path, db_task_result.traceback
            )

    def _keep_watch(self, stopped: threading.Event) -> None:
        """Every few seconds, in this thread's own connection: say this worker is alive, and take up
        the jobs of workers that are not."""
        try:
            while not stopped.wait(heartbeat_seconds()):
                try:
                    WorkerBeat.objects.filter(worker_id=self.worker_id).update(seen_at=timezone.now())
                    with exclusive_transaction(DBTaskResult.objects.db):
                        recover_interrupted()
                except Exception:  # noqa: BLE001 - a missed beat is made up at the next one
                    pass
        finally:
            connection.close()
