"""The clerk's back office: every record can be found, filtered and corrected."""

from django.contrib import admin

from . import models

PROVENANCE = ("source", "first_page", "last_page", "first_line", "last_line")


def _mark_corrected(obj) -> None:
    """A record a clerk saved is theirs: later imports report differences instead of overwriting it."""
    if isinstance(obj, models.Provenance) and obj.pk and obj.source_id:
        obj.corrected = True


class CorrectionAdmin(admin.ModelAdmin):
    readonly_fields = PROVENANCE

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            _mark_corrected(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                _mark_corrected(inline_form.instance)
        super().save_formset(request, form, formset, change)


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    fields = (
        "order",
        "number",
        "sub_label",
        "title",
        "presenter",
        "first_pack_page",
        "last_pack_page",
        "exempt",
    )
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    fields = ("person", "status", "capacity", "substitute_for", "role")
    autocomplete_fields = ("person", "substitute_for")
    extra = 0


class DeclarationInline(admin.TabularInline):
    model = models.Declaration
    fields = ("person", "agenda_item", "kind", "text")
    autocomplete_fields = ("person",)
    extra = 0


class MinuteInline(admin.TabularInline):
    model = models.Minute
    fields = ("order", "number", "title")
    show_change_link = True
    extra = 0


class ResolutionInline(admin.TabularInline):
    model = models.Resolution
    fields = ("order", "clause", "text")
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = models.Recommendation
    fields = ("order", "number", "text", "outcome")
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fields = ("person", "role", "organisation", "start_date", "end_date")
    autocomplete_fields = ("person",)
    extra = 0


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "media_type", "size", "imported_at", "extractor_version")
    search_fields = ("name", "sha256")
    list_filter = ("media_type", "extractor_version")


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "organisation")
    list_filter = ("kind", "organisation")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "honorific")
    search_fields = ("name", "other_names")
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "body", "role", "organisation", "start_date", "end_date")
    list_filter = ("body", "role")
    search_fields = ("person__name", "body__name")
    autocomplete_fields = ("person",)


@admin.register(models.Meeting)
class MeetingAdmin(CorrectionAdmin):
    list_display = ("body", "start", "status", "venue")
    list_filter = ("body", "status")
    date_hierarchy = "start"
    search_fields = ("body__name", "venue")
    inlines = [AgendaItemInline, AttendanceInline, DeclarationInline, MinuteInline]


@admin.register(models.AgendaItem)
class AgendaItemAdmin(CorrectionAdmin):
    list_display = ("__str__", "meeting", "presenter", "exempt")
    list_filter = ("exempt", "meeting__body")
    search_fields = ("title", "presenter")


@admin.register(models.Minute)
class MinuteAdmin(CorrectionAdmin):
    list_display = ("number", "title", "meeting")
    list_filter = ("meeting__body",)
    search_fields = ("title", "text")
    inlines = [ResolutionInline]


@admin.register(models.Resolution)
class ResolutionAdmin(CorrectionAdmin):
    list_display = ("__str__", "minute")
    list_filter = ("minute__meeting__body",)
    search_fields = ("text",)


@admin.register(models.Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("description", "owner", "due_date", "due_next_meeting", "status", "body")
    list_filter = ("status", "body", "due_next_meeting")
    search_fields = ("description", "owner_text", "owner_person__name")
    autocomplete_fields = ("owner_person",)
    raw_id_fields = ("resolution",)


@admin.register(models.Paper)
class PaperAdmin(CorrectionAdmin):
    list_display = ("title", "kind", "meeting", "author")
    list_filter = ("kind", "meeting__body")
    search_fields = ("title", "author")
    inlines = [RecommendationInline]


@admin.register(models.Attendance)
class AttendanceAdmin(CorrectionAdmin):
    list_display = ("person", "meeting", "status", "capacity", "substitute_for")
    list_filter = ("status", "capacity", "meeting__body")
    search_fields = ("person__name",)
    autocomplete_fields = ("person", "substitute_for")


@admin.register(models.Declaration)
class DeclarationAdmin(CorrectionAdmin):
    list_display = ("person", "meeting", "kind")
    list_filter = ("kind", "meeting__body")
    search_fields = ("person__name", "text")


@admin.register(models.WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(CorrectionAdmin):
    list_display = ("title", "body", "planned_date", "lead", "origin")
    list_filter = ("body",)
    search_fields = ("title", "detail", "lead")


@admin.register(models.PersonMatch)
class PersonMatchAdmin(admin.ModelAdmin):
    list_display = ("printed", "candidate", "reason", "score", "status")
    list_filter = ("status",)
    search_fields = ("printed", "candidate__name")
    actions = ["confirm_matches", "reject_matches"]

    @admin.action(description="Same person: merge the imported name into the known person")
    def confirm_matches(self, request, queryset):
        from .people import confirm

        for match in queryset.filter(status=models.PersonMatch.Status.PENDING):
            confirm(match)

    @admin.action(description="Different people: keep them apart")
    def reject_matches(self, request, queryset):
        from .people import reject

        for match in queryset.filter(status=models.PersonMatch.Status.PENDING):
            reject(match)


@admin.register(models.ImportConflict)
class ImportConflictAdmin(admin.ModelAdmin):
    list_display = ("record", "field", "stored", "imported", "source", "created_at")
    search_fields = ("record",)
    list_filter = ("field",)


@admin.register(models.Pack)
class PackAdmin(admin.ModelAdmin):
    list_display = ("meeting", "private", "version", "page_count", "issued_at", "issued_by")
    list_filter = ("private", "meeting__body")
    readonly_fields = [f.name for f in models.Pack._meta.fields]


@admin.register(models.MinuteAmendment)
class MinuteAmendmentAdmin(admin.ModelAdmin):
    list_display = ("minute", "field", "reason", "made_by", "made_at")
    readonly_fields = [f.name for f in models.MinuteAmendment._meta.fields]


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail can be read, never changed."""

    list_display = ("at", "user", "action", "model", "object_id")
    list_filter = ("action", "model")
    search_fields = ("object_id", "user__username")
    readonly_fields = [f.name for f in models.AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
