"""Named reads of monthly reports, used by the pages, the `duban reports` command, the
assessment (月报及时率) and the warnings alike. Each list costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.utils import timezone

from duban.core.actors import Viewer
from duban.core.asof import Month, today
from duban.core.evidence import EvidenceKind
from duban.core.scoping import restrict
from duban.files.models import Attachment
from duban.orgs.models import Unit
from duban.projects.choices import Listing
from duban.projects.models import PlanListing, Project, ProjectNode
from duban.reports.choices import ReportStatus
from duban.reports.flags import Figures, Flag, Thresholds, flags_for
from duban.reports.models import MonthlyReport, ReportingWindow

# Projects listed in these ways owe a report every month of the year; 储备 projects are not
# yet under way and 新落地 (招商) projects are tracked by their signing, not by monthly reports.
REPORTING_LISTINGS = (Listing.NEW_START, Listing.CONTINUING, Listing.COMPLETION)
ZERO = Decimal(0)


def _month(value: Month | str) -> Month:
    return value if isinstance(value, Month) else Month.parse(str(value))


def default_due_date(year: int, month: int) -> dt.date:
    nxt = Month(year, month).next()
    day = min(max(int(settings.DUBAN_REPORT_DUE_DAY), 1), nxt.last_day.day)
    return dt.date(nxt.year, nxt.month, day)


def due_date(year: int, month: int) -> dt.date:
    """The due date of a month's reports: 发改局's window if set, else the default day of the
    next month (DUBAN_REPORT_DUE_DAY)."""
    window = ReportingWindow.objects.filter(year=year, month=month).first()
    return window.due_on if window else default_due_date(year, month)


def due_dates(year: int) -> dict[int, dt.date]:
    """All twelve due dates of a year in one query."""
    windows = dict(ReportingWindow.objects.filter(year=year).values_list("month", "due_on"))
    return {m: windows.get(m) or default_due_date(year, m) for m in range(1, 13)}


def deadline(due: dt.date) -> dt.datetime:
    """The end of the due day in Asia/Shanghai: a report stamped before this is on time."""
    return timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min))


def is_late_at(first_submitted_at: dt.datetime | None, due: dt.date, on: dt.date) -> bool:
    if first_submitted_at is not None:
        return first_submitted_at >= deadline(due)
    return on > due


def is_late(report: MonthlyReport) -> bool:
    """Late: first submitted after the due day, or still not submitted once it has passed."""
    return is_late_at(report.first_submitted_at, due_date(report.year, report.month), today())


def owed_projects(year: int, month: int) -> QuerySet[Project]:
    """Projects that owe a report for the month: listed in that year's plan as under way, and
    in the ledger's plan by the month's end (a project added later owes from its own month on,
    so a published month never gains owed reports afterwards)."""
    end = Month(year, month).last_day
    return Project.objects.filter(
        listings__year=year, listings__kind__in=REPORTING_LISTINGS, listings__listed_on__lte=end
    )


def missing_reports(unit: Unit | int, month: Month | str) -> QuerySet[Project]:
    """A unit's projects owing a report for the month that has never been submitted."""
    m = _month(month)
    unit_id = unit if isinstance(unit, int) else unit.pk
    submitted = MonthlyReport.objects.filter(
        year=m.year, month=m.month, first_submitted_at__isnull=False
    ).values("project_id")
    return (
        owed_projects(m.year, m.month)
        .filter(unit_id=unit_id)
        .exclude(pk__in=submitted)
        .order_by("code")
    )


def timeliness_by_unit(year: int, month: int) -> dict[int, tuple[int, int]]:
    """{unit id: (reports first submitted by the deadline, reports due)} for every unit that
    owes reports that month: the input of 月报及时率."""
    limit = deadline(due_date(year, month))
    # One pass over the owed projects, each joined to its report of the month if any. A
    # project has at most one plan listing a year (projects_one_listing_a_year) and one report
    # a month, so no row repeats and plain counts are exact (no DISTINCT sort).
    rows = (
        owed_projects(year, month)
        .annotate(
            this_month=FilteredRelation(
                "monthly_reports",
                condition=Q(monthly_reports__year=year, monthly_reports__month=month),
            )
        )
        .order_by()
        .values("unit_id")
        .annotate(
            due=Count("id"),
            on_time=Count("this_month", filter=Q(this_month__first_submitted_at__lt=limit)),
        )
    )
    return {row["unit_id"]: (row["on_time"], row["due"]) for row in rows}


@dataclass
class UnitMonth:
    """One unit's line of the month overview."""

    unit: Unit
    owed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    late: int = 0

    @property
    def missing(self) -> int:
        filed = sum(self.by_status.get(s, 0) for s in ReportStatus.values if s != "draft")
        return max(self.owed - filed, 0)

    @property
    def approved(self) -> int:
        return self.by_status.get(ReportStatus.APPROVED, 0)

    @property
    def submitted(self) -> int:
        return self.by_status.get(ReportStatus.SUBMITTED, 0)

    @property
    def returned(self) -> int:
        return self.by_status.get(ReportStatus.RETURNED, 0)

    @property
    def draft(self) -> int:
        return self.by_status.get(ReportStatus.DRAFT, 0)


def month_overview(user: Viewer, month: Month) -> list[UnitMonth]:
    """Per unit in the user's scope: owed, by status, late and missing (four queries)."""
    units = restrict(Unit.objects.all(), user, "report.view")
    owed = dict(
        owed_projects(month.year, month.month)
        .filter(unit__in=units)
        .values("unit_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("unit_id", "n")
    )
    rows = {u.pk: UnitMonth(unit=u, owed=owed.get(u.pk, 0)) for u in units if u.pk in owed}
    reports = restrict(MonthlyReport.objects.all(), user, "report.view").filter(
        year=month.year, month=month.month, project__unit_id__in=list(rows)
    )
    for row in reports.values("project__unit_id", "status").annotate(n=Count("id")):
        rows[row["project__unit_id"]].by_status[row["status"]] = row["n"]
    due = due_date(month.year, month.month)
    limit = deadline(due)
    late_q = Q(first_submitted_at__gte=limit)
    late = dict(
        reports.filter(late_q)
        .values("project__unit_id")
        .annotate(n=Count("id"))
        .values_list("project__unit_id", "n")
    )
    for unit_id, unit_month in rows.items():
        unit_month.late = late.get(unit_id, 0) + (unit_month.missing if today() > due else 0)
    return list(rows.values())


def review_queue(user: Viewer, month: Month | None = None) -> QuerySet[MonthlyReport]:
    """Submitted reports this user may review (a reviewer: its led categories; 发改局: all)."""
    qs = restrict(MonthlyReport.objects.all(), user, "report.review").filter(
        status=ReportStatus.SUBMITTED
    )
    if month is not None:
        qs = qs.filter(year=month.year, month=month.month)
    return qs.select_related("project", "project__unit", "project__category").order_by(
        "project__unit__sort_order", "project__code"
    )


PHOTO_KINDS = (EvidenceKind.JPEG, EvidenceKind.PNG, EvidenceKind.GIF, EvidenceKind.WEBP)


@dataclass(frozen=True)
class QueueRow:
    """One submitted report in the reviewer's queue, with its figures and warnings."""

    report: MonthlyReport
    figures: Figures
    flags: tuple[Flag, ...]
    late: bool

    @property
    def clean(self) -> bool:
        """No warning: may be approved with every other clean report in one action."""
        return not self.flags


def review_rows(user: Any, month: Month, *, ids: Collection[int] | None = None) -> list[QueueRow]:
    """The month's review queue with each report's figures (this month, last month, year to
    date, plan, evidence) and warnings (flags.py). Six queries for any number of reports;
    `ids` narrows it to the reports a batch names (still only those the user may review)."""
    qs = review_queue(user, month)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    reports = list(qs[: settings.DUBAN_REVIEW_BATCH_MAX])
    if not reports:
        return []
    projects = [r.project_id for r in reports]
    previous = month.previous()
    last = dict(
        MonthlyReport.objects.filter(
            project_id__in=projects,
            year=previous.year,
            month=previous.month,
            first_submitted_at__isnull=False,
        ).values_list("project_id", "investment_wan")
    )
    to_date = dict(
        MonthlyReport.objects.filter(
            project_id__in=projects, year=month.year, month__lte=month.month
        )
        .order_by()
        .values("project_id")
        .annotate(v=Sum("investment_wan"))
        .values_list("project_id", "v")
    )
    planned = dict(
        PlanListing.objects.filter(project_id__in=projects, year=month.year).values_list(
            "project_id", "planned_investment_wan"
        )
    )
    photos: dict[int, int] = defaultdict(int)
    files: dict[int, int] = defaultdict(int)
    for report_id, kind, n in (
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(MonthlyReport),
            owner_id__in=[r.pk for r in reports],
        )
        .order_by()
        .values("owner_id", "kind")
        .annotate(n=Count("id"))
        .values_list("owner_id", "kind", "n")
    ):
        files[report_id] += n
        if kind in PHOTO_KINDS:
            photos[report_id] += n
    thresholds = Thresholds.from_settings()
    due = due_date(month.year, month.month)
    on = today()
    rows = []
    for r in reports:
        figures = Figures(
            this_month_wan=r.investment_wan,
            last_month_wan=last.get(r.project_id),
            year_to_date_wan=to_date.get(r.project_id) or r.investment_wan,
            planned_wan=planned.get(r.project_id),
            photos=photos[r.pk],
            files=files[r.pk],
            confidence=r.confidence,
        )
        rows.append(
            QueueRow(
                report=r,
                figures=figures,
                flags=flags_for(figures, thresholds),
                late=is_late_at(r.first_submitted_at, due, on),
            )
        )
    return rows


@dataclass
class GridRow:
    """One project's row of a unit's month grid, with derived cumulative figures."""

    project: Project
    report: MonthlyReport | None
    year_to_date_wan: Decimal
    since_start_wan: Decimal
    nodes_completed: list[str]
    planned_wan: Decimal | None
    late: bool = False


def nodes_completed_in(projects: list[int], month: Month) -> dict[int, list[str]]:
    """Names of nodes completed within the month, per project id (one query)."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = ProjectNode.objects.filter(
        project_id__in=projects,
        completed_on__gte=month.first_day,
        completed_on__lte=month.last_day,
    ).order_by("project_id", "order")
    for project_id, name in rows.values_list("project_id", "name"):
        out[project_id].append(name)
    return out


def unit_month_rows(unit: Unit, month: Month) -> list[GridRow]:
    """The grid of a unit's month: every project owing a report, its report (if any) and the
    cumulative figures derived from the other months' reports (never typed)."""
    projects = list(
        owed_projects(month.year, month.month)
        .filter(unit=unit)
        .select_related("category")
        .order_by("code")
        .distinct()
    )
    ids = [p.pk for p in projects]
    reports = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(
            project_id__in=ids, year=month.year, month=month.month
        )
        .select_related("project")
        .prefetch_related("evidence_files")
    }
    before = Q(year__lt=month.year) | Q(year=month.year, month__lte=month.month)
    sums = MonthlyReport.objects.filter(before, project_id__in=ids).values("project_id")
    since_start = dict(sums.annotate(v=Sum("investment_wan")).values_list("project_id", "v"))
    ytd = dict(
        sums.filter(year=month.year)
        .annotate(v=Sum("investment_wan"))
        .values_list("project_id", "v")
    )
    planned = dict(
        Project.objects.filter(pk__in=ids, listings__year=month.year).values_list(
            "pk", "listings__planned_investment_wan"
        )
    )
    nodes = nodes_completed_in(ids, month)
    due = due_date(month.year, month.month)
    on = today()
    return [
        GridRow(
            project=p,
            report=reports.get(p.pk),
            year_to_date_wan=ytd.get(p.pk) or ZERO,
            since_start_wan=since_start.get(p.pk) or ZERO,
            nodes_completed=nodes.get(p.pk, []),
            planned_wan=planned.get(p.pk),
            late=is_late_at(reports[p.pk].first_submitted_at if p.pk in reports else None, due, on),
        )
        for p in projects
    ]


@dataclass(frozen=True)
class MonthCell:
    """One month of a project's status history (季小结 at a glance)."""

    month: Month
    report: MonthlyReport | None
    nodes: tuple[str, ...]

    @property
    def colour(self) -> str:
        if self.report is None:
            return "none"
        return {"high": "ok", "medium": "warn", "low": "bad"}.get(self.report.confidence, "none")


def project_month_grid(project: Project, year: int, upto: Month | None = None) -> list[MonthCell]:
    """Twelve cells (up to the as-of month) of reports and completed nodes: two queries."""
    last = upto.month if upto is not None and upto.year == year else 12
    reports = {r.month: r for r in project.monthly_reports.filter(year=year, month__lte=last)}
    nodes: dict[int, list[str]] = defaultdict(list)
    for name, done in project.nodes.filter(completed_on__year=year).values_list(
        "name", "completed_on"
    ):
        # The year filter already excludes nodes not completed; the check tells the type checker.
        if done is not None and done.month <= last:
            nodes[done.month].append(name)
    return [
        MonthCell(Month(year, m), reports.get(m), tuple(nodes.get(m, [])))
        for m in range(1, last + 1)
    ]


def reports_for_month(user: Viewer | None, month: Month) -> list[dict[str, Any]]:
    """The month's reports (each in its latest version) as plain data for exports and the
    `duban reports` command; user None means the whole district (a trusted script)."""
    qs = MonthlyReport.objects.filter(year=month.year, month=month.month)
    if user is not None:
        qs = restrict(qs, user, "report.view")
    reports = list(qs.select_related("project", "project__unit").order_by("project__code"))
    nodes = nodes_completed_in([r.project_id for r in reports], month)
    due = due_date(month.year, month.month)
    on = today()
    return [
        {
            "project_code": r.project.code,
            "project_name": r.project.name,
            "unit": r.project.unit.name,
            "unit_code": r.project.unit.code,
            "year": r.year,
            "month": r.month,
            "status": r.status,
            "version": r.revision,
            "investment_wan": str(r.investment_wan),
            "nodes_completed": nodes.get(r.project_id, []),
            "late": is_late_at(r.first_submitted_at, due, on),
            "confidence": r.confidence,
            "first_submitted_at": (
                timezone.localtime(r.first_submitted_at).isoformat()
                if r.first_submitted_at
                else None
            ),
        }
        for r in reports
    ]


def owed_months(unit: Unit, upto: Month) -> list[tuple[Month, int]]:
    """What a unit still owes this year up to a month: (month, reports never submitted).
    Two queries whatever the month."""
    owed = set(
        owed_projects(upto.year, 1).filter(unit=unit).values_list("pk", flat=True).distinct()
    )
    filed: dict[int, set[int]] = defaultdict(set)
    for project_id, month in MonthlyReport.objects.filter(
        project_id__in=owed, year=upto.year, month__lte=upto.month, first_submitted_at__isnull=False
    ).values_list("project_id", "month"):
        filed[month].add(project_id)
    out = []
    for m in range(1, upto.month + 1):
        missing = len(owed - filed[m])
        if missing:
            out.append((Month(upto.year, m), missing))
    return out
