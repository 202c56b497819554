"""Following background work from the clerk's desk: each job's state in words, and a body's work in hand.

A job's row (django-tasks-db's ``DBTaskResult``) is the one record of what happened to it, whoever ran
it (a worker, or the process that queued it when no worker was alive): its state here is read from
it, never kept twice. A clerk sees the work of their own bodies: the packs being published for their
meetings, the figure checks of documents those meetings cite that have not (yet) succeeded, and the
imports they sent; administrators see everyone's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minutebook.figurechecks.showing import CITING
from minutebook.governance.models import Meeting, SourceDocument

from .models import ImportBatch, ImportFile
from .tasks import check_figures_of, publish_packs

RECENT = datetime.timedelta(days=7)  # how far back the desk looks
SHOWN = 20  # jobs of each kind on the desk at most


@dataclass
class JobState:
    job_id: str
    status: str  # queued, running, retrying, done or failed
    label: str
    error: str  # the error's last line, for a job that failed (the admin shows the whole traceback)
    enqueued_at: datetime.datetime
    finished_at: datetime.datetime | None
    result: object = None  # what the job returned, once done
    subject: object = None  # the meeting or document the job is about

    @property
    def waiting(self) -> bool:
        return self.status in ("queued", "running", "retrying")


def state_of(result: DBTaskResult, subject=None) -> JobState:
    error = result.traceback.strip().splitlines()[-1] if result.traceback.strip() else ""
    if result.status == TaskResultStatus.RUNNING:
        status, label = "running", "Running"
    elif result.status == TaskResultStatus.SUCCESSFUL:
        status, label = "done", "Done"
    elif result.status == TaskResultStatus.FAILED:
        status, label = "failed", "Failed"
    elif result.worker_ids:  # ready again after a failed attempt
        when = timezone.localtime(result.run_after)
        status, label = "retrying", f"Failed once; to be tried again at {when:%H:%M}"
    else:
        status, label = "queued", "Waiting for a worker"
    return JobState(
        str(result.id),
        status,
        label,
        error,
        result.enqueued_at,
        result.finished_at,
        result.return_value,
        subject,
    )


def state(job_id: str) -> JobState:
    return state_of(DBTaskResult.objects.get(pk=job_id))


def _jobs(defined, **filters):
    return DBTaskResult.objects.filter(task_path=defined.module_path, **filters).order_by("-enqueued_at")


def _recent(defined):
    """A kind of job queued in the last week, the newest first (index ``jobs_kind_newest``)."""
    return _jobs(defined).filter(enqueued_at__gte=timezone.now() - RECENT)


def publishing_of(meeting: Meeting, limit: int = 3) -> list[JobState]:
    """The latest jobs publishing this meeting's packs, the newest first."""
    return [
        state_of(r, meeting) for r in _recent(publish_packs).filter(args_kwargs__args__0=meeting.pk)[:limit]
    ]


@dataclass
class WorkInHand:
    imports: list[ImportBatch]  # each with ``file_count`` and ``done_count``
    packs: list[JobState]  # about meetings
    checks: list[JobState]  # about documents: waiting or failed ones only

    def __bool__(self) -> bool:
        return bool(self.imports or self.packs or self.checks)

    @property
    def waiting(self) -> bool:
        return any(b.done_count < b.file_count for b in self.imports) or any(
            j.waiting for j in self.packs + self.checks
        )


def work_of(user, bodies) -> WorkInHand:
    """The background work of these bodies (every body's for an administrator) and the user's imports."""
    everyone = user.is_superuser
    body_ids = {body.pk for body in bodies}
    batches = ImportBatch.objects.filter(created_at__gte=timezone.now() - RECENT)
    if not everyone:
        batches = batches.filter(created_by=user)
    batches = batches.annotate(
        file_count=Count("files"),
        done_count=Count("files", filter=~Q(files__status__in=ImportFile.WAITING)),
    )[:5]

    packs = []
    publishing = list(_recent(publish_packs)[: SHOWN * 10])
    meetings = Meeting.objects.select_related("body").in_bulk({r.args_kwargs["args"][0] for r in publishing})
    for result in publishing:
        meeting = meetings.get(result.args_kwargs["args"][0])
        if meeting and (everyone or meeting.body_id in body_ids) and len(packs) < SHOWN:
            packs.append(state_of(result, meeting))

    unsettled = list(_recent(check_figures_of).exclude(status=TaskResultStatus.SUCCESSFUL)[: SHOWN * 10])
    ids = {r.args_kwargs["args"][0] for r in unsettled}
    documents = SourceDocument.objects.in_bulk(ids)
    if not everyone:
        ids = _cited_by(ids, body_ids)
    checks = [
        state_of(r, documents[r.args_kwargs["args"][0]])
        for r in unsettled
        if r.args_kwargs["args"][0] in ids and r.args_kwargs["args"][0] in documents
    ][:SHOWN]
    return WorkInHand(list(batches), packs, checks)


def _cited_by(document_ids, body_ids) -> set[int]:
    """Those documents that records of these bodies' meetings cite."""
    found = set()
    for model, document_field, meeting_field in CITING:
        body = "body" if meeting_field == "pk" else f"{meeting_field}__body"
        found.update(
            model.objects.filter(
                **{f"{document_field}_id__in": document_ids, f"{body}_id__in": body_ids}
            ).values_list(f"{document_field}_id", flat=True)
        )
    return found
