from django.db import models

from minutebook.governance.models import Body


class SearchEntry(models.Model):
    """One searchable record: its words, and what to show and link to when it is found.

    The words are indexed by the database itself: an FTS5 table kept in step by
    triggers on SQLite, a generated tsvector column with a GIN index on
    PostgreSQL (see the migrations).
    """

    class Kind(models.TextChoices):
        AGENDA_ITEM = "agenda_item", "Agenda item"
        MINUTE = "minute", "Minute"
        RESOLUTION = "resolution", "Decision"
        PAPER = "paper", "Report"
        RECOMMENDATION = "recommendation", "Recommendation"
        WORK_PROGRAMME = "work_programme", "Work programme"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(null=True, blank=True)
    title = models.TextField()
    text = models.TextField(blank=True)
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_record")]
        indexes = [models.Index(fields=["body", "date"])]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title[:60]}"
