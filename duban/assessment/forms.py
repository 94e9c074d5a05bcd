"""Forms of the assessment pages; every message names its field in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.assessment import items as item_registry
from duban.assessment.choices import Pace, TargetBasis
from duban.assessment.models import AssessmentMethod
from duban.core.asof import Month
from duban.core.numbers import parse_number
from duban.orgs.models import Unit


class NumberField(forms.DecimalField):
    """Accepts full-width digits and the like through duban.core.numbers.parse_number."""

    # django-stubs declares forms.DecimalField a subclass of IntegerField (as Django does) and
    # itself ignores the Decimal-vs-int override there; this override inherits the same clash.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip():
            parsed = parse_number(value)
            if parsed is None:
                raise forms.ValidationError(_("请输入数字"), code="invalid")
            value = str(parsed)
        return super().to_python(value)


class MethodForm(forms.Form):
    """Edits a method by writing a new version; one row per registered item kind."""

    name = forms.CharField(label=_("办法名称"), max_length=128)
    target_basis = forms.ChoiceField(label=_("目标口径"), choices=TargetBasis.choices)
    pace = forms.ChoiceField(label=_("完成率口径"), choices=Pace.choices)
    quarterly_top_n = forms.IntegerField(label=_("季度介绍经验名额"), min_value=0, max_value=50)
    quarterly_bottom_n = forms.IntegerField(label=_("季度表态发言名额"), min_value=0, max_value=50)
    statement_item = forms.ChoiceField(label=_("表态发言依据任务"), required=False)
    change_note = forms.CharField(label=_("修改说明"), max_length=255)

    def __init__(self, *args: Any, method: AssessmentMethod | None = None, **kw: Any) -> None:
        initial: dict[str, Any] = {}
        current = {i.kind: i for i in method.items.all()} if method else {}
        if method is not None:
            initial = {
                "name": method.name,
                "target_basis": method.target_basis,
                "pace": method.pace,
                "quarterly_top_n": method.quarterly_top_n,
                "quarterly_bottom_n": method.quarterly_bottom_n,
                "statement_item": method.statement_item,
            }
        if "initial" in kw:
            raise TypeError("MethodForm takes its initial values from `method`, not `initial`")
        kw["initial"] = initial
        super().__init__(*args, **kw)
        statement_item = self.fields["statement_item"]
        if not isinstance(statement_item, forms.ChoiceField):
            raise TypeError("MethodForm.statement_item must be a ChoiceField")
        statement_item.choices = [("", "—"), *item_registry.choices()]
        self.kinds = list(item_registry.REGISTRY.values())
        for kind in self.kinds:
            item = current.get(kind.code)
            self.fields[f"use_{kind.code}"] = forms.BooleanField(
                label=kind.label, required=False, initial=item is not None
            )
            self.fields[f"weight_{kind.code}"] = NumberField(
                label=_("分值"),
                required=False,
                min_value=0,
                max_value=1000,
                decimal_places=2,
                initial=item.weight if item else None,
            )
            self.fields[f"capped_{kind.code}"] = forms.BooleanField(
                label=_("封顶"), required=False, initial=item.capped if item else True
            )

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": k,
                "use": self[f"use_{k.code}"],
                "weight": self[f"weight_{k.code}"],
                "capped": self[f"capped_{k.code}"],
            }
            for k in self.kinds
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:  # BaseForm.clean returns cleaned_data; the stub allows None for overrides
            raise RuntimeError("Form.clean() returned no cleaned data")
        chosen = []
        for kind in self.kinds:
            if not data.get(f"use_{kind.code}"):
                continue
            weight = data.get(f"weight_{kind.code}")
            if weight is None:
                self.add_error(
                    f"weight_{kind.code}", _("“%(item)s”已选用，请填写分值") % {"item": kind.label}
                )
                continue
            chosen.append(
                {
                    "kind": kind.code,
                    "weight": weight,
                    "capped": bool(data.get(f"capped_{kind.code}")),
                }
            )
        if not chosen and not self.errors:
            raise forms.ValidationError(_("请至少选用一个考评项"))
        statement = data.get("statement_item")
        if statement and statement not in {c["kind"] for c in chosen}:
            self.add_error("statement_item", _("表态发言依据任务必须是已选用的考评项"))
        data["items"] = chosen
        return data


class AdjustmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.filter(is_active=True))
    month = forms.CharField(label=_("月份（YYYY-MM）"), max_length=16)
    points = NumberField(
        label=_("分值（正数加分，负数扣分）"), max_digits=6, decimal_places=2, min_value=-100,
        max_value=100,
    )  # fmt: skip
    reason = forms.CharField(label=_("事由"), max_length=255)

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(_("月份格式应为 YYYY-MM，例如 2021-03")) from exc


class BulletinPublishForm(forms.Form):
    number = forms.CharField(label=_("文号"), max_length=64)
