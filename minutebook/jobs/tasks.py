"""The minute book's background jobs: importing, re-importing, checking an import's figures, re-indexing,
publishing packs.

(One more, alert digests, lives in ``alerts``, which sits above the queue. The jobs here are defined above the
packages whose work they run, so that the domain never imports the queue: data flows one way.)

Each is safe to run twice (a worker may die after the work committed, before the job was marked
done): an import of bytes already imported changes nothing, re-indexing rebuilds, publishing an
unchanged meeting issues nothing new.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BigIntegerField
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minutebook.figurechecks import storing
from minutebook.governance import importing
from minutebook.governance.models import Meeting, Pack, SourceDocument
from minutebook.publishing import pack
from minutebook.search import index
from minutebook.sql.statements import Given, Statement

from .models import ImportBatch, ImportFile
from .queue import job, submit


@job
def import_queued_file(file_id: int) -> str:
    """Import one file of a batch and record what came of it (for the upload page's summary)."""
    queued = ImportFile.objects.select_related("batch").get(pk=file_id)
    if queued.status not in ImportFile.WAITING:
        return queued.status  # done by an earlier attempt
    ImportFile.objects.filter(pk=file_id).update(status=ImportFile.Status.RUNNING, started_at=timezone.now())
    outcome = importing.import_file(Path(queued.path), name=queued.name, council=queued.batch.council)
    ImportFile.objects.filter(pk=file_id).update(
        status=outcome.status,
        message=outcome.message.replace(
            queued.path, queued.name
        ),  # the name the clerk knows, not the staging path
        counts=dict(outcome.counts),
        conflicts=outcome.conflicts,
        finished_at=timezone.now(),
    )
    if queued.staged:
        Path(queued.path).unlink(missing_ok=True)  # the original is kept, content-addressed, if imported
    return outcome.status


def is_import(queued_job: DBTaskResult) -> bool:
    return queued_job.task_path == import_queued_file.module_path and bool(queued_job.args_kwargs.get("args"))


def file_of(queued_job: DBTaskResult) -> tuple[str, str] | None:
    """The (path, name) a queued job imports, when it is an import (``import_queued_file``); else None."""
    if not is_import(queued_job):
        return None
    return ImportFile.objects.filter(pk=queued_job.args_kwargs["args"][0]).values_list("path", "name").first()


def queue_import(
    paths: list[tuple[Path, str, bool]], user=None, *, waited_on: bool = False, council: str = ""
) -> ImportBatch:
    """A batch of (path, name, staged) files, one job each, queued once the batch is committed.
    ``council``: whose papers they all are (``importing.import_file``).

    ``waited_on``: someone is waiting for it (an upload from the desk), so with no worker alive this
    process imports the files itself (``queue.submit``); otherwise they wait for the workers.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user, council=council.strip())
        files = ImportFile.objects.bulk_create(
            [
                ImportFile(batch=batch, name=name, path=str(path), staged=staged, size=path.stat().st_size)
                for path, name, staged in paths
            ]
        )
    with transaction.atomic():  # every job id is recorded before any of them runs here
        for queued in files:
            queued.job_id = (
                submit(import_queued_file, queued.pk)
                if waited_on
                else str(import_queued_file.enqueue(queued.pk).id)
            )
        ImportFile.objects.bulk_update(files, ["job_id"])
    return batch


@job
def reimport_document(source_id: int) -> str:
    return importing.reimport(SourceDocument.objects.get(pk=source_id)).status


@job(attempts=2)
def reindex() -> int:
    return index.rebuild()


@job(attempts=2)
def publish_packs(meeting_id: int, user_id: int | None = None) -> list[int]:
    """Issue a meeting's packs as the clerk previewed them (PDF assembly is slow: hundreds of pages of papers).

    Publishing what is already published issues nothing, so a second run (or two at once, one then
    losing on the one-pack-per-version constraint and retried) leaves one pack per version.
    """
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return [issued.pk for issued in pack.publish(Meeting.objects.get(pk=meeting_id), user)]


@job(attempts=2)  # once more for a file store briefly away; an unreadable file fails alike twice
def check_figures_of(document_id: int) -> str:
    """The figure check of a document just imported (one job per document): ``figurechecks.storing``."""
    source = SourceDocument.objects.filter(pk=document_id).first()
    if source is None:
        return "gone"  # removed since it was imported: nothing to check
    return storing.summary(source, storing.check_document(source))


# Whether a document is a pack minutebook published (its papers are checked themselves): asked after every
# import, so compiled once.
_pack_of = Statement(
    lambda: Pack.objects.filter(document_id=Given("document", BigIntegerField())).values_list("pk")[:1]
)


def _submit_check(document_id: int) -> None:
    if not _pack_of.rows(document=document_id):
        submit(check_figures_of, document_id)


def _after_import(sender, instance, raw=False, **kwargs):
    """Every imported document's figures are checked once its import has committed (so its original is in the
    file store by then): by a worker, or, with no worker alive, by the importing process itself right after
    the commit (``queue.submit``)."""
    if not raw:
        transaction.on_commit(lambda: _submit_check(instance.pk))


def connect_signals() -> None:
    post_save.connect(_after_import, sender=SourceDocument, dispatch_uid="figurechecks-after-import")
