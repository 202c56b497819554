from django.db import models

from minutebook.governance.models import Body, Person


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
        PAGE = "page", "Page of a document"
        PERSON = "person", "Person"
        BODY = "body", "Board or committee"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(null=True, blank=True)
    title = models.TextField()
    text = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # A page of a document: object_id is the document, page its page number and line its first line (0 otherwise).
    page = models.PositiveIntegerField(default=0)
    line = models.PositiveIntegerField(default=0)
    # What a reader wants one result for: "item-<pk>" (an agenda item and everything under it), "meeting-<pk>",
    # "document-<pk>", "person-<pk>", "body-<pk>", "work-<pk>". Search results are grouped on it.
    group = models.CharField(max_length=40, default="")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For the person facet",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "page"], name="one_entry_per_record_page")
        ]
        indexes = [models.Index(fields=["body", "date"]), models.Index(fields=["group"])]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title[:60]}"


class SearchWord(models.Model):
    """A word the index holds, as written (not stemmed): the vocabulary typos are corrected against.

    Both databases keep the same small table, filled as entries are indexed; a word whose entries have gone
    stays until the next rebuild, and is never suggested because a suggestion is only made when it finds
    something."""

    word = models.CharField(max_length=40, primary_key=True)

    def __str__(self):
        return self.word
