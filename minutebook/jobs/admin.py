"""What administrators see of background work: workers alive, import batches (jobs: Task results)."""

from django.contrib import admin

from . import models


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
