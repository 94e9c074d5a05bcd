"""The kinds of reference data a district maintains, each owned by a role: what the list shows,
which form edits it, which action the role matrix asks for, which audit events it writes, and
the rules a change must keep beyond the model's own validation.

Reference data is the district's rules as data (DESIGN.md): units and their groups, leaders,
categories and their lead departments, node templates, metrics, light rules and trajectory
curves, and the enterprise indicators entered by hand. Every change goes through
`duban.refdata.services` (actor, version check, audit row in one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.asof import today
from duban.core.models import VersionedModel
from duban.core.numbers import plain
from duban.core.services import snapshot
from duban.orgs.models import Leader, Unit
from duban.projects.models import Category, NodeTemplate, Programme, TemplateNode
from duban.refdata import forms
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.targets.choices import MetricKind
from duban.targets.models import ActualEntry, Metric

# A check sees the record with the new values set, and the snapshot before (None when new).
Check = Callable[[models.Model, dict[str, Any] | None], None]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    model: type[VersionedModel]
    form: type[forms.ReferenceForm]
    columns: tuple[str, ...]
    event: str
    action: str = "refdata.change"
    hint: Any = ""
    related: tuple[str, ...] = ()
    check: Check | None = None
    extra: tuple[str, ...] = field(default=())

    @property
    def created_event(self) -> str:
        return "target.actual_entered" if self.event == "target.actual" else f"{self.event}.created"

    @property
    def updated_event(self) -> str:
        return "target.actual_updated" if self.event == "target.actual" else f"{self.event}.updated"

    def queryset(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.all()
        return qs.select_related(*self.related) if self.related else qs

    def label_of(self, name: str) -> str:
        model_field = self.model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        return str(model_field.verbose_name)


def cell(obj: models.Model, name: str) -> str:
    """A record's value as the list shows it: choices by their label, numbers by the number
    policy, yes/no for flags, related records by their name."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return "—"
    if getattr(model_field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, Decimal | float):
        return plain(value)
    if isinstance(value, list):
        return " · ".join(plain(Decimal(str(v))) for v in value)
    return str(value)


# --- the rules a change keeps beyond the model's validation ---------------------------------

_RULE_THRESHOLDS = [f for f in forms.LightRuleForm.Meta.fields if f != "note"]


def check_light_rule(obj: models.Model, before: dict[str, Any] | None) -> None:
    """A rule in force explains every light judged by it, so its thresholds never change:
    the district adds a new rule from a later date (only the note of one in force may be
    corrected). A new rule cannot take effect on a day already passed, so no published light
    changes meaning."""
    assert isinstance(obj, LightRule)
    now = today()
    if before is None:
        if obj.effective_from <= now:
            raise ValidationError(
                {"effective_from": _("新规则只能自今天之后生效（已判定的灯不因新规则改变）")}
            )
        return
    was_in_force = str(before["effective_from"]) <= now.isoformat()
    current = snapshot(obj)
    moved = [f for f in _RULE_THRESHOLDS if f in before and before[f] != current.get(f)]
    if was_in_force and moved:
        raise ValidationError(
            _(
                "该规则已生效，阈值和生效日期不能修改（已判定的灯按它解释）；请新增一条以后生效的规则"
            )
        )
    if not was_in_force and obj.effective_from <= now:
        raise ValidationError({"effective_from": _("生效日期须在今天之后")})


def check_curve(obj: models.Model, before: dict[str, Any] | None) -> None:
    """Twelve cumulative shares: numbers from 0 to 100, never decreasing, December 100."""
    assert isinstance(obj, TrajectoryCurve)
    shares = obj.shares
    error = ValidationError({"shares": _("须为12个0–100之间的数，逐月不减，12月为100")})
    if not isinstance(shares, list) or len(shares) != 12:
        raise error
    try:
        values = [Decimal(str(v)) for v in shares]
    except (ArithmeticError, ValueError) as exc:
        raise error from exc
    if any(v < 0 or v > 100 for v in values) or values[-1] != 100:
        raise error
    if any(b < a for a, b in pairwise(values)):
        raise error


def check_actual(obj: models.Model, before: dict[str, Any] | None) -> None:
    """Only manual metrics are typed: the others are computed from projects and reports."""
    assert isinstance(obj, ActualEntry)
    if obj.metric.kind != MetricKind.MANUAL:
        raise ValidationError({"metric": _("只有“手工填报”的指标可以录入完成值")})


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "units",
            _("责任单位"),
            Unit,
            forms.UnitForm,
            ("code", "name", "short_name", "kind", "sort_order", "is_active"),
            "unit",
            hint=_("单位类别即其考评组（街镇组、园区组、区直部门组）；停用的单位不再参加考评。"),
        ),
        Kind(
            "leaders",
            _("挂钩领导"),
            Leader,
            forms.LeaderForm,
            ("name", "title", "sort_order"),
            "leader",
        ),
        Kind(
            "programmes",
            _("工程（类别之上）"),
            Programme,
            forms.ProgrammeForm,
            ("code", "name", "sort_order"),
            "programme",
            hint=_(
                "规划的工程（如“六大提升工程”）：量化目标按项目类别归入工程，定性任务一行一项。"
            ),
        ),
        Kind(
            "categories",
            _("项目类别与牵头部门"),
            Category,
            forms.CategoryForm,
            ("code", "name", "lead_department", "programme", "sort_order"),
            "category",
            related=("lead_department", "programme"),
            hint=_("新项目未指定牵头部门时，取其类别的牵头部门。"),
        ),
        Kind(
            "node-templates",
            _("节点计划模板"),
            NodeTemplate,
            forms.NodeTemplateForm,
            ("name", "category", "is_active"),
            "node_template",
            related=("category",),
            hint=_("项目列入年度计划时按其类别的模板生成节点计划；无类别的模板是通用模板。"),
        ),
        Kind(
            "template-nodes",
            _("模板节点"),
            TemplateNode,
            forms.TemplateNodeForm,
            (
                "template",
                "order",
                "name",
                "responsible",
                "date_rule",
                "offset_days",
                "triggers_stage",
            ),
            "template_node",
            related=("template",),
            hint=_("修改模板只影响此后生成的节点计划，已生成的计划不变。"),
        ),
        Kind(
            "metrics",
            _("指标"),
            Metric,
            forms.MetricForm,
            ("code", "name", "unit", "kind", "sort_order"),
            "metric",
            action="metric.change",
        ),
        Kind(
            "light-rules",
            _("亮灯规则"),
            LightRule,
            forms.LightRuleForm,
            (
                "effective_from",
                "yellow_gap_pp",
                "red_gap_pp",
                "node_overdue_yellow_days",
                "node_overdue_red_days",
                "curve",
                "note",
            ),
            "light_rule",
            related=("curve",),
            check=check_light_rule,
            hint=_(
                "每条规则自生效日期起施行，直到下一条。已生效的规则只能改说明；"
                "要改阈值，请新增一条以后生效的规则，已判定的灯不变。"
            ),
        ),
        Kind(
            "curves",
            _("序时进度曲线"),
            TrajectoryCurve,
            forms.CurveForm,
            ("code", "name", "shares"),
            "curve",
            check=check_curve,
            hint=_(
                "修改曲线自保存时起用于此后计算的灯；已生成的灯按当时的数值保存，不变。"
                "修改前后的数值记入审计日志。"
            ),
        ),
        Kind(
            "actuals",
            _("手工填报指标完成值"),
            ActualEntry,
            forms.ActualForm,
            ("year", "month", "metric", "unit", "value"),
            "target.actual",
            action="target.change",
            related=("metric", "unit"),
            check=check_actual,
            extra=("entered_by",),
            hint=_(
                "企业类指标（新增限上商贸业企业、规上服务业企业、高新技术企业等）的年累计值，按月录入。"
            ),
        ),
    ]
}
