from typing import Any

from django.contrib import admin

from duban.projects.models import (
    Category,
    NodeTemplate,
    PlanListing,
    Project,
    StageChange,
    TemplateNode,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("code", "name", "lead_department", "sort_order")


class PlanListingInline(admin.TabularInline[PlanListing, Any]):
    model = PlanListing
    extra = 0


class StageChangeInline(admin.TabularInline[StageChange, Any]):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_on", "actor", "evidence_note")
    can_delete = False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("code", "name", "category", "unit", "total_investment_wan", "stage")
    list_filter = ("category", "stage", "unit__kind", "strategic_emerging")
    search_fields = ("code", "name", "national_code")
    list_select_related = ("category", "unit")
    readonly_fields = ("stage", "signed_on", "started_on", "completed_on", "version")
    inlines = [PlanListingInline, StageChangeInline]


class TemplateNodeInline(admin.TabularInline[TemplateNode, Any]):
    model = TemplateNode
    extra = 0


@admin.register(NodeTemplate)
class NodeTemplateAdmin(admin.ModelAdmin[NodeTemplate]):
    """Node templates are data a district edits: one per category, nodes in order."""

    list_display = ("name", "category", "is_active")
    inlines = [TemplateNodeInline]
