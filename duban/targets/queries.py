"""Actual values of targets, computed from project records and reports (never typed twice).

Pages, exports, the screen and the scoring all read actuals through `progress_for` and
`unit_totals_many`, which compute every target of a list with one filtered aggregate per
source table, grouped by unit, so a table of hundreds of targets costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from duban.core.asof import Month
from duban.core.money import display_quantity
from duban.projects.choices import Listing
from duban.projects.models import Programme, Project
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.targets.choices import Comparator, MetricKind, RevisionStatus
from duban.targets.models import ZERO, ActualEntry, Target, TargetRevision

UnitTotals = dict[int | None, Decimal]  # unit id → actual; None → the district total


def _project_filter(target: Target, prefix: str = "") -> Q:
    q = Q()
    if target.category_id:
        q &= Q(**{f"{prefix}category_id": target.category_id})
    if target.strategic_only:
        q &= Q(**{f"{prefix}strategic_emerging": True})
    if target.foreign_only:
        q &= Q(**{f"{prefix}foreign_funded": True})
    if target.min_total_investment_wan:
        q &= Q(**{f"{prefix}total_investment_wan__gte": target.min_total_investment_wan})
    return q


def _by_unit(rows: Iterable[Mapping[str, object]], key: str, value: str) -> UnitTotals:
    totals: UnitTotals = {}
    grand = ZERO
    for row in rows:
        amount = Decimal(str(row[value] or 0))
        totals[row[key]] = amount  # type: ignore[index]
        grand += amount
    totals[None] = grand
    return totals


# Kinds measured on the project records alone (no join, so a plain COUNT is exact).
_PROJECT_DATE_FIELD: dict[str, str] = {
    MetricKind.NEW_STARTS: "started_on",
    MetricKind.NEW_START_INVESTMENT: "started_on",
    MetricKind.COMPLETIONS: "completed_on",
    MetricKind.COMPLETION_INVESTMENT: "completed_on",
}
_COUNTED = (MetricKind.NEW_STARTS, MetricKind.COMPLETIONS, MetricKind.NEW_LANDED)


def _year_end(target: Target, as_of: Month) -> Month:
    """The last month a target's actual counts: the as-of month within its year, never past
    the month it is due (a 上半年 target counts January to June)."""
    due = target.due_month or 12
    return Month(target.year, min(as_of.month, due) if as_of.year == target.year else due)


def _measured_projects(target: Target, as_of: Month) -> Q:
    """The projects a project-measured target counts (or sums) as of the month: its filters
    and, by kind, started / completed / signed-and-listed-as-landed within the year up to the
    month's end. The aggregates and the drill-down's list both use this one definition."""
    year, end = target.year, _year_end(target, as_of).last_day
    kind = target.metric.kind
    if kind == MetricKind.NEW_LANDED:
        when = Q(
            listings__year=year,
            listings__kind=Listing.NEW_LANDED,
            signed_on__gte=dt.date(year, 1, 1),
            signed_on__lte=end,
        )
    else:
        field = _PROJECT_DATE_FIELD[kind]
        when = Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lte": end})
    return _project_filter(target) & when


def unit_totals(target: Target, as_of: Month) -> UnitTotals:
    """The actual of target's metric and filters for every unit, as of the month's end."""
    return unit_totals_many([target], as_of)[target.pk]


def unit_totals_many(targets: Iterable[Target], as_of: Month) -> dict[int, UnitTotals]:
    """`unit_totals` of many targets: {target id: totals}.

    Targets measured on the same table share one aggregate with a filtered SUM/COUNT per
    target (one pass over the projects, one over the reports), so the cost does not grow with
    the number of targets: the scoring asks for all district targets of a month at once.
    """
    out: dict[int, UnitTotals] = {}
    on_projects: list[Target] = []
    on_reports: dict[tuple[int, int], list[Target]] = {}
    manual: list[Target] = []
    for target in targets:
        kind = target.metric.kind
        if as_of.year < target.year:
            out[target.pk] = {None: ZERO}
        elif kind in _PROJECT_DATE_FIELD:
            on_projects.append(target)
        elif kind == MetricKind.INVESTMENT_COMPLETED:
            on_reports.setdefault((target.year, _year_end(target, as_of).month), []).append(target)
        elif kind == MetricKind.NEW_LANDED:
            out[target.pk] = _landed_totals(target, as_of)
        else:
            manual.append(target)
    out.update(_manual_totals_many(manual, as_of))
    if on_projects:
        aggregates: dict[str, Count | Sum] = {}
        for target in on_projects:
            when = _measured_projects(target, as_of)
            aggregates[f"t{target.pk}"] = (
                Count("id", filter=when)
                if target.metric.kind in _COUNTED
                else Sum("total_investment_wan", filter=when)
            )
        rows = list(Project.objects.order_by().values("unit_id").annotate(**aggregates))
        for target in on_projects:
            out[target.pk] = _by_unit(rows, "unit_id", f"t{target.pk}")
    for (year, last_month), group in on_reports.items():
        sums = {
            f"t{target.pk}": Sum("investment_wan", filter=_project_filter(target, "project__"))
            for target in group
        }
        reports = MonthlyReport.objects.filter(
            year=year, month__lte=last_month, status=ReportStatus.APPROVED
        )
        rows = list(reports.order_by().values("project__unit_id").annotate(**sums))
        for target in group:
            out[target.pk] = _by_unit(rows, "project__unit_id", f"t{target.pk}")
    return out


def _landed_totals(target: Target, as_of: Month) -> UnitTotals:
    """新落地: projects listed as newly landed this year and signed by the month's end (the
    listing join is why this one counts distinct projects)."""
    rows = Project.objects.filter(_measured_projects(target, as_of))
    return _by_unit(rows.values("unit_id").annotate(v=Count("id", distinct=True)), "unit_id", "v")


def _manual_totals_many(targets: list[Target], as_of: Month) -> dict[int, UnitTotals]:
    """Manual metrics: each unit's latest year-to-date entry up to each target's last month
    (`_year_end`), for many targets from one read of the entries (it was two queries per
    target: the home page and the targets table showed a dozen such targets)."""
    if not targets:
        return {}
    wanted = {(target.metric_id, target.year) for target in targets}
    rows = ActualEntry.objects.filter(
        metric_id__in={metric for metric, _ in wanted},
        year__in={year for _, year in wanted},
        month__lte=max(_year_end(target, as_of).month for target in targets),
    )
    entries: dict[tuple[int, int], list[tuple[int, int, Decimal]]] = {}
    for metric_id, year, unit_id, month, value in rows.order_by().values_list(
        "metric_id", "year", "unit_id", "month", "value"
    ):
        if (metric_id, year) in wanted:
            entries.setdefault((metric_id, year), []).append((unit_id, month, value))
    out: dict[int, UnitTotals] = {}
    for target in targets:
        last = _year_end(target, as_of).month
        latest: dict[int, tuple[int, Decimal]] = {}
        for unit_id, month, value in entries.get((target.metric_id, target.year), ()):
            if month <= last and (unit_id not in latest or month > latest[unit_id][0]):
                latest[unit_id] = (month, value)
        if not latest:
            out[target.pk] = {None: ZERO}
            continue
        shown = sorted(latest.items(), key=lambda item: (item[1][0], item[0]))
        out[target.pk] = _by_unit(
            ({"unit_id": unit_id, "value": value} for unit_id, (_, value) in shown),
            "unit_id",
            "value",
        )
    return out


@dataclass(frozen=True)
class Progress:
    """A target beside its actual as of a month: what the tables, screen and scores show."""

    target: Target
    actual: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Completion rate in percent (actual / target); None when the target is zero."""
        if not self.target.value:
            return None
        return (self.actual / self.target.value * 100).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        if self.target.comparator == Comparator.AT_MOST:
            return self.actual <= self.target.value
        return self.actual >= self.target.value

    @property
    def target_text(self) -> str:
        return display_quantity(self.target.value, self.target.metric.unit)

    @property
    def actual_text(self) -> str:
        return display_quantity(self.actual, self.target.metric.unit)

    @property
    def bar_value(self) -> Decimal:
        rate = self.rate or ZERO
        return min(max(rate, ZERO), Decimal(100))


def progress_for(targets: Iterable[Target], as_of: Month) -> list[Progress]:
    """Actuals for many targets: one representative per distinct metric+filter signature goes
    to `unit_totals_many`, so a table of hundreds of targets costs a handful of queries."""
    targets = list(targets)
    representative: dict[tuple[object, ...], Target] = {}
    for target in targets:
        representative.setdefault((*target.filter_signature, target.year), target)
    totals = unit_totals_many(representative.values(), as_of)
    out = []
    for target in targets:
        by_unit = totals[representative[(*target.filter_signature, target.year)].pk]
        actual = by_unit.get(target.unit_id, ZERO) if target.unit_id else by_unit.get(None, ZERO)
        out.append(Progress(target, actual))
    return out


def targets_for_year(year: int) -> QuerySet[Target]:
    return Target.objects.filter(year=year).select_related(
        "metric", "category__programme", "unit", "programme",
        "parent__programme", "parent__category__programme",
    )  # fmt: skip


@dataclass(frozen=True)
class Decomposition:
    """A district target against the sum of its parts: shortfall when the parts fall short."""

    target: Target
    parts_sum: Decimal
    parts_count: int

    @property
    def gap(self) -> Decimal:
        return self.parts_sum - self.target.value

    @property
    def additive(self) -> bool:
        """Counts and amounts add up across units; rates and growth targets do not."""
        return self.target.comparator in (Comparator.AT_LEAST, Comparator.EQUAL) and (
            self.target.metric.unit != "%"
        )

    @property
    def shortfall(self) -> bool:
        return self.additive and self.parts_count > 0 and self.parts_sum < self.target.value

    @property
    def undecomposed(self) -> bool:
        return self.parts_count == 0


def decomposition_for(district_targets: Iterable[Target]) -> dict[int, Decomposition]:
    ids = [t.pk for t in district_targets]
    sums = {
        row["parent_id"]: (row["s"] or ZERO, row["n"])
        for row in Target.objects.filter(parent_id__in=ids)
        .values("parent_id")
        .annotate(s=Sum("value"), n=Count("id"))
    }
    return {t.pk: Decomposition(t, *sums.get(t.pk, (ZERO, 0))) for t in district_targets}


def revised_values(target_ids: Iterable[int]) -> dict[int, Decimal]:
    """The latest approved revised value (调整目标) of each target that has one; one query."""
    out: dict[int, Decimal] = {}
    rows = (
        TargetRevision.objects.filter(
            target_id__in=list(target_ids), status=RevisionStatus.APPROVED
        )
        .order_by("target_id", "approved_at", "id")
        .values_list("target_id", "revised_value")
    )
    for target_id, value in rows:
        out[target_id] = value  # later approvals overwrite earlier ones
    return out


def effective_value(target: Target, basis: str, revised: dict[int, Decimal]) -> Decimal:
    """The value a score compares against: the original (`Target.value`) or, when the method
    says "revised" and an approved revision exists, the revised value."""
    if basis == "revised" and target.pk in revised:
        return revised[target.pk]
    return target.value


def counted_projects(target: Target, as_of: Month) -> QuerySet[Project]:
    """The projects a count target's actual is made of (for drill-downs), as of the month:
    the rows `unit_totals` counts for NEW_STARTS, COMPLETIONS and NEW_LANDED; other kinds
    return no rows."""
    kind = target.metric.kind
    if as_of.year < target.year or kind not in _COUNTED:
        return Project.objects.none()
    projects = Project.objects.filter(_measured_projects(target, as_of))
    return projects.distinct() if kind == MetricKind.NEW_LANDED else projects


# The claimed facts (duban.claims) behind each kind of project-measured target: pages show
# their pending claims as pending, not counted until confirmed.
FACTS_OF_KIND: dict[str, tuple[str, ...]] = {
    MetricKind.NEW_STARTS: ("start", "field_change"),
    MetricKind.NEW_START_INVESTMENT: ("start", "field_change"),
    MetricKind.COMPLETIONS: ("completion", "field_change"),
    MetricKind.COMPLETION_INVESTMENT: ("completion", "field_change"),
    MetricKind.NEW_LANDED: ("signing", "landing", "field_change"),
}


def measured_projects(target: Target, as_of: Month) -> QuerySet[Project]:
    """The projects a project-measured target's actual is made of (counts and investment
    sums alike), as of the month; a unit's part lists that unit's projects only. The
    drill-down lists them with the confirmation behind each (duban.claims)."""
    kind = target.metric.kind
    if as_of.year < target.year or (kind not in _PROJECT_DATE_FIELD and kind not in _COUNTED):
        return Project.objects.none()
    projects = Project.objects.filter(_measured_projects(target, as_of))
    if kind == MetricKind.NEW_LANDED:  # only the listing join can repeat a project
        projects = projects.distinct()
    if target.unit_id:
        projects = projects.filter(unit_id=target.unit_id)
    return projects.with_relations().order_by("unit", "code")


def revised_values_for_year(year: int) -> dict[int, Decimal]:
    """Like `revised_values`, for every target of a year at once (no id list to send)."""
    out: dict[int, Decimal] = {}
    rows = (
        TargetRevision.objects.filter(target__year=year, status=RevisionStatus.APPROVED)
        .order_by("target_id", "approved_at", "id")
        .values_list("target_id", "revised_value")
    )
    for target_id, value in rows:
        out[target_id] = value
    return out


# --- the district's progress, as the screen and the bulletin print it ----------------------


def district_progress(month: Month, expected: Decimal) -> list[dict[str, Any]]:
    """The district's own targets against `expected`, the 序时进度 in percent. The caller reads
    it from the light rule in force (`duban.supervision.queries.trajectory`): one definition of
    the trajectory per month for lights, scores, the screen and the bulletins, so the screen
    never calls a target behind that the warning board shows green."""
    targets = Target.objects.filter(
        year=month.year, unit__isnull=True, category__isnull=True
    ).select_related("metric")
    rows = []
    for p in progress_for(targets, month):
        if p.target.comparator == "growth":
            continue
        rows.append(
            {
                # The screen and the bulletins print the title as it is: example data says so.
                "title": p.target.display_title + ("（示例）" if p.target.illustrative else ""),
                "illustrative": p.target.illustrative,
                "target": p.target_text,
                "actual": p.actual_text,
                "rate": float(p.rate or 0),
                "expected": float(expected),
                "behind": (p.rate or 0) < expected,
            }
        )
    return rows


def category_progress(month: Month) -> list[dict[str, Any]]:
    """New starts and completions per category against the district's category targets."""
    targets = list(
        Target.objects.filter(
            year=month.year,
            unit__isnull=True,
            category__isnull=False,
            strategic_only=False,
            foreign_only=False,
            metric__kind__in=["new_starts", "completions"],
        ).select_related("metric", "category")
    )
    by_cat: dict[str, dict[str, Any]] = {}
    for p in progress_for(targets, month):
        cat = p.target.category
        if cat is None:  # the query asked for category targets only
            continue
        row = by_cat.setdefault(
            cat.code, {"category": cat.name, "order": cat.sort_order, "items": {}}
        )
        row["items"][p.target.metric.kind] = {
            "target": float(p.target.value),
            "actual": float(p.actual),
            "rate": float(p.rate or 0),
        }
    return sorted(by_cat.values(), key=lambda r: r["order"])


@dataclass(frozen=True)
class ProgrammeGroup:
    """Rows of one programme (工程); `programme` None holds the district-wide totals that no
    programme owns (亿元以上项目新开工168个 spans them all)."""

    programme: Programme | None
    rows: list[Any]


def group_by_programme(
    rows: Iterable[Any], target_of: Callable[[Any], Target], *, every: bool = False
) -> list[ProgrammeGroup]:
    """Rows grouped under their target's programme, in the programmes' order, totals first;
    with `every`, programmes without rows are listed too (a programme of tasks only)."""
    by_programme: dict[int | None, list[Any]] = {}
    for row in rows:
        programme = target_of(row).programme_of
        by_programme.setdefault(programme.pk if programme else None, []).append(row)
    groups = []
    if None in by_programme:
        groups.append(ProgrammeGroup(None, by_programme[None]))
    for programme in Programme.objects.all():
        if programme.pk in by_programme or every:
            groups.append(ProgrammeGroup(programme, by_programme.get(programme.pk, [])))
    return groups


def programme_progress(month: Month, expected: Decimal) -> list[dict[str, Any]]:
    """Each programme (工程) with its district targets against the trajectory `expected` (the
    percent `duban.supervision.queries.trajectory` reads): how many, how many at or ahead of
    it, how many behind (growth targets, judged year on year, left out). Empty when the
    district has no programmes."""
    targets = (
        Target.objects.filter(year=month.year, unit__isnull=True)
        .exclude(comparator=Comparator.GROWTH)
        .select_related("metric", "category__programme", "programme")
    )
    out = []
    for group in group_by_programme(progress_for(targets, month), lambda p: p.target):
        if group.programme is None:
            continue
        behind = sum(1 for p in group.rows if (p.rate or 0) < expected)
        out.append(
            {
                "programme": group.programme.name,
                "targets": len(group.rows),
                "on_pace": len(group.rows) - behind,
                "behind": behind,
            }
        )
    return out


def programme_names(target_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Each target's programme as (order, name), for pages that group by programme; a target
    of no programme is left out."""
    out = {}
    rows = Target.objects.filter(pk__in=list(target_ids)).select_related(
        "programme", "category__programme", "parent__programme", "parent__category__programme"
    )
    for target in rows:
        programme = target.programme_of
        if programme is not None:
            out[target.pk] = (programme.sort_order, programme.name)
    return out
