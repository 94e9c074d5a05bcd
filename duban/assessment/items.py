"""The registry of assessment item kinds (考评项): code → label + a set-based source function.

A source function takes every unit of a group at once, `(unit_ids, month, params)`, and answers
`{unit_id: ItemInput(numerator, denominator, sources)}` with a handful of GROUP BY queries,
whatever the number of units. The method editor offers exactly the kinds registered here.

The figures come from the module that owns them: 月报及时率 from `duban.reports.queries`,
问题办结率 from `duban.problems.queries`, 督办函按期回复率 from
`duban.supervision.scoring`, completion rates from `duban.targets.queries`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any, TypedDict, cast

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from duban.assessment.models import Adjustment
from duban.assessment.scoring import ItemInput
from duban.claims import queries as claim_queries
from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.problems import queries as problem_queries
from duban.projects.choices import Listing
from duban.projects.models import Category, Project, ProjectNode
from duban.reports.queries import due_date, timeliness_by_unit
from duban.supervision import scoring as supervision_scoring
from duban.supervision.queries import trajectory
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
    # How the method editor proposes to use the kind (a method may say otherwise).
    default_role: str = "base"
    default_form: str = "rate"


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
    metric_code: str
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
            metric_code=F("metric__code"),
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
    kinds = set(params.get("metric_kinds") or [])
    codes = set(params.get("metrics") or [])
    category = params.get("category") or None
    parts: dict[tuple[str, str, str | None], list[_PartRow]] = _memo(
        cache, ("parts", month.year), lambda: _parts_by_signature(_parts_of_year(month.year))
    )
    # The item's metric kinds (or codes) and category pick whole signatures, not rows one by
    # one; rows keep the order of their ids, as one query ordered by id would give them.
    chosen = [
        group
        for (kind, metric_code, category_code), group in parts.items()
        if (metric_code in codes if codes else kind in kinds)
        and (category == "*" or category_code == category)
    ]
    picked = chosen[0] if len(chosen) == 1 else sorted(chain(*chosen), key=itemgetter("id"))
    rows = [r for r in picked if r["unit_id"] in wanted]
    measured: dict[int, _Measured] = _memo(
        cache,
        ("measured", month),
        lambda: _measure({r["parent_id"] for group in parts.values() for r in group}, month),
    )
    revised = _memo(cache, ("revised", month.year), lambda: revised_values_for_year(month.year))
    by_revised = params.get("basis", "original") == "revised"
    # 序时目标: the part of the year's task due by this month's end on the district's trajectory
    # curve (the one the warning lights use), rounded half-up to 2 decimals (the drill-down
    # prints both the year's value and this share).
    share, share_text = _share(month, params)
    num: dict[int, Decimal] = defaultdict(lambda: ZERO)
    den: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    # The JSON of each source, written with the row (see _target_source_json).
    heads = {pid: _target_source_head(m, share_text) for pid, m in measured.items()}
    for row in rows:
        target_id, parent_id, uid, value = row["id"], row["parent_id"], row["unit_id"], row["value"]
        parent = measured[parent_id]
        actual = parent.totals.get(uid, ZERO)
        has_revised = target_id in revised
        used: Decimal = revised[target_id] if by_revised and has_revised else value
        task = used if share is None else (used * share).quantize(CENT, rounding=ROUND_HALF_UP)
        num[uid] += actual
        den[uid] += task
        source = {
            "type": "target",
            "id": target_id,
            "title": parent.title,
            "unit": parent.unit,
            "original": str(value),
            "revised": str(revised[target_id]) if has_revised else None,
            "used": str(used),
            "share": share_text,
            "task": str(task),
            "actual": str(actual),
            "district_target": parent_id,
        }
        sources[uid].append(source)
        head = heads[parent_id]
        if head is not None:
            texts[uid].append(_target_source_json(head, source))
    # A unit without any part of these targets has no task (denominator None → full marks).
    # The JSON text goes along only when every source of the unit has one.
    return {
        uid: ItemInput(
            num[uid],
            den[uid],
            sources[uid],
            "[" + ", ".join(texts[uid]) + "]" if len(texts[uid]) == len(sources[uid]) else None,
        )
        if uid in sources
        else ItemInput(ZERO, None, [])
        for uid in unit_ids
    }


def _parts_by_signature(
    rows: list[_PartRow],
) -> dict[tuple[str, str, str | None], list[_PartRow]]:
    """The year's parts by (metric kind, metric code, category code), each list in id order:
    an item takes whole lists instead of testing every part of the year."""
    out: dict[tuple[str, str, str | None], list[_PartRow]] = defaultdict(list)
    for r in rows:
        out[(r["kind"], r["metric_code"], r["category_code"])].append(r)
    return dict(out)


def _target_source_head(parent: _Measured, share_text: str | None) -> tuple[str, str] | None:
    """The JSON of a target source's text fields, escaped once per district target (None when
    a field is not a plain string: such a source is left to the JSON encoder)."""
    if not all(type(v) is str for v in (parent.title, parent.unit)) or not (
        share_text is None or type(share_text) is str
    ):
        return None
    share = "null" if share_text is None else encode_basestring(share_text)
    return share, f'{encode_basestring(parent.title)}, "type": "target", "unit": ' + (
        encode_basestring(parent.unit)
    )


def _target_source_json(head: tuple[str, str], s: dict[str, Any]) -> str:
    """One target source as `json.dumps(s, ensure_ascii=False, sort_keys=True)` writes it,
    five times cheaper: the keys in sorted order, the text fields escaped once per district
    target (`head`), the figures are `str()` of Decimals and ints (digits, sign, point and
    exponent: nothing to escape). Pinned against the encoder by a test."""
    share, title_type_unit = head
    revised = "null" if s["revised"] is None else f'"{s["revised"]}"'
    return (
        f'{{"actual": "{s["actual"]}", "district_target": {s["district_target"]}, '
        f'"id": {s["id"]}, "original": "{s["original"]}", "revised": {revised}, '
        f'"share": {share}, "task": "{s["task"]}", "title": {title_type_unit}, '
        f'"used": "{s["used"]}"}}'
    )


def _share(month: Month, params: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    """(fraction of the year expected by the month's end, its text), or (None, None) when the
    item compares with the whole year's target."""
    if params.get("pace", "trajectory") != "trajectory":
        return None, None
    percent, curve = _memo(params.get("cache"), ("trajectory", month), lambda: trajectory(month))
    return percent / 100, f"{format_percent(percent)}%（{curve}）"


def format_percent(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _completion(metric_kinds: list[str], category: str | None = None) -> Source:
    def source(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
        merged = {"metric_kinds": metric_kinds, "category": category, **params}
        return target_completion(unit_ids, month, merged)

    return source


register(
    ItemKind(
        "new_start_rate",
        gettext_noop("新开工完成率"),
        _completion([MetricKind.NEW_STARTS]),
        description=gettext_noop("亿元以上新开工项目数 ÷ 分解到本单位的新开工任务"),
    )
)
register(
    ItemKind(
        "completion_rate",
        gettext_noop("建成投产完成率"),
        _completion([MetricKind.COMPLETIONS]),
        description=gettext_noop("亿元以上建成投产项目数 ÷ 分解到本单位的建成投产任务"),
    )
)
register(
    ItemKind(
        "investment_rate",
        gettext_noop("投资完成率"),
        _completion([MetricKind.INVESTMENT_COMPLETED]),
        description=gettext_noop("已审核月报累计完成投资 ÷ 分解到本单位的年度投资任务"),
    )
)
register(
    ItemKind(
        "service_start_completion",
        gettext_noop("服务业开竣工合计数完成率"),
        _completion([MetricKind.NEW_STARTS, MetricKind.COMPLETIONS], "services"),
        description=gettext_noop("服务业新开工与建成投产项目数合计 ÷ 两项任务合计"),
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
        # With its JSON as the encoder writes it (sorted keys; int counts, an ISO date:
        # nothing to escape); other types are left to the encoder.
        text = (
            f'[{{"due": {due}, "due_date": "{due_day}", "on_time": {on_time}, "type": "reports"}}]'
            if type(due) is int and type(on_time) is int
            else None
        )
        out[uid] = ItemInput(
            Decimal(on_time),
            Decimal(due),
            [{"type": "reports", "due": due, "on_time": on_time, "due_date": due_day}],
            text,
        )
    return out


register(
    ItemKind(
        "report_timeliness",
        gettext_noop("月报及时率"),
        report_timeliness,
        description=gettext_noop("截止日前报送的月报数 ÷ 应报月报数"),
    )
)


# --- 加分/扣分 ----------------------------------------------------------------------------------


def adjustments(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
    wanted = set(unit_ids)
    rows = Adjustment.objects.filter(
        year=month.year, month=month.month, veto=params.get("veto", False)
    )
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
        gettext_noop("加分/扣分"),
        adjustments,
        mode="points",
        description=gettext_noop("发改局录入的加分（正）与扣分（负），须写明事由"),
        default_role="bonus",
        default_form="points",
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
        gettext_noop("问题办结率"),
        gettext_noop("到期问题中按期办结的比例"),
        problem_queries.problem_closure,
    ),
    (
        "letter_reply",
        gettext_noop("督办函按期回复率"),
        gettext_noop("应回复督办函中按期回复的比例"),
        supervision_scoring.letter_reply,
    ),
    (
        "task_completion",
        gettext_noop("督查任务按期办结率"),
        gettext_noop("到期的工作任务、整改问题和会议议定事项中按期销号的比例"),
        task_queries.task_completion,
    ),
):
    register(ItemKind(_code, _label, _adapt(_func), description=_description))


# --- any target or indicator, by metric code (manual indicators included) --------------------


def _targets(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
    """Completion of the unit's parts of the district targets of the metrics the method names
    (`params["metrics"]`, metric codes: 新增限上商贸企业, 高新技术企业净增, R&D 比增 …), in the
    category it names (none by default). A growth-rate indicator is compared with the whole
    year's value (`"pace": "year"` on the item)."""
    return target_completion(unit_ids, month, params)


register(
    ItemKind(
        "target",
        gettext_noop("目标任务完成率"),
        _targets,
        description=gettext_noop(
            "办法所列指标（按指标代码，含手工填报指标）的完成值 ÷ 分解到本单位的任务"
        ),
    )
)


# --- 招商新落地, with the qualification rules as data --------------------------------------------

# The plan: 二产单个项目总投资不低于3亿元（技改不低于1亿元），三产不低于5000万元，不含房地产项目,
# counted when registered (注册落地), not when signed.
LANDING_DEFAULTS: dict[str, Any] = {
    "floors": {"secondary": "30000", "tech_upgrade": "10000", "tertiary": "5000"},
    "exclude_categories": ["real_estate"],
    "exclude_name_words": ["房地产"],
    "node": "注册落地",
    # The unit's task: its part of the 新落地 target, whatever category the target is filed in.
    "category": "*",
}


def landed_projects(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, list[dict[str, Any]]]:
    """The projects listed 新落地 this year that qualify under the method's rules and have
    landed by the month's end: {unit id: [{id, code, name, on}]}. `node` is the node name
    whose completion date counts ("注册落地"), or "signed" for the signing date."""
    floors = {k: Decimal(str(v)) for k, v in params.get("floors", {}).items()}
    node = params.get("node", "注册落地")
    qs = Project.objects.filter(
        unit_id__in=unit_ids, listings__year=month.year, listings__kind=Listing.NEW_LANDED
    ).exclude(category__code__in=list(params.get("exclude_categories") or []))
    for word in params.get("exclude_name_words") or []:
        qs = qs.exclude(name__contains=word)
    start, end = dt.date(month.year, 1, 1), month.last_day
    rows = list(
        qs.distinct()
        .order_by("code")
        .values("id", "code", "name", "unit_id", "industry", "total_investment_wan", "signed_on")
    )
    landed_on: dict[int, dt.date] = {}
    if node == "signed":
        landed_on = {r["id"]: r["signed_on"] for r in rows if r["signed_on"]}
    else:
        for pid, on in ProjectNode.objects.filter(
            project_id__in=[r["id"] for r in rows], year=month.year, name=node,
            completed_on__isnull=False,
        ).values_list("project_id", "completed_on"):  # fmt: skip
            if on is not None:
                landed_on[pid] = on
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        on = landed_on.get(r["id"])
        floor = floors.get(r["industry"], ZERO)
        if on is None or not start <= on <= end or r["total_investment_wan"] < floor:
            continue
        out[r["unit_id"]].append(
            {"type": "project", "id": r["id"], "code": r["code"], "name": r["name"],
             "on": on.isoformat(), "total_wan": str(r["total_investment_wan"])}
        )  # fmt: skip
    return out


def investment_landing(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    """Qualifying new landings ÷ the unit's part of the 新落地 target (on the pace)."""
    tasks = target_completion(unit_ids, month, {**params, "metric_kinds": [MetricKind.NEW_LANDED]})
    landed = landed_projects(unit_ids, month, params)
    out = {}
    for uid in unit_ids:
        task = tasks[uid]
        listed = landed.get(uid, [])
        rule = {
            "type": "rule",
            "floors": params.get("floors"),
            "excluded": params.get("exclude_categories"),
            "node": params.get("node"),
        }
        sources = [
            {**s, "actual": str(len(listed))} if s.get("type") == "target" else s
            for s in task.sources
        ]
        out[uid] = ItemInput(Decimal(len(listed)), task.denominator, [rule, *sources, *listed])
    return out


# --- 抽查不属实扣分 (issue 15) -------------------------------------------------------------------


def untrue_claims(
    unit_ids: list[int], month: Month, params: dict[str, Any]
) -> dict[int, ItemInput]:
    """Deduction for facts a spot check found untrue in the month: the deduction 发改局 wrote
    on the check, else `points_per_finding` (default 1) each; negative points."""
    per_finding = Decimal(str(params.get("points_per_finding", 1)))
    wanted = set(unit_ids)
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    detail: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for finding in claim_queries.untrue_findings(month.year, month.month):
        if finding.unit_id not in wanted:
            continue
        points = -(finding.deduction if finding.deduction is not None else per_finding)
        sums[finding.unit_id] += points
        detail[finding.unit_id].append(
            {
                "type": "claim_untrue",
                "id": finding.claim_id,
                "points": str(points),
                "reason": f"{finding.project_code} 抽查不属实：{finding.note}",
            }
        )
    return {uid: ItemInput(sums.get(uid, ZERO), None, detail.get(uid, [])) for uid in unit_ids}


register(
    ItemKind(
        "investment_landing",
        gettext_noop("招商新落地完成率"),
        investment_landing,
        default_params=LANDING_DEFAULTS,
        description=gettext_noop(
            "符合条件（分产业投资门槛、不含房地产、按注册落地计）的新落地项目数 ÷ 任务"
        ),
    )
)


# --- 牵头部门职责: a department scored on the categories it leads --------------------------------


def lead_duties(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
    """Σ district actual ÷ Σ task over the category-level district targets (of the method's
    metric kinds) of every category the unit leads (`Category.lead_department`). A unit that
    leads no category has no task for the item."""
    kinds = list(params.get("metric_kinds") or [MetricKind.NEW_STARTS, MetricKind.COMPLETIONS])
    led: dict[int, list[int]] = defaultdict(list)
    for cat_id, unit_id in Category.objects.filter(lead_department_id__in=unit_ids).values_list(
        "id", "lead_department_id"
    ):
        led[unit_id].append(cat_id)
    # Indicators the method names a lead for (e.g. 科技局 leads 高新技术企业净增): unit code →
    # metric codes, measured on the district's own target of that metric.
    codes = dict(Unit.objects.filter(pk__in=unit_ids).values_list("code", "id"))
    named = {
        codes[code]: list(metrics)
        for code, metrics in (params.get("leads") or {}).items()
        if code in codes
    }
    base = Target.objects.filter(
        year=month.year, unit__isnull=True, parent__isnull=True, strategic_only=False,
        foreign_only=False,
    )  # fmt: skip
    district = list(
        base.filter(
            Q(category_id__in=[c for cats in led.values() for c in cats], metric__kind__in=kinds)
            | Q(category__isnull=True, metric__code__in=[m for ms in named.values() for m in ms])
        ).select_related("metric", "category")
    )
    totals = unit_totals_many(district, month) if district else {}
    share, share_text = _share(month, params)
    out: dict[int, ItemInput] = {}
    for uid in unit_ids:
        num, den, sources = ZERO, ZERO, []
        mine = [
            t
            for t in district
            if (t.category_id is not None and t.category_id in led.get(uid, []))
            or (t.category_id is None and t.metric.code in named.get(uid, []))
        ]
        for t in mine:
            actual = totals[t.pk].get(None, ZERO)
            task = t.value if share is None else (t.value * share).quantize(CENT, ROUND_HALF_UP)
            num += actual
            den += task
            sources.append(
                {"type": "led_target", "id": t.pk, "title": t.display_title,
                 "unit": t.metric.unit, "used": str(t.value), "share": share_text,
                 "task": str(task), "actual": str(actual)}
            )  # fmt: skip
        out[uid] = ItemInput(num, den if sources else None, sources)
    return out


register(
    ItemKind(
        "lead_duties",
        gettext_noop("牵头部门职责完成率"),
        lead_duties,
        description=gettext_noop(
            "本部门牵头的项目类别全区完成值 ÷ 全区任务（不限于本部门自有项目）"
        ),
    )
)


# --- 一票否决 ----------------------------------------------------------------------------------


def veto_events(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
    """一票否决事项 entered for the unit this month (an adjustment marked veto, with its reason)."""
    return adjustments(unit_ids, month, {**params, "veto": True})


def _count_of(source: Source) -> Source:
    def count(unit_ids: list[int], month: Month, params: dict[str, Any]) -> dict[int, ItemInput]:
        raw = source(unit_ids, month, params)
        return {uid: ItemInput(Decimal(len(i.sources)), None, i.sources) for uid, i in raw.items()}

    return count


register(
    ItemKind(
        "veto",
        gettext_noop("一票否决"),
        _count_of(veto_events),
        mode="points",
        description=gettext_noop("当月录入的一票否决事项（须写明事由）：总分计零或封顶"),
        default_role="veto",
        default_form="veto",
    )
)

register(
    ItemKind(
        "claim_untrue",
        gettext_noop("抽查不属实扣分"),
        untrue_claims,
        mode="points",
        default_params={"points_per_finding": 1},
        description=gettext_noop("当月抽查认定事实不属实的，按抽查记录的扣分（未填按每项1分）扣减"),
        default_role="bonus",
        default_form="points",
    )
)
