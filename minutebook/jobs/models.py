from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    """A running ``minutebook worker``: where it runs and when it was last seen alive.

    A job still marked running whose worker has not been seen for a while (or whose process is gone,
    when it ran on this machine) was interrupted: another worker takes it up again. A process that runs
    one job of its own because no worker was alive (``queue.submit``) is recorded too, so that its job
    is not taken for interrupted, but it takes no jobs from the queue: it does not count as a worker.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    takes_jobs = models.BooleanField(
        default=True, help_text="A worker taking jobs from the queue (not a process running its own job)."
    )
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"worker {self.worker_id[:8]} on {self.host} (pid {self.pid})"


class ImportBatch(models.Model):
    """Files sent to be imported together (an upload from the clerk's desk, or ``import --queue``)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    council = models.CharField(
        max_length=200, blank=True, help_text="The council whose papers they are; blank: the council each names."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import of {timezone.localtime(self.created_at):%-d %B %Y %H:%M}"

    @property
    def finished(self) -> bool:
        return not self.files.filter(status__in=ImportFile.WAITING).exists()


class ImportFile(models.Model):
    """One file of a batch: where it waits, how far its import got, and what came of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        KEPT = "kept", "Kept without meetings"
        UNCHANGED = "unchanged", "Already imported"
        FAILED = "failed", "Failed"

    WAITING = (Status.QUEUED, Status.RUNNING)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500, help_text="The file's name as it was sent.")
    path = models.CharField(
        max_length=1000, help_text="Where the file waits: the file store, or a shared path."
    )
    staged = models.BooleanField(default=False, help_text="Uploaded: removed once imported.")
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True, help_text="Records created, by kind.")
    conflicts = models.PositiveIntegerField(default=0)
    job_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self):
        return self.name
