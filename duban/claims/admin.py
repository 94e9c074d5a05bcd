from django.contrib import admin

from duban.claims.models import EvidenceRule, SpotCheckPolicy


@admin.register(EvidenceRule)
class EvidenceRuleAdmin(admin.ModelAdmin[EvidenceRule]):
    list_display = ["fact", "requirement", "min_files", "note_suffices"]


@admin.register(SpotCheckPolicy)
class SpotCheckPolicyAdmin(admin.ModelAdmin[SpotCheckPolicy]):
    list_display = ["name", "sample_size", "stratify", "weight_by_investment", "is_active"]
