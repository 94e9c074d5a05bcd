"""Named reads of the warnings: the lights as of a month (pages, CLI and snapshots share
`compute_lights`), the board's overdue letters and problems, a leader's problems.

Set-based throughout: target actuals come from `targets.queries.progress_for` (one aggregate
per metric+filter), project investment from one aggregate over approved reports.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext

from duban.core.actors import Viewer
from duban.core.asof import Month, today
from duban.core.money import display_quantity, format_quantity, quantize
from duban.core.numbers import percent_number
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.projects.choices import Listing
from duban.projects.models import Category, PlanListing, Project, ProjectNode
from duban.reports.choices import Confidence, ReportStatus
from duban.reports.models import MonthlyReport
from duban.supervision.choices import Colour, LetterStatus, LightKind
from duban.supervision.models import LightRule, LightSnapshot, SupervisionLetter
from duban.supervision.rules import (
    HUNDRED,
    ZERO,
    NodeDate,
    OverdueNode,
    Thresholds,
    Verdict,
    expected_share,
    fmt,
    forecast_light,
    forecast_value,
    node_light,
    overdue_nodes,
    pct,
    share_light,
)
from duban.targets.choices import Comparator
from duban.targets.models import Target
from duban.targets.queries import progress_for
from duban.tasks import queries as task_queries
from duban.tasks.models import Task

# Listings that plan investment this year; 储备 plans none and 新落地 is judged by landing
# (the 招商 target), not by a trajectory of investment.
TRAJECTORY_LISTINGS = (Listing.NEW_START, Listing.CONTINUING, Listing.COMPLETION)
CONFIDENCE_ORDER = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]


def thresholds_for(month: Month) -> Thresholds:
    """The rule version in force at the end of `month` (the built-in default if none)."""
    rule = (
        LightRule.objects.filter(effective_from__lte=month.last_day)
        .select_related("curve")
        .order_by("-effective_from")
        .first()
    )
    return Thresholds.from_rule(rule) if rule else Thresholds(version="默认")


@dataclass
class Light:
    """One light with everything needed to explain it."""

    kind: str
    object_id: int
    subject: str
    subject_label: str
    unit_id: int
    unit_label: str
    unit_kind: str
    category_id: int | None
    category_label: str
    colour: str
    expected: Decimal
    actual: Decimal
    rule: str
    rule_version: str
    reasons: list[str]
    quantity_unit: str
    target_value: Decimal
    actual_value: Decimal
    forecast: Decimal | None = None
    confidence: str = ""
    disagreement: str = ""
    nodes: list[OverdueNode] = field(default_factory=list)
    illustrative: bool = False  # a target that is example data (示例), not the plan's own

    @property
    def gap(self) -> Decimal:
        """Percentage points behind the trajectory (negative when ahead)."""
        return pct(self.expected) - pct(self.actual)

    @property
    def forecast_share(self) -> Decimal | None:
        if self.forecast is None or self.target_value <= 0:
            return None
        return pct(self.forecast * HUNDRED / self.target_value)

    @property
    def colour_label(self) -> str:
        return str(Colour(self.colour).label)

    @property
    def kind_label(self) -> str:
        return str(LightKind(self.kind).label)

    @property
    def confidence_label(self) -> str:
        return str(Confidence(self.confidence).label) if self.confidence else ""

    @property
    def target_text(self) -> str:
        return display_quantity(self.target_value, self.quantity_unit)

    @property
    def actual_text(self) -> str:
        return display_quantity(self.actual_value, self.quantity_unit)

    @property
    def forecast_text(self) -> str:
        return display_quantity(self.forecast, self.quantity_unit)

    @property
    def gap_text(self) -> str:
        if self.gap > 0:
            return gettext("落后序时进度%(gap)s个百分点") % {"gap": fmt(self.gap)}
        return gettext("未落后序时进度")

    def as_json(self) -> dict[str, Any]:
        """The shape `duban lights --format json` prints; numbers in percent of the year."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "subject": self.subject,
            "subject_label": self.subject_label,
            "id": self.object_id,
            "unit": self.unit_label,
            "unit_id": self.unit_id,
            "colour": self.colour,
            "expected": float(pct(self.expected)),
            "actual": float(pct(self.actual)),
            "gap": float(self.gap),
            "rule": self.rule,
            "rule_version": self.rule_version,
            "reasons": self.reasons,
            "target_value": str(self.target_value),
            "actual_value": str(self.actual_value),
            "quantity_unit": self.quantity_unit,
        }
        if self.forecast is not None:
            data["forecast"] = str(self.forecast)
            data["forecast_share"] = float(self.forecast_share or 0)
        if self.confidence:
            data["confidence"] = self.confidence
        if self.disagreement:
            data["disagreement"] = self.disagreement
        if self.nodes:
            data["overdue_nodes"] = [
                {"name": n.name, "planned": n.planned.isoformat(), "days": n.days}
                for n in self.nodes
            ]
        return data


def _disagreement(forecast_share: Decimal | None, confidence: str, t: Thresholds) -> str:
    """Where the pace and the unit's own word disagree, say so (the page highlights it)."""
    if forecast_share is None or not confidence:
        return ""
    if confidence == Confidence.HIGH and forecast_share < t.forecast_yellow_ratio:
        return f"单位自报信心“高”，但按进度预测年末仅完成{fmt(forecast_share)}%"
    if confidence == Confidence.LOW and forecast_share >= HUNDRED:
        return f"单位自报信心“低”，但按进度预测年末可完成{fmt(forecast_share)}%"
    return ""


def _latest_confidence(
    month: Month, unit_ids: Sequence[int] | None
) -> tuple[dict[int, str], dict[int, int]]:
    """Each project's latest reported confidence up to the month, and the unit of each of
    those projects (one query)."""
    reports = MonthlyReport.objects.filter(
        year=month.year,
        month__lte=month.month,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
    ).exclude(confidence="")
    if unit_ids is not None:
        reports = reports.filter(project__unit_id__in=unit_ids)
    latest: dict[int, str] = {}
    units: dict[int, int] = {}
    for project_id, unit_id, confidence in reports.order_by("project_id", "-month").values_list(
        "project_id", "project__unit_id", "confidence"
    ):
        if project_id not in latest:
            latest[project_id] = confidence
            units[project_id] = unit_id
    return latest, units


def _unit_confidence(project_units: dict[int, int], latest: dict[int, str]) -> dict[int, str]:
    """A unit's confidence: the most common among its projects' latest, ties to the lower."""
    votes: dict[int, Counter[str]] = {}
    for project_id, confidence in latest.items():
        unit_id = project_units.get(project_id)
        if unit_id is not None:
            votes.setdefault(unit_id, Counter())[confidence] += 1
    return {
        unit_id: max(CONFIDENCE_ORDER, key=lambda c: (count[c], -CONFIDENCE_ORDER.index(c)))
        for unit_id, count in votes.items()
    }


# Columns a light never reads; converting 10,000 targets' datetimes took most of a second.
_TIMESTAMPS = ("created_at", "updated_at")


def target_lights(
    month: Month, t: Thresholds, unit_ids: Sequence[int] | None, unit_conf: dict[int, str]
) -> list[Light]:
    """A light for every unit target of the year that has a trajectory (an amount or count to
    reach, not a rate or a ceiling)."""
    targets = Target.objects.filter(
        year=month.year,
        unit__isnull=False,
        value__gt=0,
        comparator__in=[Comparator.AT_LEAST, Comparator.EQUAL],
    ).exclude(metric__unit="%")
    if unit_ids is not None:
        targets = targets.filter(unit_id__in=unit_ids)
    targets = (
        targets.select_related("metric", "unit", "category")
        .defer(*_TIMESTAMPS, *(f"{r}__{f}" for r in ("metric", "unit") for f in _TIMESTAMPS))
        .order_by("unit", "id")
    )
    expected = expected_share(t.shares, month.month)
    out = []
    for progress in progress_for(targets, month):
        target = progress.target
        actual = progress.actual * HUNDRED / target.value
        verdicts = [share_light(expected, actual, t)]
        forecast = forecast_value(progress.actual, expected)
        if (fv := forecast_light(forecast, target.value, month.month, t)) is not None:
            verdicts.append(fv)
        unit = target.unit
        assert unit is not None
        light = _assemble(
            verdicts,
            kind=LightKind.TARGET,
            object_id=target.pk,
            subject=target.metric.code,
            subject_label=target.display_title,
            unit=unit,
            category_id=target.category_id,
            category_label=str(target.category) if target.category else "",
            expected=expected,
            actual=actual,
            t=t,
            quantity_unit=target.metric.unit,
            target_value=target.value,
            actual_value=progress.actual,
            forecast=forecast,
            confidence=unit_conf.get(unit.pk, ""),
            illustrative=target.illustrative,
        )
        out.append(light)
    return out


class _NodeDatesOf(Protocol):
    """What `project_node_dates` reads of a project (a `Project`, or a row of its columns)."""

    @property
    def pk(self) -> int: ...
    @property
    def planned_start(self) -> dt.date | None: ...
    @property
    def planned_completion(self) -> dt.date | None: ...
    @property
    def started_on(self) -> dt.date | None: ...
    @property
    def completed_on(self) -> dt.date | None: ...


def project_node_dates(
    projects: Iterable[_NodeDatesOf], month: Month, kinds: dict[int, str] | None = None
) -> dict[int, list[NodeDate]]:
    """The planned nodes of each project for the year, as (name, planned, completed).

    Read from the projects' node plans (`ProjectNode`) in one query. A project listed for the
    year without a node plan (e.g. loaded before node templates existed) falls back to the two
    dates its record carries: 开工 for 新开工 listings and 建成投产 for 建成投产 listings.
    `kinds` (project id → listing kind) saves a query when the caller has the listings.
    """
    projects = list(projects)
    ids = [p.pk for p in projects]
    out: dict[int, list[NodeDate]] = {pk: [] for pk in ids}
    out.update(_node_dates(projects, month, kinds, ids))
    return out


def _node_dates(
    projects: list[_NodeDatesOf],
    month: Month,
    kinds: dict[int, str] | None,
    among: Sequence[int] | QuerySet[Any],
) -> dict[int, list[NodeDate]]:
    """`project_node_dates` for the projects that have nodes (the others are left out), with
    the node rows restricted to `among`: the projects' ids, or a subquery selecting exactly
    those ids (100,000 bound parameters cost seconds)."""
    out: dict[int, list[NodeDate]] = {}
    rows = (
        ProjectNode.objects.filter(project_id__in=among, year=month.year)
        .order_by("project_id", "order")
        .values_list("project_id", "name", "planned_on", "completed_on")
    )
    for project_id, name, planned, completed in rows:
        out.setdefault(project_id, []).append(NodeDate(name, planned, completed))
    without_plan = [p for p in projects if p.pk not in out]
    if not without_plan:
        return out
    if kinds is None:
        kinds = dict(
            PlanListing.objects.filter(
                year=month.year, project_id__in=[p.pk for p in without_plan]
            ).values_list("project_id", "kind")
        )
    for project in without_plan:
        kind = kinds.get(project.pk)
        if kind == Listing.NEW_START and project.planned_start:
            out[project.pk] = [NodeDate("开工", project.planned_start, project.started_on)]
        if kind == Listing.COMPLETION and project.planned_completion:
            out[project.pk] = [
                NodeDate("建成投产", project.planned_completion, project.completed_on)
            ]
    return out


class _ListedProject(NamedTuple):
    """The columns of a listed project a light reads (a row, not a model instance: at
    province scale building 100,000 projects with their units was most of the time)."""

    pk: int
    kind: str
    plan: Decimal
    code: str
    name: str
    unit_id: int
    category_id: int
    planned_start: dt.date | None
    planned_completion: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None


def _trajectory_listings(month: Month, unit_ids: Sequence[int] | None) -> QuerySet[PlanListing]:
    """The year's listings that plan investment (the projects that get a light)."""
    listings = PlanListing.objects.filter(
        year=month.year, kind__in=TRAJECTORY_LISTINGS, planned_investment_wan__gt=0
    )
    if unit_ids is not None:
        listings = listings.filter(project__unit_id__in=unit_ids)
    return listings


def _listed_projects(
    listings: QuerySet[PlanListing], unit_ids: Sequence[int] | None
) -> tuple[list[_ListedProject], dict[int, Unit], dict[int, str]]:
    """The listings' projects as rows, by unit then code, with their units (for `label` and
    `kind`, fetched once rather than joined to every row) and category labels."""
    rows: Iterable[tuple[Any, ...]] = listings.order_by().values_list(
        "project_id",
        "kind",
        "planned_investment_wan",
        "project__code",
        "project__name",
        "project__unit_id",
        "project__category_id",
        "project__planned_start",
        "project__planned_completion",
        "project__started_on",
        "project__completed_on",
        "project__category__name",
    )
    width = len(_ListedProject._fields)
    projects = []
    categories: dict[int, str] = {}
    for values in rows:
        row = _ListedProject._make(values[:width])
        projects.append(row)
        if row.category_id not in categories:
            categories[row.category_id] = str(Category(pk=row.category_id, name=values[width]))
    # As order_by("project__unit", "project__code") sorted them: a unit sorts by its
    # Meta.ordering (plain ascending fields; codes are unique, so there are no ties).
    ordering = list(Unit._meta.ordering or ["pk"])
    unit_rows = Unit.objects.only("name", "short_name", "kind", *ordering)
    if unit_ids is not None:
        unit_rows = unit_rows.filter(pk__in=unit_ids)
    units = {unit.pk: unit for unit in unit_rows}
    unit_order = {pk: tuple(getattr(unit, f) for f in ordering) for pk, unit in units.items()}
    projects.sort(key=lambda p: (unit_order[p.unit_id], p.code))
    return projects, units, categories


def project_lights(
    month: Month, t: Thresholds, unit_ids: Sequence[int] | None, latest: dict[int, str]
) -> list[Light]:
    """A light for every project with planned investment this year: its approved investment
    against the trajectory of its planned investment, and its planned node dates."""
    listings = _trajectory_listings(month, unit_ids)
    projects, units, categories = _listed_projects(listings, unit_ids)
    reports = MonthlyReport.objects.filter(
        year=month.year, month__lte=month.month, status=ReportStatus.APPROVED
    )
    if unit_ids is not None:
        reports = reports.filter(project__unit_id__in=unit_ids)
    # order_by(): the reports' default ordering would join every row to its project.
    invested = dict(reports.order_by().values_list("project_id").annotate(s=Sum("investment_wan")))
    kinds = {p.pk: p.kind for p in projects}
    nodes = _node_dates(list(projects), month, kinds, listings.values("project_id"))
    as_of_day = month.last_day
    expected_from: dict[int, Decimal] = {}  # start month → expected share (one curve)
    out = []
    for project in projects:
        start = 1
        planned = project.planned_start
        if project.kind == Listing.NEW_START and planned and planned.year == month.year:
            start = planned.month
        expected = expected_from.get(start)
        if expected is None:
            expected = expected_from[start] = expected_share(t.shares, month.month, start)
        actual_value = invested.get(project.pk) or ZERO
        plan = project.plan
        actual = actual_value * HUNDRED / plan
        verdicts = [share_light(expected, actual, t)]
        if expected == 0:
            verdicts = [
                Verdict(Colour.GREEN, f"计划{start}月开工，尚未进入序时进度", t.share_rule_text)
            ]
        forecast = forecast_value(actual_value, expected)
        if (fv := forecast_light(forecast, plan, month.month, t)) is not None:
            verdicts.append(fv)
        project_nodes = nodes.get(project.pk)  # None: no planned node, so no node verdict
        if project_nodes and (nv := node_light(project_nodes, as_of_day, t)) is not None:
            verdicts.append(nv)
        out.append(
            _assemble(
                verdicts,
                kind=LightKind.PROJECT,
                object_id=project.pk,
                subject=project.code,
                subject_label=project.name,
                unit=units[project.unit_id],
                category_id=project.category_id,
                category_label=categories[project.category_id],
                expected=expected,
                actual=actual,
                t=t,
                quantity_unit="万元",
                target_value=plan,
                actual_value=actual_value,
                forecast=forecast,
                confidence=latest.get(project.pk, ""),
                nodes=overdue_nodes(project_nodes, as_of_day) if project_nodes else [],
            )
        )
    return out


def task_lights(month: Month, t: Thresholds, unit_ids: Sequence[int] | None) -> list[Light]:
    """Lights of the tasks, findings and decisions still open as of the month: red past the
    deadline, yellow when the lead unit reported no progress for the month, else green.

    A task has no trajectory, so expected/actual are 100/0 when it is overdue (the gap is the
    whole task) and 0/0 otherwise; the reasons say what decided the colour."""
    day = task_queries.reference_day(month)
    tasks = task_queries.open_tasks(month, list(unit_ids) if unit_ids is not None else None)
    reported = task_queries.progress_months([task.pk for task in tasks], month)
    out = []
    for task in tasks:
        overdue = task.deadline < day
        if overdue:
            verdict = Verdict(
                colour=Colour.RED,
                rule="任务逾期",
                reason=f"完成时限{task.deadline:%Y-%m-%d}，"
                f"已逾期{(day - task.deadline).days}天未销号",
            )
        elif task.pk not in reported and task.assigned_on < month.first_day:
            verdict = Verdict(
                colour=Colour.YELLOW, rule="本月未报进展", reason=f"{month.label}未报送任务进展"
            )
        else:
            verdict = Verdict(
                colour=Colour.GREEN,
                rule="按期推进",
                reason=f"完成时限{task.deadline:%Y-%m-%d}，按期推进",
            )
        out.append(
            _assemble(
                [verdict],
                unit=task.lead_unit,
                t=t,
                kind=LightKind.TASK,
                object_id=task.pk,
                subject=task.get_kind_display(),
                subject_label=task.title[:64],
                category_id=None,
                category_label=task.get_kind_display(),
                expected=HUNDRED if overdue else ZERO,
                actual=ZERO,
                quantity_unit="项",
                target_value=Decimal(1),
                actual_value=ZERO,
            )
        )
    return out


def _assemble(verdicts: list[Any], *, unit: Unit, t: Thresholds, **kw: Any) -> Light:
    """The light takes the worst colour of its verdicts and names the rule that decided it."""
    colour = Colour.worst(*[v.colour for v in verdicts])
    deciding = next(v for v in verdicts if v.colour == colour)
    light = Light(
        unit_id=unit.pk,
        unit_label=unit.label,
        unit_kind=unit.kind,
        colour=colour,
        rule=deciding.rule,
        rule_version=t.version,
        reasons=[v.reason for v in verdicts],
        **kw,
    )
    if light.confidence:  # without one there is nothing to disagree with
        light.disagreement = _disagreement(light.forecast_share, light.confidence, t)
    return light


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a computation allocates hundreds of
    thousands of objects that all stay alive (it only rescans them: a sixth of the time at
    province scale). Reference counting still frees as usual; any cycles are collected once
    the collector runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute_lights(month: Month, unit_ids: Sequence[int] | None = None) -> list[Light]:
    """Every light as of `month` (optionally for some units): the one computation behind the
    board, the explanation page, `duban lights` and the monthly snapshots."""
    with _collector_paused():
        t = thresholds_for(month)
        latest, project_units = _latest_confidence(month, unit_ids)
        unit_conf = _unit_confidence(project_units, latest)
        return (
            target_lights(month, t, unit_ids, unit_conf)
            + project_lights(month, t, unit_ids, latest)
            + task_lights(month, t, unit_ids)
        )


def compute_project_lights(month: Month, unit_ids: Sequence[int] | None = None) -> list[Light]:
    """The project lights of `compute_lights` alone, the same objects in the same order, for a
    reader that needs no target lights (the big screen's red projects): their progress
    aggregates are a third of the time at province scale."""
    with _collector_paused():
        t = thresholds_for(month)
        return project_lights(month, t, unit_ids, _latest_confidence(month, unit_ids)[0])


def visible_unit_ids(user: Viewer) -> list[int] | None:
    """None (all units) unless the user's role is limited to its own unit (via scope_for)."""
    if isinstance(user, AnonymousUser):
        return []  # nobody signed in sees no unit's lights
    if Unit.scope_for(user, "warning.view") is None:
        return None
    return list(restrict(Unit.objects.all(), user, "unit.view").values_list("pk", flat=True))


def lights_for(user: Viewer, month: Month) -> list[Light]:
    return compute_lights(month, visible_unit_ids(user))


def light_for(user: Viewer, kind: str, object_id: int, month: Month) -> Light | None:
    """One light within the user's scope, or None (the view answers 404)."""
    unit_ids = visible_unit_ids(user)
    if kind == LightKind.TARGET:
        unit_id = Target.objects.filter(pk=object_id).values_list("unit_id", flat=True).first()
    elif kind == LightKind.TASK:
        unit_id = Task.objects.filter(pk=object_id).values_list("lead_unit_id", flat=True).first()
    else:
        unit_id = Project.objects.filter(pk=object_id).values_list("unit_id", flat=True).first()
    if unit_id is None or (unit_ids is not None and unit_id not in unit_ids):
        return None
    for light in compute_lights(month, [unit_id]):
        if light.kind == kind and light.object_id == object_id:
            return light
    return None


def light_history(user: Viewer, kind: str, object_id: int, year: int) -> QuerySet[LightSnapshot]:
    return restrict(
        LightSnapshot.objects.filter(kind=kind, object_id=object_id, year=year),
        user,
        "warning.view",
    ).order_by("month")


# --- letters on the board ---------------------------------------------------


def overdue_letters(user: Viewer, on: dt.date | None = None) -> QuerySet[SupervisionLetter]:
    """Letters not answered by their deadline (still issued, or already escalated)."""
    on = on or today()
    return (
        restrict(SupervisionLetter.objects.select_related("unit"), user, "letter.view")
        .filter(Q(status=LetterStatus.ESCALATED) | Q(status=LetterStatus.ISSUED, deadline__lt=on))
        .order_by("deadline", "id")
    )


def filter_lights(lights: list[Light], filters: dict[str, Any]) -> list[Light]:
    """The board's filters over computed lights; worst first, then by unit and subject."""
    colour = filters.get("colour") or "warn"
    out = []
    for light in lights:
        if colour == "warn" and light.colour == Colour.GREEN:
            continue
        if colour in Colour.values and light.colour != colour:
            continue
        if (group := filters.get("group")) and light.unit_kind != group:
            continue
        if (unit := filters.get("unit")) and light.unit_id != unit.pk:
            continue
        if (category := filters.get("category")) and light.category_id != category.pk:
            continue
        if (kind := filters.get("kind")) and light.kind != kind:
            continue
        out.append(light)
    return sorted(out, key=lambda x: (-Colour.severity(x.colour), x.unit_label, x.subject))


def reference_day(month: Month, *, chosen: bool = True) -> dt.date:
    """The day "overdue" is judged on. Today, unless a month was chosen explicitly: then its
    last day when that is in the past (the board as it stood then)."""
    return min(month.last_day, today()) if chosen else today()


def colour_counts(lights: Iterable[Light]) -> dict[str, int]:
    counts = dict.fromkeys(Colour.values, 0)
    for light in lights:
        counts[light.colour] += 1
    return counts


# --- red projects, as the screen and the bulletin print them -------------------------------


def red_lights(month: Month) -> list[Light]:
    """Project lights that are red as of the month: the warning module's own computation, so
    the screen, the bulletin and the warning board never disagree (its project lights only:
    the target lights are not shown here). Worst gap first."""
    reds = [
        light
        for light in compute_project_lights(month)
        if light.kind == "project" and light.colour == "red"
    ]
    reds.sort(key=lambda light: (-light.gap, light.subject))
    return reds


def red_rows(reds: list[Light]) -> list[dict[str, Any]]:
    return [
        {
            "code": light.subject,
            "name": light.subject_label,
            "unit": light.unit_label,
            "category": light.category_label,
            "expected": format_quantity(
                quantize(light.target_value * light.expected / 100, 0), "万元"
            ),
            "actual": format_quantity(light.actual_value, "万元"),
            "share": percent_number(light.actual),  # 1 decimal: the number policy
            "reason": "；".join(light.reasons),
        }
        for light in reds
    ]


def red_projects(month: Month, limit: int = 12) -> list[dict[str, Any]]:
    """Projects with a red light as of the month (see `red_lights`), worst gap first."""
    return red_rows(red_lights(month)[:limit])
