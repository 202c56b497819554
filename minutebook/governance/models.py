"""The minute book's domain, shaped after OParl's objects.

OParl calls a council or partner an *Organization* and a committee a body
inside it; UK boards mix both (a Health and Wellbeing Board seats the council,
the NHS, the police and Healthwatch), so here an ``Organisation`` is any
outside body a person can represent and a ``Body`` is a board or committee of
a council. Everything that came from a published document keeps a pointer to
the page and lines it came from (``Provenance``), so that any record can be
checked against the original.
"""

import contextlib
import contextvars
import datetime
import itertools
import threading
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, TruncDate, Upper
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..sql.statements import AnyOf, Given, Statement
from . import bulk, filestore


class SourceDocument(models.Model):
    """A file the minute book was built from, kept as it arrived."""

    name = models.CharField(max_length=500, help_text="The file name as it was imported.")
    sha256 = models.CharField(max_length=64, unique=True)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    stored_as = models.CharField(max_length=500, help_text="Path of the kept original under the file store.")
    imported_at = models.DateTimeField(default=timezone.now)
    extractor_version = models.CharField(max_length=20)
    council = models.CharField(
        max_length=200,
        blank=True,
        help_text="The council it was imported as the paper of (``import --council``); blank: the council "
        "its text names.",
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source", args=[self.pk])

    def read(self):
        """The kept original as a Document (for showing the lines a record came from, indexing its pages,
        checking its figures).

        Reading a PDF is the slowest step of an import, and the index and the figure checks each want the
        document the import has just read: the originals are content-addressed (the same checksum is always
        the same bytes), so the last few read in this process are kept (``remember``) and handed out again.
        A kept original that has gone from the file store is still reported missing.
        """
        from minutebook.sources.read import read_bytes

        known = READ.get((self.sha256, self.name))
        if known is not None and self.original_exists():
            return known
        return remember(self, read_bytes(filestore.read(self.stored_as), self.name))

    def open_original(self):
        """The kept original as an open binary file, from the file store (a directory or a bucket)."""
        return filestore.open_file(self.stored_as)

    def original_exists(self) -> bool:
        return filestore.exists(self.stored_as)

    @property
    def path(self) -> Path:
        """Where the kept original lies when the file store is a directory (the default)."""
        return Path(settings.MINUTEBOOK_FILES) / self.stored_as


# The documents last read in this process, by (checksum, name): see ``SourceDocument.read``. A handful, so
# a worker importing a large archive holds a few documents' text, not the archive's.
READ: dict = {}
READ_KEPT = 4
READ_LOCK = threading.Lock()


def remember(source: SourceDocument, document):
    """Keep a document read from ``source``'s bytes, so the next ``read()`` in this process need not read it."""
    with READ_LOCK:
        READ.pop((source.sha256, source.name), None)
        READ[(source.sha256, source.name)] = document
        while len(READ) > READ_KEPT:
            READ.pop(next(iter(READ)))
    return document


class Provenance(models.Model):
    """Where in a source document a record was read from (pages and lines, 1-based)."""

    source = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_page = models.PositiveIntegerField(null=True, blank=True)
    last_page = models.PositiveIntegerField(null=True, blank=True)
    first_line = models.PositiveIntegerField(null=True, blank=True)
    last_line = models.PositiveIntegerField(null=True, blank=True)
    corrected = models.BooleanField(
        default=False,
        help_text="A clerk corrected this record: imports never overwrite it, they report differences.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        for first, last in (("first_page", "last_page"), ("first_line", "last_line")):
            a, b = getattr(self, first), getattr(self, last)
            if a is not None and b is not None and b < a:
                raise ValidationError({last: "ends before it starts"})


class Timestamped(models.Model):
    """When a record was created and last changed: OParl clients fetch only what changed since they last looked."""

    created = models.DateTimeField(default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        """A save of some fields (``update_fields``) is a change too: ``modified`` goes with them, else a record
        made exempt by a re-import kept its old time and a client asking what changed was not told."""
        if update_fields and "modified" not in update_fields:
            update_fields = [*update_fields, "modified"]
        super().save(*args, update_fields=update_fields, **kwargs)


class Organisation(Timestamped):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS_TRUST = "nhs_trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        POLICE = "police", "Police"
        VOLUNTARY = "voluntary", "Voluntary or community body"
        UNIVERSITY = "university", "University"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    other_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Body(Timestamped):
    """A board or committee of a council."""

    class Kind(models.TextChoices):
        HEALTH_AND_WELLBEING = "hwb", "Health and wellbeing board"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        SAFEGUARDING = "safeguarding", "Safeguarding board"
        CABINET = "cabinet", "Cabinet"
        COUNCIL = "council", "Full council"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    other_names = models.JSONField(default=list, blank=True, help_text="Other names it appears under.")
    standing_items = models.JSONField(
        default=list,
        blank=True,
        help_text="Titles every agenda opens with, in order (apologies, declarations ...)",
    )
    clerks = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="clerked_bodies")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="body_name_per_organisation")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("body", args=[self.slug])


class Person(Timestamped):
    name = models.CharField(max_length=200, help_text="The fullest form of the name, without honorifics.")
    honorific = models.CharField(max_length=50, blank=True, help_text="Councillor, Dr, Professor ...")
    other_names = models.JSONField(default=list, blank=True, help_text="Other forms the name appears in.")
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # Indexing a paper or an agenda item looks up the person its author or presenter line names, whatever
        # its case (``name__iexact``: UPPER(name) on PostgreSQL): without this, a read of every person in the
        # book for each batch an import indexes.
        indexes = [models.Index(Upper("name"), name="person_name_upper")]

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            taken = Person.objects.exclude(pk=self.pk)
            self.slug = next(s for s in self.slugs() if not taken.filter(slug=s).exists())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person", args=[self.slug])

    def slugs(self):
        """The slugs a person may take, the first not taken wins: "ann-lucas", then "ann-lucas-2", ..."""
        base = slugify(self.name)[:100] or "person"
        yield base
        yield from (f"{base}-{n}" for n in itertools.count(2))


class Membership(Timestamped):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted member"
        BY_INVITATION = "by_invitation", "By invitation"
        SUBSTITUTE = "substitute", "Substitute"
        ADVISER = "adviser", "Adviser"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="The organisation represented.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
                violation_error_message="A membership cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.body}"


def held_after(body, start):
    """The body's meetings held after ``start`` (values, or ``OuterRef``s in a subquery)."""
    return Meeting.objects.filter(body=body, start__gt=start, status=Meeting.Status.HELD)


class MeetingQuerySet(models.QuerySet):
    def with_stage(self):
        """Annotate what ``Meeting.stage`` needs, so that a list of meetings shows their stages in one query."""
        return self.annotate(has_minutes=models.Exists(Minute.objects.filter(meeting=OuterRef("pk"))))


class Meeting(Provenance, Timestamped):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    remote_link = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.TextField(
        blank=True, help_text="Why the meeting was postponed or cancelled: shown to the public"
    )
    agenda_issued = models.DateField(null=True, blank=True)
    issuing_officer = models.CharField(max_length=300, blank=True)
    contact_officer = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the agenda pack was published")
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes_of",
        help_text="The meeting that approved these minutes as a true record: from then on they are locked",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        # A body's meetings in date order (its page, a meeting's previous and next): at national scale a
        # walk of this index, not a sort of the body's meetings found through its foreign key.
        indexes = [
            models.Index(fields=["body", "start"], name="meeting_body_start"),
            # An OParl Location's created and modified, read from its venue's meetings for every list page: the
            # first created and the last modified, each the end of one of these.
            models.Index(fields=["venue", "created"], name="meeting_venue_created"),
            models.Index(fields=["venue", "modified"], name="meeting_venue_modified"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="meeting_ends_after_start",
                violation_error_message="A meeting cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(minutes_approved_at__isnull=True) | Q(status="held"),
                name="approved_minutes_are_of_a_held_meeting",
                violation_error_message="Only the minutes of a meeting that was held can be approved.",
            ),
        ]

    def __str__(self):
        return f"{self.body} — {timezone.localtime(self.start):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meeting", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        """Keep the committee a meeting was read with: saved under a committee of another council, it leaves that
        council's OParl lists (:func:`_meeting_moved`), told without asking the database where it was."""
        meeting = super().from_db(db, field_names, values)
        meeting._body_read = meeting.__dict__.get("body_id")
        return meeting

    # The life cycle: scheduled -> held -> minutes drafted -> minutes approved, or postponed or cancelled.
    # ``status`` stores the first part (what happened to the meeting); the minutes' part is derived from the
    # minutes themselves, so that it can never disagree with them.
    class Stage(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        DRAFTED = "drafted", "Minutes drafted"
        APPROVED = "approved", "Minutes approved"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def stage(self) -> str:
        if self.status != self.Status.HELD:
            return self.status
        if self.minutes_approved_at_id:
            return self.Stage.APPROVED
        has_minutes = getattr(self, "has_minutes", None)
        if has_minutes is None:
            has_minutes = self.minutes.exists()
        return self.Stage.DRAFTED if has_minutes else self.Stage.HELD

    def get_stage_display(self) -> str:
        return self.Stage(self.stage).label

    @property
    def is_locked(self) -> bool:
        """Minutes approved as a true record: the meeting's record changes only by amendment."""
        return self.minutes_approved_at_id is not None

    @property
    def minutes_are_draft(self) -> bool:
        """Minutes not yet approved, as the public pages mark them.

        Minutes imported from a council's documents whose approval the book does not hold are not called draft
        once the body has met again: councils approve minutes at the next meeting, the book just lacks that
        record (an archive of 2017 minutes is not a draft). A page that read ``minutes_imported`` and
        ``held_later`` with the meeting (as annotations) is not asked again."""
        if self.minutes_approved_at_id:
            return False
        imported = getattr(self, "minutes_imported", None)
        if imported is None:
            imported = self.minutes.filter(source__isnull=False).exists()
        if not imported:
            return True
        later = getattr(self, "held_later", None)
        return not (later if later is not None else held_after(self.body_id, self.start).exists())


class AgendaItem(Provenance, Timestamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_items"
    )
    number = models.CharField(max_length=20, blank=True, help_text="As printed: 1, 12 ...")
    sub_label = models.CharField(max_length=10, blank=True, help_text="a, b ... for a sub-item")
    title = models.TextField()
    section = models.CharField(
        max_length=200, blank=True, help_text="Heading it stands under, e.g. Public Business"
    )
    presenter = models.TextField(blank=True)
    exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Paragraph of Schedule 12A to the Local Government Act 1972"
    )
    exempt_reason = models.TextField(blank=True, help_text="The public-interest reason for exclusion")
    first_pack_page = models.PositiveIntegerField(null=True, blank=True)
    last_pack_page = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    withdrawn = models.BooleanField(
        default=False, help_text="Withdrawn from the agenda: kept, and shown as withdrawn"
    )

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False)
                | Q(exempt_paragraph__isnull=False, exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="exempt_item_names_paragraph",
                violation_error_message="An exempt item names its paragraph (1 to 7) of Schedule 12A.",
            ),
            models.CheckConstraint(
                condition=Q(last_pack_page__isnull=True)
                | Q(first_pack_page__isnull=True)
                | Q(last_pack_page__gte=F("first_pack_page")),
                name="agenda_pages_in_order",
            ),
        ]

    def __str__(self):
        label = f"{self.number}{f'({self.sub_label})' if self.sub_label else ''}"
        return f"{label}. {self.title}" if label else self.title


class Attendance(Provenance):
    class Capacity(models.TextChoices):
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.MEMBER)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="substituted_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    role = models.CharField(max_length=200, blank=True, help_text="As printed: Chair, Cabinet Member ...")

    class Meta:
        ordering = ["meeting", "status", "capacity", "person__name"]
        # A person's page counts their attendance by board and status: their rows from this index alone on
        # PostgreSQL (which keeps the included columns in it), not one table page each (a member of forty years'
        # standing has a thousand of them, spread over the whole table).
        indexes = [
            models.Index(
                fields=["person", "meeting"], include=["status", "capacity"], name="attendance_person_meeting"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(
                condition=~Q(capacity="substitute") | Q(substitute_for__isnull=False),
                name="substitute_names_whom",
                violation_error_message="A substitute names the member they replace.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "substitute_for"],
                condition=Q(substitute_for__isnull=False),
                name="one_substitute_per_member",
                violation_error_message="A member is replaced by one substitute at most.",
            ),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | ~Q(substitute_for=F("person")),
                name="substitute_is_someone_else",
                violation_error_message="A substitute replaces someone else.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_status_display()}"


class Declaration(Provenance):
    class Kind(models.TextChoices):
        DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"
        OTHER = "other", "Other interest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField()

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"


class MinutesLocked(ValidationError):
    """Approved minutes are corrected by amendment (with a reason), never edited silently."""


def _refuse_silent_edit(record) -> None:
    if getattr(record, "amending", False) or not record.is_locked:
        return
    stored = type(record).objects.get(pk=record.pk)
    if any(
        getattr(stored, f) != getattr(record, f) for f in ("title", "text", "number") if hasattr(record, f)
    ):
        raise MinutesLocked("These minutes were approved as a true record: make an amendment, with a reason.")


class PartOfMinutes(Provenance):
    """A minute or a resolution: approved as a true record at a later meeting, it changes only by amendment."""

    meeting_path = ""  # how a Meeting reaches this record's minute ("pk" from a Minute's meeting_id ...)
    meeting_key = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_silent_edit(self)
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return (
            self.pk is not None
            and Meeting.objects.filter(
                **{self.meeting_path: getattr(self, self.meeting_key)}, minutes_approved_at__isnull=False
            ).exists()
        )


class Minute(PartOfMinutes):
    meeting_path, meeting_key = "pk", "meeting_id"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.CharField(max_length=20)
    title = models.TextField()
    text = models.TextField(blank=True)
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL)
    exempt = models.BooleanField(default=False, help_text="Taken in private: never shown to the public")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            # Many councils' web pages print minutes without numbers: those are told apart by their order.
            models.UniqueConstraint(
                fields=["meeting", "number"], condition=~Q(number=""), name="one_minute_number_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Resolution(PartOfMinutes):
    meeting_path, meeting_key = "minutes__pk", "minute_id"
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    clause = models.CharField(max_length=10, blank=True, help_text="As printed: 1, i, a ...")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["minute", "order"]

    def __str__(self):
        return self.text[:80]


class ActionQuerySet(models.QuerySet):
    def with_due(self):
        """Annotate ``due_on``: the action's own date, or the start of the body's next meeting after it was set."""
        set_at = Coalesce(F("resolution__minute__meeting__start"), F("created_at"))
        following = (
            Meeting.objects.filter(body=OuterRef("body"), start__gt=OuterRef("set_at"))
            .order_by("start")
            .values("start")[:1]
        )
        return self.annotate(set_at=set_at).annotate(
            next_meeting=Subquery(following),
            due_on=Case(
                When(due_date__isnull=False, then=F("due_date")),
                When(due_next_meeting=True, then=TruncDate("next_meeting")),
                default=None,
                output_field=models.DateField(),
            ),
        )

    def overdue(self, today: datetime.date | None = None):
        return self.with_due().filter(status=Action.Status.OPEN, due_on__lt=today or timezone.localdate())


class Action(models.Model):
    """Something a resolution (or the clerk) asked someone to do, followed until reported back."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    owner_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    owner_text = models.CharField(
        max_length=300, blank=True, help_text="Owner as written, where not a known person"
    )
    due_date = models.DateField(null=True, blank=True)
    due_next_meeting = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_reported"
    )
    reported_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False)
                | Q(owner_organisation__isnull=False)
                | ~Q(owner_text=""),
                name="action_has_owner",
                violation_error_message="An action has an owner: a person, an organisation or a name.",
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def owner(self) -> str:
        return str(self.owner_person or self.owner_organisation or self.owner_text)

    def due_by(self) -> datetime.date | None:
        """The date the action falls due: its own date, or the body's next meeting after it was set."""
        if self.due_date:
            return self.due_date
        if self.due_next_meeting:
            set_at = self.resolution.minute.meeting.start if self.resolution_id else self.created_at
            following = self.body.meetings.filter(start__gt=set_at).order_by("start").first()
            return timezone.localdate(following.start) if following else None
        return None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        due = self.due_by()
        return self.status == self.Status.OPEN and due is not None and due < (today or timezone.localdate())


class Paper(Provenance, Timestamped):
    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        BRIEFING_NOTE = "briefing_note", "Briefing note"
        COVERING_REPORT = "covering_report", "Covering report"
        CABINET_MEMBER_REPORT = "cabinet_member_report", "Cabinet Member report"
        APPENDIX = "appendix", "Appendix"
        PRESENTATION = "presentation", "Presentation"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    title = models.TextField()
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.REPORT)
    author = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)
    key_decision = models.BooleanField(null=True, blank=True)
    wards = models.CharField(max_length=300, blank=True)
    exempt = models.BooleanField(
        default=False, help_text="Exempt under Schedule 12A: never shown to the public"
    )
    document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
        help_text="The paper's own file (PDF or Word), as uploaded, for the published pack",
    )

    def __str__(self):
        return self.title


class Recommendation(Provenance):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=10, blank=True)
    text = models.TextField()
    outcome = models.TextField(blank=True, help_text="What became of it")
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["paper", "order"]

    def __str__(self):
        return self.text[:80]


class WorkProgrammeEntry(Provenance):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="work_programme")
    planned_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL)
    planned_date = models.DateField(null=True, blank=True, help_text="Empty means to be determined")
    title = models.TextField()
    detail = models.TextField(blank=True)
    lead = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=300, blank=True, help_text="Where the request came from")
    moved_from = models.JSONField(default=list, blank=True, help_text="Dates it was planned for before")

    class Meta:
        ordering = ["body", F("planned_date").asc(nulls_last=True), "pk"]
        verbose_name_plural = "work programme entries"

    def __str__(self):
        return self.title

    @property
    def to_be_determined(self) -> bool:
        return self.planned_date is None and self.planned_meeting_id is None


class PersonMatch(models.Model):
    """A possible "same person" that import was not sure enough to merge, for a clerk to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a clerk"
        CONFIRMED = "confirmed", "Same person: merged"
        REJECTED = "rejected", "Different people"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", help_text="Created by the import"
    )
    candidate = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", help_text="Already known"
    )
    printed = models.CharField(max_length=200, help_text="The name as the document printed it")
    reason = models.CharField(max_length=300)
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "-score"]
        constraints = [models.UniqueConstraint(fields=["person", "candidate"], name="one_match_per_pair")]

    def __str__(self):
        return f"{self.printed} = {self.candidate}?"


class ImportConflict(models.Model):
    """What a later import said differently about a record a clerk had corrected."""

    source = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="conflicts")
    record = models.CharField(max_length=300, help_text="Which record, e.g. 'Minute 23 of 23 January 2023'")
    field = models.CharField(max_length=100)
    stored = models.TextField()
    imported = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.record}: {self.field}"


class Pack(models.Model):
    """A published agenda pack: the PDF as issued, kept for ever; a later issue never replaces an earlier one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    private = models.BooleanField(default=False, help_text="The members' pack with the exempt items")
    version = models.PositiveIntegerField(help_text="1 for the first issue, then each supplementary pack")
    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="+")
    page_count = models.PositiveIntegerField()
    item_pages = models.JSONField(default=dict, help_text="Agenda item id -> [first, last] pack page")
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["meeting", "private", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "private", "version"], name="one_pack_per_version")
        ]

    def __str__(self):
        kind = "private pack" if self.private else "pack"
        return f"{self.meeting}: {kind} {'(supplementary) ' if self.version > 1 else ''}v{self.version}"

    @property
    def supplementary(self) -> bool:
        return self.version > 1


class MinuteAmendment(models.Model):
    """A correction to approved minutes: never a silent edit, always with a reason."""

    minute = models.ForeignKey(Minute, on_delete=models.PROTECT, related_name="amendments")
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=50)
    before = models.TextField()
    after = models.TextField()
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["minute", "made_at"]

    def __str__(self):
        return f"Amendment to minute {self.minute.number}: {self.reason[:60]}"


class AuditEntry(models.Model):
    """Every change to the minute book: who, when, and the record before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.model} {self.object_id}"

    @property
    def record(self) -> str:
        """The record in a clerk's words ("agenda item “Dental access”"), not its model's name."""
        try:
            kind = apps.get_model(self.model)._meta.verbose_name
        except (LookupError, ValueError):
            kind = self.model.rpartition(".")[2]
        snapshot = self.after or self.before or {}
        label = next((str(snapshot[k]) for k in ("title", "name", "text") if snapshot.get(k)), "")
        if len(label) > 60:
            label = label[:59] + "…"
        return f"{kind} “{label}”" if label else str(kind)


class Tombstone(models.Model):
    """A deleted Organisation, Body, Person, Meeting, AgendaItem, Membership or Paper, or a council left without
    committees: OParl keeps serving each as ``deleted: true``.

    A separate row rather than a ``deleted`` flag on each model, so that no query
    of the minute book has to remember to leave deleted records out.

    ``council`` is the council (OParl Body) whose lists showed the record, read when it is deleted: a council's
    lists name only its own deletions. A person or an organisation represented can sit in several councils and
    has a row for each; a row with no council (not traceable when it was deleted) is listed under every council,
    since telling a client of a deletion it never held costs it nothing and not telling it leaves it a record
    that is gone. Not a foreign key the database enforces: the council may be deleted too, and its deletions
    stay its own.
    """

    COUNCIL = "council"  # ``model`` of an OParl Body that is gone: its organisation deleted or left without committees

    model = models.CharField(max_length=50, help_text="The deleted record's model, e.g. 'meeting'")
    object_id = models.BigIntegerField()
    council = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # tombstone_council_list leads with it
        related_name="+",
        help_text="The council whose OParl lists showed the record; none: listed under every council",
    )
    committee = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # tombstone_committee_list leads with it
        related_name="+",
        help_text="A deleted meeting's committee, whose own meeting list showed it; none: not known",
    )
    created = models.DateTimeField(help_text="When the deleted record had been created")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "council"], name="one_tombstone_per_record_and_council"
            )
        ]
        # A council's list asking what changed: its rows of the list's models, deleted since a moment, by id.
        indexes = [
            models.Index(fields=["council", "model", "deleted_at", "id"], name="tombstone_council_list"),
            # A committee's meeting list asking what changed.
            models.Index(fields=["committee", "deleted_at", "id"], name="tombstone_committee_list"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} deleted {self.deleted_at:%Y-%m-%d}"

    @classmethod
    def keep(cls, model: str, object_id: int, councils, created, deleted_at, committee=None) -> None:
        """The record's tombstones, one for each council (or one for none), in place of any it had there.

        Those of other councils stay: a record that left a council when its committee moved (:func:`_moved`)
        keeps telling that council's clients it went, from when it went."""
        councils = sorted(councils)
        cls.objects.filter(
            Q(council__in=councils) | Q(council__isnull=True), model=model, object_id=object_id
        ).delete()
        cls.objects.bulk_create(
            cls(
                model=model,
                object_id=object_id,
                council_id=c,
                committee_id=committee,
                created=created,
                deleted_at=deleted_at,
            )
            for c in councils or [None]
        )


TOMBSTONED = (Organisation, Body, Person, Meeting, Paper, AgendaItem, Membership)


def _councils_of(sender, instance) -> set[int]:
    """The councils whose OParl lists show the record: the same rules as the lists (publishing.oparl.views)."""
    if sender is Body:
        return {instance.organisation_id}
    if sender in (Meeting, Membership):
        rows = Body.objects.filter(pk=instance.body_id).values_list("organisation")
    elif sender in (AgendaItem, Paper):
        rows = Meeting.objects.filter(pk=instance.meeting_id).values_list("body__organisation")
    elif sender is Person:
        rows = Organisation.objects.filter(
            Exists(Membership.objects.filter(person=instance, body__organisation=OuterRef("pk")))
            | Exists(Attendance.objects.filter(person=instance, meeting__body__organisation=OuterRef("pk")))
        ).values_list("pk")
    else:  # an Organisation: listed by the councils it is represented on, and its own if it was a council
        rows = Organisation.objects.filter(
            Exists(Membership.objects.filter(organisation=instance, body__organisation=OuterRef("pk")))
            | Q(pk=instance.pk, pk__in=Tombstone.objects.filter(model=Tombstone.COUNCIL).values("object_id"))
        ).values_list("pk")
    return {pk for (pk,) in rows}


def _note_councils(sender, instance, **kwargs):
    """Read before anything goes: a meeting's items and a person's memberships are deleted with it, before
    post_delete is sent for it."""
    instance._tombstone_councils = _councils_of(sender, instance)


def _keep_tombstone(sender, instance, **kwargs):
    now = timezone.now()
    # Read by _note_councils: Django sends pre_delete for every instance it sends post_delete for.
    Tombstone.keep(
        sender._meta.model_name,
        instance.pk,
        instance._tombstone_councils,
        instance.created,
        now,
        committee=instance.body_id if sender is Meeting else None,
    )
    if sender is Body:
        _council_emptied(instance.organisation_id, now)


def _council_emptied(council: int, now) -> None:
    """The council's last committee gone, its OParl Body is gone too (1.1, chapter 2.8: kept as deleted)."""
    emptied = (
        Organisation.objects.filter(pk=council)
        .exclude(Exists(Body.objects.filter(organisation=OuterRef("pk"))))
        .values_list("created", flat=True)
        .first()
    )
    if emptied:
        Tombstone.keep(Tombstone.COUNCIL, council, {council}, emptied, now)


for _model in TOMBSTONED:
    pre_delete.connect(_note_councils, sender=_model, dispatch_uid=f"tombstone-councils-{_model.__name__}")
    post_delete.connect(_keep_tombstone, sender=_model, dispatch_uid=f"tombstone-{_model.__name__}")


@receiver(pre_save, sender=Body)
def _note_council(sender, instance, raw=False, **kwargs):
    """Read before a committee is saved: the council it was in, to tell whether it is moving (:func:`_moved`)."""
    instance._council_before = (
        None
        if raw or instance._state.adding
        else Body.objects.filter(pk=instance.pk).values_list("organisation", flat=True).first()
    )


@receiver(post_save, sender=Body)
def _council_back(sender, instance, created, raw=False, **kwargs):
    """A council given a committee again, new or moved to it, is an OParl Body again: its tombstone would list
    it twice."""
    before = getattr(instance, "_council_before", None)
    moved = before is not None and before != instance.organisation_id
    if created or moved:
        Tombstone.objects.filter(model=Tombstone.COUNCIL, object_id=instance.organisation_id).delete()
    if moved and not raw:
        _moved(instance, before)


def _moved(board: Body, old: int) -> None:
    """A committee moved to another council: the old council's lists lose it and all it carried.

    OParl 1.1 (chapter 2.5) tells a client asking a list what changed (``modified_since``) of the objects
    deleted from it, and of no other way an object leaves a list: so each one is kept as ``deleted: true`` in
    the old council's lists (a tombstone of that council), from the moment it moved, while it lives on at its
    own URL and in the new council's lists. There each is touched (``modified`` now), so that the new council's
    clients asking what changed learn of it. People and organisations represented leave the old council only
    if nothing else of it names them. Records brought back to a council they had left are its own again: their
    tombstones there go. Moves by ``QuerySet.update()`` send no signal and leave no trace; the minute book
    moves committees by saving them."""
    _left_council(Meeting.objects.filter(body=board), old, board.organisation_id, board)


@receiver(post_save, sender=Meeting)
def _meeting_moved(sender, instance, created, raw=False, **kwargs):
    """A meeting saved under a committee of another council leaves the old council's lists as a moved committee
    does (:func:`_moved`), with its agenda items, its public papers and the people only it named there. Within
    one council a meeting moved between committees is changed, not deleted (OParl 1.1, chapter 2.8), and no
    committee's list calls it deleted. The committee it was read with is known without a query
    (:meth:`Meeting.from_db`): only a meeting that did move costs one, for the two councils."""
    before = getattr(instance, "_body_read", None)
    instance._body_read = instance.body_id  # where it now is, for its next save
    if created or raw or before is None or before == instance.body_id:
        return
    councils = dict(Body.objects.filter(pk__in=(before, instance.body_id)).values_list("pk", "organisation"))
    old, new = councils.get(before), councils.get(instance.body_id)
    if old is not None and new is not None and old != new:
        _left_council(Meeting.objects.filter(pk=instance.pk), old, new)


def _left_council(meetings, old: int, new: int, board: Body | None = None) -> None:
    """Meetings gone from council ``old``'s OParl lists to council ``new``'s, with what they carried, and with the
    committee ``board`` that took them (its memberships, and the organisations represented on it) when it moved
    (see :func:`_moved`). A meeting's tombstone names the committee it is in, whose own list (and no other
    committee's) would show it: that list holds it live, so no committee's list calls it deleted."""
    from . import visibility  # it reads this module's models

    now = timezone.now()
    named = Exists(Attendance.objects.filter(person=OuterRef("pk"), meeting__in=meetings))
    if board is not None:
        named |= Exists(Membership.objects.filter(person=OuterRef("pk"), body=board))
    people = Person.objects.filter(named)
    # Tombstone.model -> the records now in the new council's lists, and those of them gone from the old one's.
    carried = {
        "meeting": meetings,
        "agendaitem": AgendaItem.objects.filter(meeting__in=meetings),
        # Only what the councils' lists show: an exempt paper never was in them.
        "paper": visibility.public_papers().filter(meeting__in=meetings),
        "person": people,
    }
    left = {
        **carried,
        "person": people.exclude(
            Exists(Membership.objects.filter(person=OuterRef("pk"), body__organisation=old))
            | Exists(Attendance.objects.filter(person=OuterRef("pk"), meeting__body__organisation=old))
        ),
    }
    if board is not None:
        partners = Organisation.objects.filter(
            Exists(Membership.objects.filter(organisation=OuterRef("pk"), body=board))
        )
        carried |= {
            "body": Body.objects.filter(pk=board.pk),
            "membership": Membership.objects.filter(body=board),
            "organisation": partners,
        }
        left |= {
            "body": carried["body"],
            "membership": carried["membership"],
            "organisation": partners.exclude(
                Exists(Membership.objects.filter(organisation=OuterRef("pk"), body__organisation=old))
            ),
        }
    for model, rows in carried.items():
        ids = rows.values("pk")  # a subquery: a committee can carry more records than a query takes parameters
        Tombstone.objects.filter(model=model, object_id__in=ids, council=new).delete()
        rows.model.objects.filter(pk__in=ids).update(modified=now)
        Tombstone.objects.filter(model=model, object_id__in=left[model].values("pk"), council=old).delete()
        committee = "body_id" if model == "meeting" else models.Value(None, models.BigIntegerField())
        gone = list(left[model].values_list("pk", "created", committee))
        Tombstone.objects.bulk_create(
            (
                Tombstone(
                    model=model,
                    object_id=pk,
                    council_id=old,
                    committee_id=body,
                    created=created,
                    deleted_at=now,
                )
                for pk, created, body in gone
            ),
            batch_size=1000,
        )
    _council_emptied(old, now)


def _held(instance, field: str):
    """The related record ``instance`` holds in hand for ``field`` (set or read with it), if it is the one its key
    names; None when it would have to be read."""
    related = instance._state.fields_cache.get(field)
    return related if related is not None and related.pk == getattr(instance, f"{field}_id") else None


def _council_in_hand(instance, place: str):
    """The council of a Membership's committee or an Attendance's meeting from the records it holds (an import
    holds each meeting with its committee), or None."""
    held = _held(instance, place)
    if held is not None and place == "meeting":
        held = _held(held, "body")
    return held.organisation_id if held is not None else None


def _councils_of_places(sender, instances) -> dict[int, set[int]]:
    """The council of each Membership's committee or Attendance's meeting: instance pk -> {council}. Read from
    the records in hand where they are, and in one query for the others."""
    place = "body" if sender is Membership else "meeting"
    councils = {id(i): _council_in_hand(i, place) for i in instances}
    unknown = {getattr(i, f"{place}_id") for i in instances if councils[id(i)] is None}
    if unknown:
        if sender is Membership:
            rows = Body.objects.filter(pk__in=unknown).values_list("pk", "organisation")
        else:
            rows = Meeting.objects.filter(pk__in=unknown).values_list("pk", "body__organisation")
        council_of = dict(rows)
        for i in instances:
            if councils[id(i)] is None:
                councils[id(i)] = council_of.get(getattr(i, f"{place}_id"))
    return councils


@receiver(post_delete, sender=Membership)
@receiver(post_delete, sender=Attendance)
def _person_left(sender, instance, **kwargs):
    """A person whose last membership of a council's committees, or last attendance at its meetings, is deleted
    leaves that council's OParl people list (the list's own rule, :func:`_councils_of`): kept there as
    ``deleted: true`` (a tombstone of that council), as a committee moved to another council leaves its people
    (:func:`_moved`). The person lives on at its own URL and in the lists of the councils it is still in."""
    if sender is Membership:
        council = next(iter(getattr(instance, "_tombstone_councils", ())), None)
    else:
        council = _councils_of_places(sender, [instance])[id(instance)]
    person = Person.objects.filter(pk=instance.person_id).first()
    if council is None or person is None or council in _councils_of(Person, person):
        return  # a person deleted is kept as deleted by its own receiver, in every council it was in
    Tombstone.keep("person", person.pk, {council}, person.created, timezone.now())


@receiver(post_save, sender=Membership)
@receiver(post_save, sender=Attendance)
def _person_back(sender, instance, created, raw=False, **kwargs):
    _people_back(sender, [instance])


def _people_back(sender, instances, **kwargs):
    """A person back in a council (a membership or an attendance there) is in its people list again: the
    council's tombstone of it would list it twice. Records written together (``bulk.created``) in one query."""
    councils = _councils_of_places(sender, instances)
    people = {}
    for instance in instances:
        if councils[id(instance)] is not None:
            people.setdefault(councils[id(instance)], set()).add(instance.person_id)
    # Asked first with a statement compiled once: a person is rarely back, and the delete's query was built anew
    # for each batch of an import's attendances.
    kept = [pk for council, persons in people.items() for (pk,) in _person_tombstones.rows(persons, council=council)]
    if kept:
        Tombstone.objects.filter(pk__in=kept).delete()


# A council's tombstones of some people (the Statement's values): the ones a person back in the council ends.
_person_tombstones = Statement(
    lambda: Tombstone.objects.filter(
        AnyOf(F("object_id")), model="person", council_id=Given("council", models.BigIntegerField())
    )
    .order_by()
    .values_list("pk")
)


for _model in (Membership, Attendance):
    bulk.created.connect(_people_back, sender=_model, dispatch_uid=f"people-back-{_model.__name__}")


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
@receiver(post_save, sender=Minute)
@receiver(post_delete, sender=Minute)
@receiver(post_save, sender=Resolution)
@receiver(post_delete, sender=Resolution)
@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
@receiver(post_save, sender=Pack)
@receiver(post_save, sender=Paper)
@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _touch_containers(sender, instance, **kwargs):
    """A change to what a Meeting, AgendaItem, Person or committee shows inside it changes that record too."""
    if sender is Membership:
        _touch(Person, "pk", instance.person_id)
        _touch(Body, "pk", instance.body_id)
        return
    if sender is Resolution:
        minute = instance._state.fields_cache.get("minute")
        if minute is not None and minute.pk == instance.minute_id:
            # The minute in hand (an import's): its meeting and item by their keys, touched with the import's
            # others in one statement a model, where finding them through the minute was a join a statement.
            _touch(Meeting, "pk", minute.meeting_id)
            if minute.agenda_item_id:
                _touch(AgendaItem, "pk", minute.agenda_item_id)
        else:
            _touch(Meeting, "minutes", instance.minute_id)
            _touch(AgendaItem, "minute", instance.minute_id)
        return
    if sender in (Minute, Paper) and instance.agenda_item_id:
        _touch(AgendaItem, "pk", instance.agenda_item_id)
    if sender is not Paper:
        _touch(Meeting, "pk", instance.meeting_id)


def _touch_created(sender, instances, **kwargs):
    """Records written together (``bulk.created``) touch their containers as a save of each would."""
    for instance in instances:
        _touch_containers(sender, instance)


for _model in (AgendaItem, Minute, Resolution, Attendance, Pack, Paper, Membership):
    bulk.created.connect(_touch_created, sender=_model, dispatch_uid=f"touch-created-{_model.__name__}")


_touch_later: contextvars.ContextVar = contextvars.ContextVar("minutebook_touch_later", default=None)


def _touch(model, field: str, value) -> None:
    later = _touch_later.get()
    if later is not None:
        later.setdefault((model, field), set()).add(value)
    else:
        model.objects.filter(**{field: value}).update(modified=timezone.now())


@contextlib.contextmanager
def touching_once():
    """Inside the block (an import writing hundreds of a meeting's records), each container is touched once,
    when the block ends, instead of once for every record written inside it."""
    later: dict = {}
    token = _touch_later.set(later)
    try:
        yield
    finally:
        _touch_later.reset(token)
    now = timezone.now()
    for (model, field), values in later.items():
        model.objects.filter(**{f"{field}__in": values}).update(modified=now)
