"""The assessment method (考评办法) as data: items, scoring forms and speaking rules.

A `MethodSpec` is everything the engine needs to score a group in a month, and nothing else.
It is read from a stored method version (`spec_of`), from a draft's JSON (`MethodSpec.from_dict`)
or built by hand in tests, and it validates itself (`errors`): base weights sum to 100, every
kind is registered, every item code is unique, bonus caps are explicit, speaking rules name
items of the method. Any real method a district publishes should be writable in it:

* items of any registered kind (`duban.assessment.items.REGISTRY`), each usable several times
  with its own code, label, weight and params (a target's metric, a category, a pace);
* scoring forms (`ScoringForm`): completion rate (capped or not, extra credit above target up
  to a cap), steps/thresholds, points by rank within the group, per-event points, entered
  points (加减分), one-vote veto (一票否决) capping or zeroing the total;
* what an item means for a unit with no task for it (`NotApplicable`);
* the quarterly speaking lists (`SpeakingRule`): conditions on rank position and on completing
  a named task, combined with AND inside a rule, the way the plan's sentences combine them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from duban.assessment import items as item_registry
from duban.assessment.choices import (
    ItemRole,
    NotApplicable,
    Pace,
    ScoringForm,
    SpeakingRole,
    TargetBasis,
)
from duban.assessment.models import AssessmentMethod
from duban.orgs.choices import UnitKind

HUNDRED = Decimal(100)
ALL_TASKS = "*"
RANK_POSITIONS = ("top", "bottom", "last")
# Forms that compare a figure with a task: an item of these forms can be "not applicable".
TASK_FORMS = (ScoringForm.RATE, ScoringForm.STEPS, ScoringForm.RANK)


@dataclass(frozen=True)
class ItemSpec:
    code: str
    kind: str
    label: str
    weight: Decimal
    role: str = ItemRole.BASE
    form: str = ScoringForm.RATE
    capped: bool = True
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def has_task(self) -> bool:
        """The item compares a figure with a task (so "completing its task" means something)."""
        return self.role == ItemRole.BASE and self.form in TASK_FORMS

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "label": self.label,
            "weight": str(self.weight),
            "role": self.role,
            "form": self.form,
            "capped": self.capped,
            "params": self.params,
        }


@dataclass(frozen=True)
class Condition:
    """One clause of a speaking rule: a rank position (top N, bottom N, last) or a task
    completed / not completed (`task` = an item code, several joined by commas, or "*" for
    every task item)."""

    rank: str = ""
    n: int = 0
    task: str = ""
    met: bool = True

    def to_dict(self) -> dict[str, Any]:
        if self.rank:
            return {"rank": self.rank, "n": self.n} if self.rank != "last" else {"rank": "last"}
        return {"task": self.task, "met": self.met}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Condition:
        if raw.get("rank"):
            return cls(rank=str(raw["rank"]), n=int(raw.get("n") or 0))
        return cls(task=str(raw.get("task") or ""), met=bool(raw.get("met", True)))


@dataclass(frozen=True)
class SpeakingRule:
    """Units for which every condition holds take `role`; rules are tried in order and a unit
    takes the first role whose rule it meets."""

    role: str
    when: tuple[Condition, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "when": [c.to_dict() for c in self.when]}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SpeakingRule:
        return cls(str(raw.get("role", "")), tuple(Condition.from_dict(c) for c in raw["when"]))


@dataclass(frozen=True)
class MethodSpec:
    year: int
    group: str
    name: str
    items: tuple[ItemSpec, ...]
    speaking: tuple[SpeakingRule, ...] = ()
    target_basis: str = TargetBasis.ORIGINAL
    pace: str = Pace.TRAJECTORY
    not_applicable: str = NotApplicable.RESCALE
    # The stored version it was read from (None for a draft): cited by score runs and hashes.
    method_id: int | None = None
    version: int | None = None

    @property
    def statement_task(self) -> str:
        """The task the group's rules name (the statement rule's first; else any rule's)."""
        for role in (SpeakingRole.STATEMENT, SpeakingRole.PRESENT):
            for rule in self.speaking:
                if rule.role == role:
                    for c in rule.when:
                        if c.task:
                            return c.task
        return ""

    def item(self, code: str) -> ItemSpec | None:
        return next((i for i in self.items if i.code == code), None)

    def errors(self) -> dict[str, str]:
        """Every problem, keyed by where it is (empty when the method can be adopted)."""
        errors: dict[str, str] = {}
        if self.group not in UnitKind.values:
            errors["group"] = f"未知考评组：{self.group}"
        if self.target_basis not in TargetBasis.values:
            errors["target_basis"] = f"未知目标口径：{self.target_basis}"
        if self.pace not in Pace.values:
            errors["pace"] = f"未知完成率口径：{self.pace}"
        if self.not_applicable not in NotApplicable.values:
            errors["not_applicable"] = f"未知的无任务处理方式：{self.not_applicable}"
        if not self.items:
            errors["items"] = "考评办法至少需要一个考评项"
        seen: set[str] = set()
        base = Decimal(0)
        for n, item in enumerate(self.items, start=1):
            where = f"items[{n}]"
            if not item.code:
                errors[f"{where}.code"] = f"第{n}项：缺少考评项代码"
            elif item.code in seen:
                errors[f"{where}.code"] = f"第{n}项：考评项代码“{item.code}”重复"
            seen.add(item.code)
            if item.kind not in item_registry.REGISTRY:
                errors[f"{where}.kind"] = f"第{n}项：未知考评项类型“{item.kind}”"
            if item.role not in ItemRole.values:
                errors[f"{where}.role"] = f"第{n}项：未知类别“{item.role}”"
            if item.form not in ScoringForm.values:
                errors[f"{where}.form"] = f"第{n}项：未知计分方式“{item.form}”"
            if not isinstance(item.weight, Decimal) or item.weight < 0:
                errors[f"{where}.weight"] = f"第{n}项：分值须为不小于0的数字"
                continue
            if item.role == ItemRole.BASE:
                if item.form in (ScoringForm.POINTS, ScoringForm.VETO):
                    errors[f"{where}.form"] = f"第{n}项：基础分项不能用“{item.form}”计分"
                base += item.weight
            elif item.role in (ItemRole.BONUS, ItemRole.DEDUCTION) and item.weight <= 0:
                errors[f"{where}.weight"] = f"第{n}项：加分、扣分项须写明上限（分值大于0）"
            if item.role == ItemRole.VETO and item.form != ScoringForm.VETO:
                errors[f"{where}.form"] = f"第{n}项：一票否决项须用一票否决计分"
            errors.update(_param_errors(n, item))
        if self.items and base != HUNDRED:
            errors["weights"] = f"基础分项分值合计应为100，现为{base}"
        for n, rule in enumerate(self.speaking, start=1):
            if rule.role not in SpeakingRole.values:
                errors[f"speaking[{n}]"] = f"第{n}条发言规则：未知角色“{rule.role}”"
            if not rule.when:
                errors[f"speaking[{n}]"] = f"第{n}条发言规则：至少需要一个条件"
            for c in rule.when:
                if c.rank and (c.rank not in RANK_POSITIONS or (c.rank != "last" and c.n < 1)):
                    errors[f"speaking[{n}]"] = f"第{n}条发言规则：排名条件不完整"
                if not c.rank and c.task != ALL_TASKS:
                    for code in c.task.split(","):
                        task = self.item(code)
                        if task is None or not task.has_task:
                            errors[f"speaking[{n}]"] = (
                                f"第{n}条发言规则：任务“{code}”须是本办法中按任务计分的基础分项"
                            )
        return errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "group": self.group,
            "name": self.name,
            "target_basis": self.target_basis,
            "pace": self.pace,
            "not_applicable": self.not_applicable,
            "items": [i.to_dict() for i in self.items],
            "speaking": [r.to_dict() for r in self.speaking],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> MethodSpec:
        return cls(
            year=int(raw["year"]),
            group=str(raw["group"]),
            name=str(raw.get("name", "")),
            items=tuple(item_from_dict(i) for i in raw.get("items", [])),
            speaking=tuple(SpeakingRule.from_dict(r) for r in raw.get("speaking", [])),
            target_basis=str(raw.get("target_basis", TargetBasis.ORIGINAL)),
            pace=str(raw.get("pace", Pace.TRAJECTORY)),
            not_applicable=str(raw.get("not_applicable", NotApplicable.RESCALE)),
        )


def _decimal(value: Any) -> Decimal | None:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _param_errors(n: int, item: ItemSpec) -> dict[str, str]:
    p = item.params
    where = f"items[{n}].params"
    if item.form == ScoringForm.STEPS:
        steps = p.get("steps")
        if not steps or not all(
            isinstance(s, list | tuple) and len(s) == 2 and None not in map(_decimal, s)
            for s in steps
        ):
            return {where: f"第{n}项：分档计分须列出[完成率, 得分比例]各档"}
    if item.form == ScoringForm.RANK and not p.get("table"):
        return {where: f"第{n}项：按名次计分须列出各名次的得分比例"}
    if item.form == ScoringForm.EVENT and _decimal(p.get("per_event")) is None:
        return {where: f"第{n}项：按次计分须写明每次分值"}
    if item.form == ScoringForm.VETO and p.get("mode", "zero") not in ("zero", "cap"):
        return {where: f"第{n}项：一票否决须为“总分计零”或“总分封顶”"}
    if p.get("extra_cap") is not None and _decimal(p.get("extra_cap")) is None:
        return {where: f"第{n}项：超额加分上限须为数字"}
    return {}


def item_from_dict(raw: dict[str, Any]) -> ItemSpec:
    """An item as written in a draft or passed to `create_method_version`; the kind's defaults
    fill what is not said (its role and form, its label)."""
    kind = str(raw.get("kind", ""))
    registered = item_registry.REGISTRY.get(kind)
    weight = _decimal(raw.get("weight"))
    return ItemSpec(
        code=str(raw.get("code") or kind),
        kind=kind,
        label=str(raw.get("label") or (registered.label if registered else kind)),
        weight=weight if weight is not None else Decimal(-1),
        role=str(raw.get("role") or (registered.default_role if registered else ItemRole.BASE)),
        form=str(raw.get("form") or (registered.default_form if registered else "rate")),
        capped=bool(raw.get("capped", True)),
        params=dict(raw.get("params") or {}),
    )


def legacy_speaking(top_n: int, bottom_n: int, statement_item: str) -> tuple[SpeakingRule, ...]:
    """The rule older callers describe with three numbers: the top N present; the bottom N
    that did not complete `statement_item` make a statement."""
    rules: list[SpeakingRule] = []
    if top_n:
        rules.append(SpeakingRule(SpeakingRole.PRESENT, (Condition(rank="top", n=top_n),)))
    if bottom_n and statement_item:
        when = (Condition(rank="bottom", n=bottom_n), Condition(task=statement_item, met=False))
        rules.append(SpeakingRule(SpeakingRole.STATEMENT, when))
    return tuple(rules)


def spec_of(method: AssessmentMethod) -> MethodSpec:
    """The stored version as data (its items in their order)."""
    items = tuple(
        ItemSpec(
            code=i.code or i.kind,
            kind=i.kind,
            label=i.label,
            weight=i.weight,
            role=i.role,
            form=i.form,
            capped=i.capped,
            params=dict(i.params or {}),
        )
        for i in sorted(method.items.all(), key=lambda i: (i.sort_order, i.pk))
    )
    speaking = tuple(SpeakingRule.from_dict(r) for r in method.speaking_rules or [])
    return MethodSpec(
        year=method.year,
        group=method.group,
        name=method.name,
        items=items,
        speaking=speaking,
        target_basis=method.target_basis,
        pace=method.pace,
        not_applicable=method.not_applicable,
        method_id=method.pk,
        version=method.version,
    )
