from django.contrib import admin

from duban.reports.models import MonthlyReport, ReportingWindow, ReportRevision


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin[MonthlyReport]):
    list_display = ("project", "year", "month", "status", "revision", "investment_wan")
    list_filter = ("year", "month", "status")
    raw_id_fields = ("project",)
    # Reports change only through the services (versions, audit); the admin only reads.
    readonly_fields = [f.name for f in MonthlyReport._meta.fields]


@admin.register(ReportRevision)
class ReportRevisionAdmin(admin.ModelAdmin[ReportRevision]):
    """Frozen versions: readable, never editable or deletable (F3)."""

    list_display = ("report", "seq", "revision", "event", "actor_username", "created_at")
    list_filter = ("event",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ReportingWindow)
class ReportingWindowAdmin(admin.ModelAdmin[ReportingWindow]):
    list_display = ("year", "month", "due_on", "note")
