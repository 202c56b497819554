"""Defining a job: ``@job`` over a function, then ``its_name.enqueue(args...)`` from anywhere.

This is Django's tasks framework (the ``django-tasks`` backport of Django 6's ``django.tasks``) with
its database backend (``django-tasks-db``), so jobs are rows in the database we already run, SQLite or
PostgreSQL, and any number of ``minutebook worker`` processes, on any number of machines sharing
that database and the file store, take them one at a time. What the library leaves out, this module
and ``worker`` add: a job that fails is tried again (``attempts`` in all, with growing pauses) and
then set aside with its error for an administrator (admin -> Task results, status Failed); a job
whose worker died mid-way is taken up again by another worker.

A job's arguments and result must be JSON (ids and paths, never model instances), and a job must be
safe to run twice: a worker can die after the work committed but before the job was marked done.

    from minutebook.jobs.queue import job

    @job(attempts=5)
    def send_digest(subscriber_id: int) -> None: ...

    send_digest.enqueue(subscriber.pk)        # for the workers, whenever they come
    submit(send_digest, subscriber.pk)        # the same, or run here now if no worker is alive

``enqueue`` leaves a job to the workers (``import --queue`` queues thousands, then workers start);
``submit`` is for work someone is waiting on (a clerk publishing a pack, the figure check after an
import): with a worker alive it is queued like any other, and with none (SQLite on a laptop, no
``minutebook worker`` started) the process that asked runs it itself once its transaction commits,
through the same job row, so its state and any error are recorded and shown the same way.

With Django 6 the import becomes ``django.tasks``; nothing else changes.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import transaction
from django_tasks import task

ATTEMPTS: dict[str, int] = {}  # a job's module path -> how many times it may be tried
DEFAULT_ATTEMPTS = 3


def job(function=None, *, attempts: int = DEFAULT_ATTEMPTS, queue_name: str = "default", priority: int = 0):
    """Make a function a job that workers run; ``attempts`` is how often it is tried before it is set aside."""

    def define(f):
        defined = task(f, queue_name=queue_name, priority=priority)
        ATTEMPTS[defined.module_path] = attempts
        return defined

    return define(function) if function is not None else define


def attempts_allowed(task_path: str) -> int:
    return ATTEMPTS.get(task_path, DEFAULT_ATTEMPTS)


# Set inside ``leaving_to_workers()``: ``submit`` queues and never runs a job here.
_leaving: contextvars.ContextVar = contextvars.ContextVar("minutebook_leaving_to_workers", default=False)


def submit(defined, *args) -> str:
    """Queue a job; with no worker alive to take it, run it in this process once the transaction commits.

    Returns the job's id. The job row is written in the caller's transaction, so work that is rolled
    back queues nothing.
    """
    queued = defined.enqueue(*args)
    if not _leaving.get():
        transaction.on_commit(lambda: _run_if_no_worker(queued.id))
    return str(queued.id)


@contextlib.contextmanager
def leaving_to_workers():
    """Inside the block ``submit`` only queues, as ``enqueue`` does, whether or not a worker is alive: for a
    run of imports whose follow-up jobs (each document's figure check) are to be run after them by workers
    (``minutebook worker --batch``), so that the imports' records are all there first and what each part
    costs can be told apart (``benchmarks/run.py``)."""
    token = _leaving.set(True)
    try:
        yield
    finally:
        _leaving.reset(token)


def _run_if_no_worker(job_id) -> None:
    from .worker import InProcess, worker_alive  # the worker runs jobs from every layer: imported when used

    if not worker_alive():
        InProcess().run_job(job_id)
