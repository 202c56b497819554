"""What administrators see of background work: every job (Task results, the failed ones with their error),
workers alive, import batches."""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import models
from .following import state_of

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    """The library's list of jobs, with each job's arguments and the error a failed one was set aside with."""

    list_display = ("task_name", "arguments", "status", "error", "tries", "enqueued_at", "finished_at")
    list_filter = ("status", "task_path", "queue_name")
    search_fields = ("task_path", "traceback")

    @admin.display(description="arguments")
    def arguments(self, result):
        return ", ".join(map(repr, result.args_kwargs.get("args", []))) or "-"

    @admin.display(description="error")
    def error(self, result):
        return state_of(result).error or "-"

    @admin.display(description="tries")
    def tries(self, result):
        return len(result.worker_ids)


@admin.register(models.WorkerBeat)
class WorkerBeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "host", "pid", "started_at", "seen_at")
    readonly_fields = ("worker_id", "host", "pid", "started_at", "seen_at")


class ImportFileInline(admin.TabularInline):
    model = models.ImportFile
    fields = ("name", "size", "status", "message", "started_at", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(models.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_by", "created_at")
    readonly_fields = ("created_by", "created_at")
    inlines = [ImportFileInline]
