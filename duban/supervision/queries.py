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
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
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
from duban.targets.queries import unit_totals_many
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


def trajectory(month: Month) -> tuple[Decimal, str]:
    """序时进度: the percent of the year's target expected by the month's end, and the name of
    the curve it is read from. The one definition per month that the lights (`target_lights`
    reads the same `thresholds_for(month)` curve) and the scores (`duban.assessment.items`)
    share, so a unit is never green on a light and behind in its score for the same pace."""
    t = thresholds_for(month)
    return Decimal(expected_share(t.shares, month.month)), t.curve_name


@dataclass(slots=True)
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


# Confidence levels as small codes, so one MAX over month * 10 + code picks each project's
# latest reported confidence in the same pass that sums its investment (a project has one
# report a month: `reports_one_report_a_month`).
_CONFIDENCE_CODE = {Confidence.LOW: 1, Confidence.MEDIUM: 2, Confidence.HIGH: 3}
_CONFIDENCE_OF_CODE = {code: str(c) for c, code in _CONFIDENCE_CODE.items()}


def _report_figures(
    month: Month, unit_ids: Sequence[int] | None
) -> tuple[dict[int, Decimal], dict[int, str]]:
    """Each project's approved investment of the year up to the month (a project with none
    is left out) and its latest reported confidence (submitted or approved; a project that
    never gave one is left out): one aggregate over the reports, grouped by project, instead
    of one pass for the sums and another for the confidences."""
    reports = MonthlyReport.objects.filter(
        year=month.year,
        month__lte=month.month,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
    )
    if unit_ids is not None:
        reports = reports.filter(project__unit_id__in=unit_ids)
    coded = Case(
        *(When(confidence=c, then=Value(code)) for c, code in _CONFIDENCE_CODE.items()),
        default=None,
        output_field=IntegerField(),
    )
    rows = (
        reports.order_by()  # the default ordering would join every row to its project
        .values_list("project_id")
        .annotate(
            invested=Sum("investment_wan", filter=Q(status=ReportStatus.APPROVED)),
            latest=Max(F("month") * 10 + coded, output_field=IntegerField()),
        )
    )
    invested: dict[int, Decimal] = {}
    latest: dict[int, str] = {}
    for project_id, amount, code in rows:
        if amount is not None:
            invested[project_id] = amount
        if code is not None:
            latest[project_id] = _CONFIDENCE_OF_CODE[code % 10]
    return invested, latest


def _unit_confidence(latest: dict[int, str], unit_ids: Sequence[int] | None) -> dict[int, str]:
    """A unit's confidence: the most common among its projects' latest, ties to the lower."""
    if not latest:
        return {}
    projects = Project.objects.order_by()
    if unit_ids is not None:
        projects = projects.filter(unit_id__in=unit_ids)
    votes: dict[int, Counter[str]] = {}
    for project_id, unit_id in projects.values_list("pk", "unit_id"):
        confidence = latest.get(project_id)
        if confidence is not None:
            votes.setdefault(unit_id, Counter())[confidence] += 1
    return {
        unit_id: max(CONFIDENCE_ORDER, key=lambda c: (count[c], -CONFIDENCE_ORDER.index(c)))
        for unit_id, count in votes.items()
    }


class _TargetRow(NamedTuple):
    """The columns of a unit target a light reads (a row: building 10,000 targets with their
    metrics, units and categories as model instances was most of the target lights' time)."""

    pk: int
    unit_id: int
    value: Decimal
    title: str
    illustrative: bool
    unit_short_name: str
    unit_name: str
    unit_kind: str
    # `Target.filter_signature` and the year: the targets that share an aggregate
    metric_id: int
    category_id: int | None
    strategic_only: bool
    foreign_only: bool
    min_total_investment_wan: Decimal | None
    due_month: int
    year: int


_TARGET_COLUMNS = tuple(
    {
        "unit_short_name": "unit__short_name",
        "unit_name": "unit__name",
        "unit_kind": "unit__kind",
    }.get(name, name)
    for name in _TargetRow._fields
)


def _target_actuals(rows: list[_TargetRow], month: Month) -> tuple[list[Decimal], list[Target]]:
    """Each row's actual as `progress_for` computes it (one target per signature stands for
    its siblings in `unit_totals_many`, the unit's total is read off its totals), and the
    target standing for each row (its metric and category loaded), which the rows' labels are
    read from."""
    first: dict[tuple[Any, ...], int] = {}
    for row in rows:
        first.setdefault(row[8:], row.pk)
    stand_ins = Target.objects.select_related("metric", "category").in_bulk(first.values())
    totals = unit_totals_many(stand_ins.values(), month)
    of_row = [stand_ins[first[row[8:]]] for row in rows]
    actuals = [totals[s.pk].get(row.unit_id, ZERO) for row, s in zip(rows, of_row, strict=True)]
    return actuals, of_row


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
    columns = targets.order_by("unit", "id").values_list(*_TARGET_COLUMNS)
    rows = [_TargetRow._make(values) for values in columns]
    actuals, stand_ins = _target_actuals(rows, month)
    expected = expected_share(t.shares, month.month)
    titles: dict[int, str] = {}  # a stand-in's title when the plan gave none, by its pk
    out = []
    for row, progress_actual, stand_in in zip(rows, actuals, stand_ins, strict=True):
        title = row.title
        if not title:
            title = titles.get(stand_in.pk, "")
            if not title:
                title = titles[stand_in.pk] = _untitled(stand_in).display_title
        actual = progress_actual * HUNDRED / row.value
        verdicts = [share_light(expected, actual, t)]
        forecast = forecast_value(progress_actual, expected)
        if (fv := forecast_light(forecast, row.value, month.month, t)) is not None:
            verdicts.append(fv)
        out.append(
            _assemble(
                verdicts,
                kind=LightKind.TARGET,
                object_id=row.pk,
                subject=stand_in.metric.code,
                subject_label=title,
                unit_id=row.unit_id,
                unit_label=row.unit_short_name or row.unit_name,
                unit_kind=row.unit_kind,
                category_id=row.category_id,
                category_label=str(stand_in.category) if stand_in.category else "",
                expected=expected,
                actual=actual,
                t=t,
                quantity_unit=stand_in.metric.unit,
                target_value=row.value,
                actual_value=progress_actual,
                forecast=forecast,
                confidence=unit_conf.get(row.unit_id, ""),
                illustrative=row.illustrative,
            )
        )
    return out


def _untitled(target: Target) -> Target:
    """A copy of `target` without its own wording, whose `display_title` is the one built
    from the metric and filters that every target of the same signature shares."""
    return Target(
        metric=target.metric,
        category=target.category,
        strategic_only=target.strategic_only,
        foreign_only=target.foreign_only,
        min_total_investment_wan=target.min_total_investment_wan,
    )


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


class _DatedProject(NamedTuple):
    """The dates of a project listed to start or to complete this year: the start month of
    its trajectory and the nodes it falls back to without a node plan (`_node_dates`)."""

    pk: int
    planned_start: dt.date | None
    planned_completion: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None


# The listings whose projects' dates a light reads (`_DatedProject`); a continuing project's
# dates decide nothing, so its 100,000 rows are not converted for nothing.
_DATED_LISTINGS = (Listing.NEW_START, Listing.COMPLETION)


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
) -> tuple[
    list[_ListedProject], dict[int, _DatedProject], dict[int, tuple[str, str]], dict[int, str]
]:
    """The listings' projects as rows, by unit then code; the dates of those listed to start
    or complete; each unit's label and kind (fetched once rather than joined to every row);
    the category labels."""
    rows: Iterable[tuple[Any, ...]] = listings.order_by().values_list(
        "project_id",
        "kind",
        "planned_investment_wan",
        "project__code",
        "project__name",
        "project__unit_id",
        "project__category_id",
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
    dated_rows = (
        listings.filter(kind__in=_DATED_LISTINGS)
        .order_by()
        .values_list(
            "project_id",
            "project__planned_start",
            "project__planned_completion",
            "project__started_on",
            "project__completed_on",
        )
    )
    dated = {values[0]: _DatedProject._make(values) for values in dated_rows}
    # As order_by("project__unit", "project__code") sorted them: a unit sorts by its
    # Meta.ordering (plain ascending fields; codes are unique, so there are no ties).
    ordering = list(Unit._meta.ordering or ["pk"])
    unit_rows = Unit.objects.only("name", "short_name", "kind", *ordering)
    if unit_ids is not None:
        unit_rows = unit_rows.filter(pk__in=unit_ids)
    units = {}
    unit_order = {}
    for unit in unit_rows:
        units[unit.pk] = (unit.label, unit.kind)
        unit_order[unit.pk] = tuple(getattr(unit, f) for f in ordering)
    rank = {pk: i for i, pk in enumerate(sorted(unit_order, key=unit_order.__getitem__))}
    projects.sort(key=lambda p: (rank[p.unit_id], p.code))
    return projects, dated, units, categories


def project_lights(
    month: Month,
    t: Thresholds,
    unit_ids: Sequence[int] | None,
    invested: dict[int, Decimal],
    latest: dict[int, str],
) -> list[Light]:
    """A light for every project with planned investment this year: its approved investment
    (`invested`, from `_report_figures`) against the trajectory of its planned investment,
    and its planned node dates.

    A province has 100,000 of them, so the loop does only what differs from one project to
    the next: a verdict depends on a few shown figures (the start month and the shown actual
    percentage for the pace; the shown forecast ratio for the forecast), so each distinct one
    is built once by the rule function itself and shared by the lights that show the same
    figures (verdicts are frozen); the light is then built as `_assemble` builds it."""
    listings = _trajectory_listings(month, unit_ids)
    projects, dated, units, categories = _listed_projects(listings, unit_ids)
    kinds = {pk: kind for pk, kind, *_ in projects}
    nodes = _node_dates(list(dated.values()), month, kinds, listings.values("project_id"))
    as_of_day = month.last_day
    expected_from: dict[int, Decimal] = {}  # start month → expected share (one curve)
    paces: dict[tuple[int, Decimal], Verdict] = {}  # (start, shown actual) → share verdict
    forecasts: dict[Decimal, Verdict | None] = {}  # shown forecast ratio → forecast verdict
    forecasting = month.month >= t.forecast_from_month
    severity = {colour: Colour.severity(colour) for colour in Colour.values}
    version = t.version
    new_start = Listing.NEW_START
    out: list[Light] = []
    append = out.append
    for pk, kind, plan, code, name, unit_id, category_id in projects:
        start = 1
        if kind == new_start:
            planned = dated[pk].planned_start
            if planned and planned.year == month.year:
                start = planned.month
        expected = expected_from.get(start)
        if expected is None:
            expected = expected_from[start] = expected_share(t.shares, month.month, start)
        actual_value = invested.get(pk) or ZERO
        actual = actual_value * HUNDRED / plan
        key = (start, pct(actual))
        pace = paces.get(key)
        if pace is None:
            if expected == 0:
                pace = Verdict(
                    Colour.GREEN, f"计划{start}月开工，尚未进入序时进度", t.share_rule_text
                )
            else:
                pace = share_light(expected, actual, t)
            paces[key] = pace
        deciding = pace
        reasons = [pace.reason]
        forecast = forecast_value(actual_value, expected)
        if forecasting and forecast is not None and plan > 0:
            ratio = pct(forecast * HUNDRED / plan)  # what `forecast_light` judges
            if ratio in forecasts:
                fv = forecasts[ratio]
            else:
                fv = forecasts[ratio] = forecast_light(forecast, plan, month.month, t)
            if fv is not None:
                reasons.append(fv.reason)
                if severity[fv.colour] > severity[deciding.colour]:
                    deciding = fv  # the first verdict of the worst colour decides
        project_nodes = nodes.get(pk)  # None: no planned node, so no node verdict
        late: list[OverdueNode] = []
        if project_nodes:
            if (nv := node_light(project_nodes, as_of_day, t)) is not None:
                reasons.append(nv.reason)
                if severity[nv.colour] > severity[deciding.colour]:
                    deciding = nv
            late = overdue_nodes(project_nodes, as_of_day)
        unit_label, unit_kind = units[unit_id]
        light = Light(
            LightKind.PROJECT,
            pk,
            code,
            name,
            unit_id,
            unit_label,
            unit_kind,
            category_id,
            categories[category_id],
            deciding.colour,
            expected,
            actual,
            deciding.rule,
            version,
            reasons,
            "万元",
            plan,
            actual_value,
            forecast,
            latest.get(pk, ""),
            "",
            late,
        )
        if light.confidence:  # without one there is nothing to disagree with
            light.disagreement = _disagreement(light.forecast_share, light.confidence, t)
        append(light)
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
                unit_id=task.lead_unit.pk,
                unit_label=task.lead_unit.label,
                unit_kind=task.lead_unit.kind,
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


def _assemble(verdicts: list[Verdict], *, t: Thresholds, **kw: Any) -> Light:
    """The light takes the worst colour of its verdicts and names the rule that decided it."""
    if len(verdicts) == 1:
        deciding = verdicts[0]
        colour = deciding.colour
    else:
        colour = Colour.worst(*[v.colour for v in verdicts])
        deciding = next(v for v in verdicts if v.colour == colour)
    light = Light(
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
        invested, latest = _report_figures(month, unit_ids)
        unit_conf = _unit_confidence(latest, unit_ids)
        return (
            target_lights(month, t, unit_ids, unit_conf)
            + project_lights(month, t, unit_ids, invested, latest)
            + task_lights(month, t, unit_ids)
        )


def compute_project_lights(month: Month, unit_ids: Sequence[int] | None = None) -> list[Light]:
    """The project lights of `compute_lights` alone, the same objects in the same order, for a
    reader that needs no target lights (the big screen's red projects): their progress
    aggregates are a third of the time at province scale."""
    with _collector_paused():
        t = thresholds_for(month)
        return project_lights(month, t, unit_ids, *_report_figures(month, unit_ids))


def visible_unit_ids(user: Viewer) -> list[int] | None:
    """None (all units) unless the user's role is limited to its own unit (via scope_for)."""
    if isinstance(user, AnonymousUser):
        return []  # nobody signed in sees no unit's lights
    if Unit.scope_for(user, "warning.view") is None:
        return None
    return list(restrict(Unit.objects.all(), user, "unit.view").values_list("pk", flat=True))


def light_payload(light: Light) -> dict[str, Any]:
    """What a snapshot keeps of a light beyond its own columns, so `stored_lights` gives the
    board the same light back (decimals as strings: JSON has no exact decimals)."""
    return {
        "subject_label": light.subject_label,
        "unit_label": light.unit_label,
        "unit_kind": light.unit_kind,
        "category_id": light.category_id,
        "category_label": light.category_label,
        "expected": str(light.expected),
        "actual": str(light.actual),
        "rule": light.rule,
        "reasons": light.reasons,
        "quantity_unit": light.quantity_unit,
        "target_value": str(light.target_value),
        "actual_value": str(light.actual_value),
        "forecast": None if light.forecast is None else str(light.forecast),
        "confidence": light.confidence,
        "disagreement": light.disagreement,
        "nodes": [[n.name, n.planned.isoformat(), n.days] for n in light.nodes],
        "illustrative": light.illustrative,
    }


def _from_snapshot(
    kind: str, object_id: int, subject: str, unit_id: int, colour: str, rule_version: str, p: Any
) -> Light:
    forecast = p.get("forecast")
    return Light(
        kind=kind,
        object_id=object_id,
        subject=subject,
        subject_label=p["subject_label"],
        unit_id=unit_id,
        unit_label=p["unit_label"],
        unit_kind=p["unit_kind"],
        category_id=p["category_id"],
        category_label=p["category_label"],
        colour=colour,
        expected=Decimal(p["expected"]),
        actual=Decimal(p["actual"]),
        rule=p["rule"],
        rule_version=rule_version,
        reasons=list(p["reasons"]),
        quantity_unit=p["quantity_unit"],
        target_value=Decimal(p["target_value"]),
        actual_value=Decimal(p["actual_value"]),
        forecast=None if forecast is None else Decimal(forecast),
        confidence=p["confidence"],
        disagreement=p["disagreement"],
        nodes=[OverdueNode(n, dt.date.fromisoformat(d), days) for n, d, days in p["nodes"]],
        illustrative=p["illustrative"],
    )


def stored_lights(month: Month, unit_ids: Sequence[int] | None = None) -> list[Light] | None:
    """The month's lights as last stored (one query), or None when the month has no stored
    lights with their details (never computed, or stored before snapshots kept them): the
    caller then computes them. Same order as `compute_lights`: targets, projects, tasks."""
    rows = LightSnapshot.objects.filter(year=month.year, month=month.month)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    fields = ("kind", "object_id", "subject", "unit_id", "colour", "rule_version", "payload")
    lights = []
    with _collector_paused():
        for row in rows.order_by("pk").values_list(*fields):
            if not row[-1]:
                return None  # stored before snapshots kept the details: not enough to show
            lights.append(_from_snapshot(*row))
    if not lights:
        # A unit with no lights and a month never stored look alike: ask about the month.
        stored = LightSnapshot.objects.filter(year=month.year, month=month.month)
        return [] if unit_ids is not None and stored.exists() else None
    order: dict[str, int] = {LightKind.TARGET: 0, LightKind.PROJECT: 1, LightKind.TASK: 2}
    lights.sort(key=lambda light: order.get(light.kind, 3))  # stable: keeps each kind's order
    return lights


def month_stored(month: Month) -> bool:
    """Whether the month's lights are stored with their details (a row stored before the
    board's columns existed has no severity): one query, two look-ups in the board's index;
    no row at all when the month was never stored."""
    rows = LightSnapshot.objects.filter(year=month.year, month=month.month).order_by()
    bare = rows.filter(severity__isnull=True)
    return list(rows.values_list(Exists(bare))[:1]) == [(False,)]


# The board lists this many overdue-node lights at most (the worst first), and says how many.
BOARD_NODE_LIMIT = 100


@dataclass
class StoredBoard:
    """The warning board as read from stored lights: only the page shown is built."""

    counts: dict[str, int]
    rows: QuerySet[LightSnapshot]  # filtered, worst first (page it, then `as_lights`)
    total: int | None  # the rows' count when the counts already tell it, else None
    node_rows: list[Light]  # the worst `BOARD_NODE_LIMIT` with overdue nodes
    node_total: int


_SNAPSHOT_FIELDS = ("kind", "object_id", "subject", "unit_id", "colour", "rule_version", "payload")
# Worst first, then by unit and subject, as `filter_lights` sorts computed lights; the board's
# index (`supervision_snap_board_idx`) is in this order.
_BOARD_ORDER = ("-severity", "unit_label", "subject", "pk")


def as_lights(rows: Iterable[LightSnapshot]) -> list[Light]:
    return [
        _from_snapshot(
            r.kind, r.object_id, r.subject, r.unit_id, r.colour, r.rule_version, r.payload
        )
        for r in rows
    ]


def stored_board(
    month: Month, unit_ids: Sequence[int] | None, filters: dict[str, Any]
) -> StoredBoard | None:
    """`filter_lights` and `colour_counts` done by the database over the stored lights, so
    the board costs the same few queries for ten lights or a province's 110,000, each read
    from the board's index (counts and paging never read the rows, a page reads its hundred);
    None when the month was never stored with details (the board then computes, as before)."""
    if not month_stored(month):
        return None
    base = LightSnapshot.objects.filter(year=month.year, month=month.month)
    if unit_ids is not None:
        base = base.filter(unit_id__in=unit_ids)
    counts = dict.fromkeys(Colour.values, 0)
    colour_of = {Colour.severity(c): c for c in Colour.values}
    for severity, n in base.values_list("severity").annotate(n=Count("pk")).order_by():
        counts[colour_of[severity]] = n
    rows = base
    narrowed = False
    if (group := filters.get("group")) is not None and group:
        rows = rows.filter(unit_id__in=Unit.objects.filter(kind=group).values("pk"))
        narrowed = True
    if unit := filters.get("unit"):
        rows, narrowed = rows.filter(unit_id=unit.pk), True
    if category := filters.get("category"):
        rows, narrowed = rows.filter(category_ref=category.pk), True
    if kind := filters.get("kind"):
        rows, narrowed = rows.filter(kind=kind), True
    with_nodes = rows.filter(has_late_nodes=True)
    colour = filters.get("colour") or "warn"
    if colour == "warn":  # a range of the index, not a list, so its order serves the page
        rows = rows.filter(severity__gt=Colour.severity(Colour.GREEN))
        shown = [c for c in Colour.values if c != Colour.GREEN]
    elif colour in Colour.values:
        rows = rows.filter(severity=Colour.severity(colour))
        shown = [colour]
    else:  # "all"
        shown = list(Colour.values)
    nodes = as_lights(with_nodes.only(*_SNAPSHOT_FIELDS).order_by(*_BOARD_ORDER)[:BOARD_NODE_LIMIT])
    return StoredBoard(
        counts=counts,
        rows=rows.only(*_SNAPSHOT_FIELDS).order_by(*_BOARD_ORDER),
        total=None if narrowed else sum(counts[c] for c in shown),
        node_rows=nodes,
        node_total=len(nodes) if len(nodes) < BOARD_NODE_LIMIT else with_nodes.count(),
    )


def lights_for(user: Viewer, month: Month) -> list[Light]:
    """The lights the user may see as of the month: stored ones (refreshed whenever a report,
    node, target or rule changes, and by `duban compute-lights`), computed only for a month
    that was never stored."""
    unit_ids = visible_unit_ids(user)
    stored = stored_lights(month, unit_ids)
    return stored if stored is not None else compute_lights(month, unit_ids)


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


def red_lights(
    month: Month, limit: int | None = None, *, count: bool = True
) -> tuple[int, list[Light]]:
    """How many project lights are red as of the month, and the worst `limit` of them (all
    when None): the warning module's own lights (stored, or computed for a month never
    stored), so the screen, the bulletin and the warning board never disagree (its project
    lights only: the target lights are not shown here). Worst gap first. With count=False
    the stored ones are not counted (the count given is then the rows')."""
    if month_stored(month):  # the database picks the red ones, worst gap first
        rows = LightSnapshot.objects.filter(
            year=month.year,
            month=month.month,
            kind=LightKind.PROJECT,
            severity=Colour.severity(Colour.RED),
        )
        ordered = rows.only(*_SNAPSHOT_FIELDS).order_by("-gap", "subject")
        reds = as_lights(ordered if limit is None else ordered[:limit])
        return rows.count() if count else len(reds), reds
    lights = compute_project_lights(month)
    reds = [light for light in lights if light.kind == "project" and light.colour == "red"]
    reds.sort(key=lambda light: (-light.gap, light.subject))
    return len(reds), reds if limit is None else reds[:limit]


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
    return red_rows(red_lights(month, limit, count=False)[1])
