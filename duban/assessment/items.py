"""The registry of assessment item kinds (考评项): code → label + a set-based source function.

A source function takes every unit of a group at once, `(unit_ids, month, params)`, and answers
`{unit_id: ItemInput(numerator, denominator, sources)}` with a handful of GROUP BY queries,
whatever the number of units. The method editor offers exactly the kinds registered here.

The figures come from the module that owns them: 月报及时率 from `duban.reports.queries`,
问题办结率 from `duban.problems.queries`, 督办函按期回复率 from
`duban.supervision.scoring`, completion rates from `duban.targets.queries`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict, cast

from django.db.models import F

from duban.assessment.models import Adjustment
from duban.assessment.scoring import ItemInput
from duban.core.asof import Month
from duban.problems import queries as problem_queries
from duban.reports.queries import due_date, timeliness_by_unit
from duban.supervision import scoring as supervision_scoring
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from duban.targets.queries import UnitTotals, revised_values_for_year, unit_totals_many
from duban.tasks import queries as task_queries

ZERO = Decimal(0)
CENT = Decimal("0.01")
Source = Callable[[list[int], Month, dict[str, Any]], dict[int, ItemInput]]


@dataclass(frozen=True)
class ItemKind:
    code: str
    label: str
    source: Source
    mode: str = "rate"  # "rate": numerator/denominator × weight; "points": entered points
    default_params: dict[str, Any] = field(default_factory=dict)
    description: str = ""


REGISTRY: dict[str, ItemKind] = {}


def register(kind: ItemKind) -> ItemKind:
    REGISTRY[kind.code] = kind
    return kind


def choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in REGISTRY.values()]


# --- completion rates against the unit's decomposed targets -----------------------------------


class _PartRow(TypedDict):
    id: int
    unit_id: int
    parent_id: int
    value: Decimal
    kind: str
    category_code: str | None


def _parts_of_year(year: int) -> list[_PartRow]:
    """Every unit's part of the year's district targets, as plain rows (no model objects: at
    province scale this is tens of thousands of rows), read once per computation; each item
    keeps the rows of its metric kinds and category."""
    rows = (
        Target.objects.filter(
            year=year, parent__isnull=False, strategic_only=False, foreign_only=False
        )
        .order_by("id")
        .values(
            "id",
            "unit_id",
            "parent_id",
            "value",
            kind=F("metric__kind"),
            category_code=F("category__code"),
        )
    )
    return cast(list[_PartRow], list(rows))


@dataclass(frozen=True)
class _Measured:
    """A decomposed district target with every unit's actual as of the month."""

    title: str
    unit: str
    totals: UnitTotals


def _measure(parent_ids: Iterable[int], month: Month) -> dict[int, _Measured]:
    parents = list(
        Target.objects.filter(pk__in=list(parent_ids)).select_related("metric", "category")
    )
    totals = unit_totals_many(parents, month)
    return {t.pk: _Measured(t.display_title, t.metric.unit, totals[t.pk]) for t in parents}


def _memo(cache: dict[Any, Any] | None, key: Any, compute: Callable[[], Any]) -> Any:
    """Share an all-units aggregate between the items and groups of one computation."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def target_completion(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    """Σ actual ÷ Σ task over the unit's parts of the chosen district targets.

    A part is measured with its district target's filters (parts copy them when decomposed).
    The first item of a computation measures every decomposed district target of the year at
    once (`duban.targets.queries.unit_totals_many`: one pass over the projects, one over the
    reports) and shares the result with the other items and groups through `params["cache"]`.
    The projects behind a count are listed by the drill-down page
    (`queries.counted_projects_for`), not stored with every score.
    """
    cache = params.get("cache")
    wanted = set(unit_ids)
    kinds = set(params["metric_kinds"])
    category = params.get("category") or None
    parts: list[_PartRow] = _memo(cache, ("parts", month.year), lambda: _parts_of_year(month.year))
    rows = [
        r
        for r in parts
        if r["unit_id"] in wanted and r["kind"] in kinds and r["category_code"] == category
    ]
    measured: dict[int, _Measured] = _memo(
        cache, ("measured", month), lambda: _measure({r["parent_id"] for r in parts}, month)
    )
    revised = _memo(cache, ("revised", month.year), lambda: revised_values_for_year(month.year))
    basis = params.get("basis", "original")
    # 序时目标: the part of the year's task due by this month's end, rounded half-up to 2
    # decimals (the drill-down prints both the year's value and this share).
    share = Decimal(month.month) / 12 if params.get("pace", "trajectory") == "trajectory" else None
    num: dict[int, Decimal] = defaultdict(lambda: ZERO)
    den: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        parent = measured[row["parent_id"]]
        uid = row["unit_id"]
        actual = parent.totals.get(uid, ZERO)
        used = revised[row["id"]] if basis == "revised" and row["id"] in revised else row["value"]
        task = used if share is None else (used * share).quantize(CENT, rounding=ROUND_HALF_UP)
        num[uid] += actual
        den[uid] += task
        sources[uid].append(
            {
                "type": "target",
                "id": row["id"],
                "title": parent.title,
                "unit": parent.unit,
                "original": str(row["value"]),
                "revised": str(revised[row["id"]]) if row["id"] in revised else None,
                "used": str(used),
                "share": None if share is None else f"{month.month}/12",
                "task": str(task),
                "actual": str(actual),
                "district_target": row["parent_id"],
            }
        )
    # A unit without any part of these targets has no task (denominator None → full marks).
    return {
        uid: ItemInput(num[uid], den[uid], sources[uid])
        if uid in sources
        else ItemInput(ZERO, None, [])
        for uid in unit_ids
    }


def _completion(metric_kinds: list[str], category: str | None = None) -> Source:
    def source(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
        merged = {"metric_kinds": metric_kinds, "category": category, **params}
        return target_completion(unit_ids, month, merged)

    return source


register(
    ItemKind(
        "new_start_rate",
        "新开工完成率",
        _completion([MetricKind.NEW_STARTS]),
        description="亿元以上新开工项目数 ÷ 分解到本单位的新开工任务",
    )
)
register(
    ItemKind(
        "completion_rate",
        "建成投产完成率",
        _completion([MetricKind.COMPLETIONS]),
        description="亿元以上建成投产项目数 ÷ 分解到本单位的建成投产任务",
    )
)
register(
    ItemKind(
        "investment_rate",
        "投资完成率",
        _completion([MetricKind.INVESTMENT_COMPLETED]),
        description="已审核月报累计完成投资 ÷ 分解到本单位的年度投资任务",
    )
)
register(
    ItemKind(
        "service_start_completion",
        "服务业开竣工合计数完成率",
        _completion([MetricKind.NEW_STARTS, MetricKind.COMPLETIONS], "services"),
        description="服务业新开工与建成投产项目数合计 ÷ 两项任务合计",
    )
)


# --- 月报及时率 ---------------------------------------------------------------------------------


def report_timeliness(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    counts = _memo(
        params.get("cache"),
        ("timeliness", month),
        lambda: timeliness_by_unit(month.year, month.month),
    )
    due_day = due_date(month.year, month.month).isoformat()
    out = {}
    for uid in unit_ids:
        on_time, due = counts.get(uid, (0, 0))
        out[uid] = ItemInput(
            Decimal(on_time),
            Decimal(due),
            [{"type": "reports", "due": due, "on_time": on_time, "due_date": due_day}],
        )
    return out


register(
    ItemKind(
        "report_timeliness",
        "月报及时率",
        report_timeliness,
        description="截止日前报送的月报数 ÷ 应报月报数",
    )
)


# --- 加分/扣分 ----------------------------------------------------------------------------------


def adjustments(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
    wanted = set(unit_ids)
    rows = Adjustment.objects.filter(year=month.year, month=month.month)
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    detail: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for adj in rows.order_by("id").values("id", "unit_id", "points", "reason"):
        if adj["unit_id"] not in wanted:
            continue
        sums[adj["unit_id"]] += adj["points"]
        detail[adj["unit_id"]].append(
            {
                "type": "adjustment",
                "id": adj["id"],
                "points": str(adj["points"]),
                "reason": adj["reason"],
            }
        )
    return {uid: ItemInput(sums.get(uid, ZERO), None, detail.get(uid, [])) for uid in unit_ids}


register(
    ItemKind(
        "adjustments",
        "加分/扣分",
        adjustments,
        mode="points",
        description="发改局录入的加分（正）与扣分（负），须写明事由",
    )
)


# --- 问题办结率 / 督办函按期回复率 ---------------------------------------------------------------


def _adapt(func: Callable[[list[int], Month], dict[int, dict[str, Any]]]) -> Source:
    """Wrap a `(unit_ids, month) -> {uid: {"numerator","denominator","sources"}}` function."""

    def source(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
        raw = func(unit_ids, month)
        out = {}
        for uid in unit_ids:
            row = raw.get(uid) or {"numerator": 0, "denominator": 0, "sources": []}
            den = row.get("denominator")
            out[uid] = ItemInput(
                Decimal(str(row["numerator"])),
                None if den is None else Decimal(str(den)),
                list(row.get("sources") or []),
            )
        return out

    return source


for _code, _label, _description, _func in (
    (
        "problem_closure",
        "问题办结率",
        "到期问题中按期办结的比例",
        problem_queries.problem_closure,
    ),
    (
        "letter_reply",
        "督办函按期回复率",
        "应回复督办函中按期回复的比例",
        supervision_scoring.letter_reply,
    ),
    (
        "task_completion",
        "督查任务按期办结率",
        "到期的工作任务、整改问题和会议议定事项中按期销号的比例",
        task_queries.task_completion,
    ),
):
    register(ItemKind(_code, _label, _adapt(_func), description=_description))
