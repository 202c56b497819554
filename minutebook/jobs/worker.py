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

When no worker is alive (SQLite on a laptop, or every worker stopped), ``queue.submit`` runs the job it
queued in its own process instead (``InProcess``): the same job row, claimed the same way, so the desk
shows the same states and errors, whichever ran it.
"""

from __future__ import annotations

import datetime
import os
import socket
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from minutebook.governance import reading
from minutebook.governance.importing import process_alive

from .models import WorkerBeat
from .queue import attempts_allowed
from .tasks import file_of, is_import

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


def worker_alive() -> bool:
    """Is a worker taking jobs from the queue (seen lately, and, on this machine, its process running)?"""
    now = timezone.now()
    beats = WorkerBeat.objects.filter(takes_jobs=True, seen_at__gte=now - silent_after())
    return any(not _gone(beat, now) for beat in beats)


def importers_here() -> int:
    """The workers taking jobs on this machine (seen lately): how many may be importing here at once."""
    seen = timezone.now() - silent_after()
    return WorkerBeat.objects.filter(host=HOST, takes_jobs=True, seen_at__gte=seen).count()


def try_again_or_set_aside(result: DBTaskResult, error_class: str, error: str, retry: bool = True) -> bool:
    """After a failed or interrupted attempt: ready again after a pause, or failed for good.

    Returns True when the job will be tried again. The last error is kept either way.
    """
    tried = len(result.worker_ids)
    again = retry and tried < attempts_allowed(result.task_path)
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
    takes_jobs = True  # from the queue, any of them (``InProcess`` runs only the one it was given)

    def run(self) -> None:
        self.beat()
        stopped = threading.Event()
        threading.Thread(target=self._keep_watch, args=(stopped,), daemon=True).start()
        try:
            super().run()
        finally:
            stopped.set()
            self.sign_off()

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": HOST,
                "pid": os.getpid(),
                "seen_at": timezone.now(),
                "takes_jobs": self.takes_jobs,
            },
        )

    def sign_off(self) -> None:
        """Stopping on purpose: no longer counted alive, so new work is not left waiting for this worker."""
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:  # noqa: BLE001 - a worker stopped by its database going away is counted gone later
            pass

    def run_task(self, db_task_result: DBTaskResult) -> None:
        job = db_task_result
        while job is not None:
            following = self._take_following(job)
            self._run_one(job)
            job = following

    def _take_following(self, job: DBTaskResult) -> DBTaskResult | None:
        """With an import about to run and another import next in the queue's own order: take that one now
        as well, to run straight after, so its document is read while this one is written
        (``governance.reading``). Taken, not guessed: with several workers, the next job guessed at would
        mostly be taken by another, and its reading wasted. Never out of the queue's order: when the next
        job is not an import, nothing is taken early; nor where it does not pay (``reading.pays``: fewer than
        two cores it may run on for each worker on its machine). A worker asked to stop still runs the one it took; a
        worker killed leaves it running, to be tried again like any interrupted job."""
        if not self.takes_jobs or not self.running or not is_import(job):
            return None
        if self.max_tasks is not None and self._run_tasks + 2 > self.max_tasks:
            return None
        if not reading.pays(importers_here()):
            return None
        with exclusive_transaction(DBTaskResult.objects.db):
            following = self.ready().get_locked()
            file = file_of(following) if following is not None else None
            if file is None:
                return None
            following.claim(self.worker_id)
        reading.read_next(*file)
        return following

    def ready(self):
        """The jobs this worker may take, in the order it takes them (the library's own choice)."""
        jobs = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            jobs = jobs.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            jobs = jobs.exclude(queue_name__in=self.excluded_queue_names)
        return jobs

    def _run_one(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        db_task_result.refresh_from_db()
        if db_task_result.status == TaskResultStatus.FAILED:
            try_again_or_set_aside(
                db_task_result,
                db_task_result.exception_class_path,
                db_task_result.traceback,
                retry=self.takes_jobs,
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


class InProcess(Worker):
    """A process running a job it queued itself, now, because no worker was alive to take it.

    It claims that one job as a worker would (a worker started meanwhile may have taken it: then it
    does nothing), and a failure is final at once, the job set aside with its error: nobody is there to
    try it again later, and whoever asked (the clerk pressing publish again, ``checkfigures``) can.
    """

    takes_jobs = False

    def __init__(self):
        super().__init__(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=1,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )

    def run_job(self, result_id) -> None:
        self.beat()
        try:
            with exclusive_transaction(DBTaskResult.objects.db):
                result = DBTaskResult.objects.ready().filter(pk=result_id).get_locked()
                if result is not None:
                    result.claim(self.worker_id)
            if result is not None:
                self.run_task(result)
        finally:
            self.sign_off()
