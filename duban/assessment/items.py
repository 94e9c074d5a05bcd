"""The registry of assessment item kinds (考评项): code → label + a set-based source function.

A source function takes every unit of a group at once, `(unit_ids, month, params)`, and answers
`{unit_id: ItemInput(numerator, denominator, sources)}` with a handful of GROUP BY queries,
whatever the number of units. The method editor offers exactly the kinds registered here.

Merge slots (filled automatically when the parallel branches land):
* 月报及时率: `report_timeliness` uses `duban.reports.queries.timeliness_by_unit(year, month)`
  and `.due_date(year, month)` when that module provides them; until then this branch's
  stand-ins `report_timeliness_by_unit` and `_due_date` answer.
* 问题办结率 / 督办函按期回复率: `_register_supervision_kinds()` at the bottom registers
  `problem_closure` and `letter_reply` from `duban.supervision.scoring` as soon as that module
  exists; nothing else needs to change.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from duban.assessment.scoring import ItemInput
from duban.core.asof import Month
from duban.reports.models import MonthlyReport
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from duban.targets.queries import revised_values_for_year, unit_totals

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


def _unit_target_rows(month: Month, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every unit's part of the chosen district targets, as plain rows (no model objects: at
    province scale this is tens of thousands of rows). Callers keep their own units' rows."""
    q = Q(
        year=month.year,
        parent__isnull=False,
        metric__kind__in=params["metric_kinds"],
        strategic_only=False,
        foreign_only=False,
    )
    if params.get("category"):
        q &= Q(category__code=params["category"])
    else:
        q &= Q(category__isnull=True)
    return list(
        Target.objects.filter(q).order_by("id").values("id", "unit_id", "parent_id", "value")
    )


def _memo(cache: dict[Any, Any] | None, key: Any, compute: Callable[[], Any]) -> Any:
    """Share an all-units aggregate between the groups of one computation."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def target_completion(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    """Σ actual ÷ Σ task over the unit's parts of the chosen district targets.

    A part is measured with its district target's filters (parts copy them when decomposed),
    so each district target costs one aggregate for all units (via
    `duban.targets.queries.unit_totals`), shared between the groups of one computation through
    `params["cache"]`. The projects behind a count are listed by the drill-down page
    (`queries.counted_projects_for`), not stored with every score.
    """
    cache = params.get("cache")
    wanted = set(unit_ids)
    signature = (tuple(params["metric_kinds"]), params.get("category"), month.year)
    rows = [
        r
        for r in _memo(cache, ("rows", signature), lambda: _unit_target_rows(month, params))
        if r["unit_id"] in wanted
    ]
    revised = _memo(cache, ("revised", month.year), lambda: revised_values_for_year(month.year))
    basis = params.get("basis", "original")
    # 序时目标: the part of the year's task due by this month's end, rounded half-up to 2
    # decimals (the drill-down prints both the year's value and this share).
    share = Decimal(month.month) / 12 if params.get("pace", "trajectory") == "trajectory" else None
    parent_ids = frozenset(r["parent_id"] for r in rows)
    parents = _memo(
        cache,
        ("parents", parent_ids),
        lambda: {
            t.pk: t
            for t in Target.objects.filter(pk__in=parent_ids).select_related("metric", "category")
        },
    )
    titles = {pk: (t.display_title, t.metric.unit) for pk, t in parents.items()}
    num: dict[int, Decimal] = defaultdict(lambda: ZERO)
    den: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        parent = parents[row["parent_id"]]
        title, metric_unit = titles[parent.pk]
        totals = _memo(cache, ("totals", parent.pk, month), lambda p=parent: unit_totals(p, month))
        uid = row["unit_id"]
        actual = totals.get(uid, ZERO)
        used = revised[row["id"]] if basis == "revised" and row["id"] in revised else row["value"]
        task = used if share is None else (used * share).quantize(CENT, rounding=ROUND_HALF_UP)
        num[uid] += actual
        den[uid] += task
        sources[uid].append(
            {
                "type": "target",
                "id": row["id"],
                "title": title,
                "unit": metric_unit,
                "original": str(row["value"]),
                "revised": str(revised[row["id"]]) if row["id"] in revised else None,
                "used": str(used),
                "share": None if share is None else f"{month.month}/12",
                "task": str(task),
                "actual": str(actual),
                "district_target": parent.pk,
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


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function another branch provides, if its module is there (see the module docstring)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None
    return getattr(mod, name, None)


def _due_date(year: int, month: int) -> dt.date:
    """The day a month's reports are due: the reports module's rule when present, else
    DUBAN_REPORT_DUE_DAY of the following month."""
    supplied = _optional("duban.reports.queries", "due_date")
    if supplied is not None:
        return supplied(year, month)
    following = Month(year, month).next()
    return dt.date(following.year, following.month, settings.DUBAN_REPORT_DUE_DAY)


def report_timeliness_by_unit(
    unit_ids: list[int] | None, year: int, month: int
) -> dict[int, tuple[int, int]]:
    """{unit_id: (on_time, due)} for a month's reports, in one GROUP BY.

    A report is on time when submitted before the end of the due day in Asia/Shanghai.
    Stand-in for `duban.reports.queries.timeliness_by_unit`, used only while that is absent.
    """
    due = _due_date(year, month)
    deadline = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time()))
    reports = MonthlyReport.objects.filter(year=year, month=month)
    if unit_ids is not None:
        reports = reports.filter(project__unit_id__in=unit_ids)
    rows = reports.values("project__unit_id").annotate(
        due=Count("id"),
        on_time=Count("id", filter=Q(submitted_at__lt=deadline)),
    )
    return {r["project__unit_id"]: (r["on_time"], r["due"]) for r in rows}


def report_timeliness(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    supplied = _optional("duban.reports.queries", "timeliness_by_unit")
    counts = _memo(
        params.get("cache"),
        ("timeliness", month),
        lambda: (
            supplied(month.year, month.month)
            if supplied is not None
            else report_timeliness_by_unit(None, month.year, month.month)
        ),
    )
    due_day = _due_date(month.year, month.month).isoformat()
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
    from duban.assessment.models import Adjustment

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


# --- slots filled by the supervision branch ----------------------------------------------------


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


SUPERVISION_KINDS = [
    ("problem_closure", "问题办结率", "到期问题中按期办结的比例"),
    ("letter_reply", "督办函按期回复率", "应回复督办函中按期回复的比例"),
]


def _register_supervision_kinds() -> None:
    try:
        module = importlib.import_module("duban.supervision.scoring")
    except ModuleNotFoundError as exc:
        if exc.name != "duban.supervision.scoring":
            raise
        return
    for code, label, description in SUPERVISION_KINDS:
        func = getattr(module, code, None)
        if func is not None:
            register(ItemKind(code, label, _adapt(func), description=description))


_register_supervision_kinds()
