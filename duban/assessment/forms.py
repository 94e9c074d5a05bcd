"""Forms of the assessment pages; every message names its field in Chinese."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.assessment import items as item_registry
from duban.assessment.choices import ItemRole, NotApplicable, Pace, ScoringForm, TargetBasis
from duban.assessment.models import MethodDraft
from duban.core.asof import Month
from duban.core.forms import Textarea
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


RANKS = [("", "—"), ("top", _("前N名")), ("bottom", _("后N名")), ("last", _("末位"))]
TASK_STATES = [("", "—"), ("met", _("完成")), ("missed", _("未完成"))]
SPEAKING_ROLES = [("present", _("介绍经验")), ("statement", _("表态发言"))]
BLANK_ROWS = 3


class DraftForm(forms.Form):
    """The method editor: one row per item (code, kind, label, role, form, weight, cap,
    params as JSON), one rule per speaking role (a rank position and/or a task condition,
    combined with 且), and the method's parameters. Saving edits the draft (versioned)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("办法名称"), max_length=128)
    target_basis = forms.ChoiceField(label=_("目标口径"), choices=TargetBasis.choices)
    pace = forms.ChoiceField(label=_("完成率口径"), choices=Pace.choices)
    not_applicable = forms.ChoiceField(label=_("无任务考评项的处理"), choices=NotApplicable.choices)

    def __init__(self, *args: Any, draft: MethodDraft, **kw: Any) -> None:
        spec = draft.spec
        items = list(spec.get("items", []))
        self.rows = len(items) + BLANK_ROWS
        initial: dict[str, Any] = {
            "version": draft.version,
            "name": draft.name,
            "target_basis": spec.get("target_basis", TargetBasis.ORIGINAL),
            "pace": spec.get("pace", Pace.TRAJECTORY),
            "not_applicable": spec.get("not_applicable", NotApplicable.RESCALE),
        }
        for n, item in enumerate(items):
            initial.update(
                {
                    f"code_{n}": item.get("code", ""),
                    f"kind_{n}": item.get("kind", ""),
                    f"label_{n}": item.get("label", ""),
                    f"role_{n}": item.get("role", "base"),
                    f"form_{n}": item.get("form", "rate"),
                    f"weight_{n}": item.get("weight"),
                    f"capped_{n}": bool(item.get("capped", True)),
                    f"params_{n}": _json(item.get("params") or {}),
                }
            )
        rules = list(spec.get("speaking", []))
        firsts = [
            next((r for r in rules if r.get("role") == role), None) for role, _ in SPEAKING_ROLES
        ]
        # Rules beyond the first of each role are not shown, and are kept as they are.
        self.extra_rules = [r for r in rules if not any(r is f for f in firsts)]
        for role, _label in SPEAKING_ROLES:
            rule = next((r for r in rules if r.get("role") == role), None)
            for c in (rule or {}).get("when", []):
                if c.get("rank"):
                    initial[f"{role}_rank"] = c["rank"]
                    initial[f"{role}_n"] = c.get("n") or None
                else:
                    initial[f"{role}_task"] = c.get("task", "")
                    initial[f"{role}_met"] = "met" if c.get("met", True) else "missed"
        kw["initial"] = initial
        super().__init__(*args, **kw)
        kinds = [("", "—"), *item_registry.choices()]
        for n in range(self.rows):
            self.fields[f"code_{n}"] = forms.SlugField(label=_("代码"), required=False)
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("类型"), choices=kinds, required=False
            )
            self.fields[f"label_{n}"] = forms.CharField(
                label=_("名称"), max_length=64, required=False
            )
            self.fields[f"role_{n}"] = forms.ChoiceField(
                label=_("类别"), choices=ItemRole.choices, required=False
            )
            self.fields[f"form_{n}"] = forms.ChoiceField(
                label=_("计分方式"), choices=ScoringForm.choices, required=False
            )
            self.fields[f"weight_{n}"] = NumberField(
                label=_("分值"), required=False, min_value=0, max_value=1000, decimal_places=4
            )
            self.fields[f"capped_{n}"] = forms.BooleanField(label=_("封顶"), required=False)
            self.fields[f"params_{n}"] = forms.CharField(
                label=_("参数（JSON）"), required=False, widget=Textarea(attrs={"rows": 2})
            )
        for role, _label in SPEAKING_ROLES:
            self.fields[f"{role}_rank"] = forms.ChoiceField(
                label=_("排名条件"), choices=RANKS, required=False
            )
            self.fields[f"{role}_n"] = forms.IntegerField(
                label=_("N"), min_value=1, max_value=100, required=False
            )
            self.fields[f"{role}_task"] = forms.CharField(
                label=_("任务（考评项代码，多个用逗号分隔，*为全部）"), required=False
            )
            self.fields[f"{role}_met"] = forms.ChoiceField(
                label=_("任务条件"), choices=TASK_STATES, required=False
            )

    def item_rows(self) -> list[list[Any]]:
        names = ("code", "kind", "label", "role", "form", "weight", "capped", "params")
        return [[self[f"{f}_{n}"] for f in names] for n in range(self.rows)]

    def speaking_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "fields": [self[f"{role}_{f}"] for f in ("rank", "n", "task", "met")],
            }
            for role, label in SPEAKING_ROLES
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:
            raise RuntimeError("Form.clean() returned no cleaned data")
        items = []
        for n in range(self.rows):
            kind = data.get(f"kind_{n}")
            if not kind:
                continue
            try:
                params = json.loads(data.get(f"params_{n}") or "{}")
            except json.JSONDecodeError:
                self.add_error(f"params_{n}", _('参数须为JSON对象，例如 {"extra_cap": "5"}'))
                continue
            if not isinstance(params, dict):
                self.add_error(f"params_{n}", _("参数须为JSON对象"))
                continue
            weight = data.get(f"weight_{n}")
            items.append(
                {
                    "code": data.get(f"code_{n}") or kind,
                    "kind": kind,
                    "label": data.get(f"label_{n}") or "",
                    "role": data.get(f"role_{n}") or "base",
                    "form": data.get(f"form_{n}") or "rate",
                    "weight": str(weight) if weight is not None else None,
                    "capped": bool(data.get(f"capped_{n}")),
                    "params": params,
                }
            )
        speaking = []
        for role, _label in SPEAKING_ROLES:
            when: list[dict[str, Any]] = []
            rank = data.get(f"{role}_rank")
            if rank == "last":
                when.append({"rank": "last"})
            elif rank:
                when.append({"rank": rank, "n": data.get(f"{role}_n") or 1})
            if data.get(f"{role}_met"):
                when.append(
                    {"task": data.get(f"{role}_task") or "*", "met": data[f"{role}_met"] == "met"}
                )
            if when:
                speaking.append({"role": role, "when": when})
        speaking.extend(self.extra_rules)
        data["spec"] = {
            "name": data.get("name", ""),
            "target_basis": data.get("target_basis"),
            "pace": data.get("pace"),
            "not_applicable": data.get("not_applicable"),
            "items": items,
            "speaking": speaking,
        }
        return data


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class AdoptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    change_note = forms.CharField(label=_("修改说明"), max_length=255)


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
