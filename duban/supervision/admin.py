"""Admin for the rule data only (curves and rule versions); letters and problems change
through their services so that every change is audited."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from duban.supervision.models import LightRule, TrajectoryCurve
from duban.supervision.rules import validate_shares


class CurveForm(ModelForm[TrajectoryCurve]):
    class Meta:
        model = TrajectoryCurve
        fields = ["code", "name", "shares"]

    def clean_shares(self) -> list[object]:
        shares: list[object] = self.cleaned_data["shares"]
        errors = validate_shares(shares if isinstance(shares, list) else [])
        if errors:
            raise ValidationError("；".join(errors))
        return shares


@admin.register(TrajectoryCurve)
class TrajectoryCurveAdmin(admin.ModelAdmin[TrajectoryCurve]):
    form = CurveForm
    list_display = ["code", "name"]


@admin.register(LightRule)
class LightRuleAdmin(admin.ModelAdmin[LightRule]):
    list_display = [
        "effective_from", "yellow_gap_pp", "red_gap_pp", "node_overdue_yellow_days",
        "node_overdue_red_days", "forecast_yellow_ratio", "curve",
    ]  # fmt: skip
