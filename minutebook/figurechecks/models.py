"""What checking a stored document's figures found, kept beside the document.

A document's tables and the flags raised on them come from ``minutebook.figures`` (pure, no Django) and are
stored with the lines they came from, so that every figure and flag links to the highlighted lines of the
original. They belong to the ``SourceDocument``, and through it to the meetings whose records cite it: who may
see them is the document's rule (``governance.visibility``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from minutebook.governance.models import SourceDocument


class FigureCheck(models.Model):
    """When a document's figures were last checked, and how many checks were made (passing and failing)."""

    document = models.OneToOneField(SourceDocument, on_delete=models.CASCADE, related_name="figure_check")
    checked_at = models.DateTimeField(default=timezone.now)
    checks = models.PositiveIntegerField(default=0, help_text="Checks made in all, passing and failing")

    def __str__(self):
        return f"Figures of {self.document}"


class FigureTable(models.Model):
    """A table of figures as printed: its rows kept as the checker read them (label, cells, line)."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="figure_tables")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=500, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list, help_text="[{line, label, cells: [{raw, value, unit, ...}]}]")
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "order"]

    def __str__(self):
        return self.title or f"Table at lines {self.first_line}–{self.last_line} of {self.document}"

    @property
    def lines_url(self) -> str:
        return _lines_url(self.document_id, self.first_line, self.last_line)


class FigureFlag(models.Model):
    """A re-derivation that does not agree with what is printed; a clerk may explain it."""

    class Confidence(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="figure_flags")
    kind = models.CharField(max_length=40)
    lines = models.JSONField(default=list)
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    description = models.TextField()
    computed = models.JSONField(null=True, blank=True)
    printed = models.JSONField(null=True, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.HIGH)
    note = models.TextField(blank=True, help_text="The checker's likely explanation")
    raised = models.BooleanField(
        default=True,
        help_text="Off when a later check no longer raises it: an explained flag is kept, never lost",
    )
    explanation = models.TextField(blank=True, help_text="A clerk's explanation, shown to everyone")
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "first_line", "pk"]

    def __str__(self):
        return self.description

    @property
    def lines_url(self) -> str:
        return _lines_url(self.document_id, self.first_line, self.last_line)

    @property
    def explained(self) -> bool:
        return bool(self.explanation)


def _lines_url(document_id: int, first: int, last: int) -> str:
    return f"{reverse('source', args=[document_id])}?lines={first}-{last}#L{first}"
