from django.contrib import admin

from . import models


@admin.register(models.FigureFlag)
class FigureFlagAdmin(admin.ModelAdmin):
    list_display = ("description", "kind", "confidence", "document", "raised", "explained_by")
    list_filter = ("kind", "confidence", "raised")
    search_fields = ("description", "explanation")
    readonly_fields = ("document", "kind", "lines", "first_line", "last_line", "computed", "printed")


@admin.register(models.FigureTable)
class FigureTableAdmin(admin.ModelAdmin):
    list_display = ("__str__", "document", "first_line", "last_line")
    search_fields = ("title",)
    readonly_fields = ("document",)


@admin.register(models.FigureCheck)
class FigureCheckAdmin(admin.ModelAdmin):
    list_display = ("document", "checked_at", "checks")
    readonly_fields = ("document",)
