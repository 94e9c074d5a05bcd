from django.contrib import admin

from duban.reports.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("project", "year", "month", "status", "investment_wan")
    list_filter = ("year", "month", "status")
    raw_id_fields = ("project",)
