from django.contrib import admin

from duban.targets.models import ActualEntry, Metric, Target


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin[Metric]):
    list_display = ("code", "name", "unit", "kind", "sort_order")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ("year", "metric", "category", "unit", "value", "comparator", "parent")
    list_filter = ("year", "metric", "category", "unit__kind")
    list_select_related = ("metric", "category", "unit", "parent")
    raw_id_fields = ("parent",)


@admin.register(ActualEntry)
class ActualEntryAdmin(admin.ModelAdmin[ActualEntry]):
    list_display = ("year", "month", "metric", "unit", "value")
    list_filter = ("year", "metric")
