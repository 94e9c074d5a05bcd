from django.contrib import admin

from duban.orgs.models import District, Leader, Unit


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ("name", "code", "campaign_name")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("code", "name", "kind", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin[Leader]):
    list_display = ("name", "title", "sort_order")
