"""Named reads of projects used by the ledger page, its exports and the screen alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from duban.core.actors import Viewer
from duban.core.scoping import restrict
from duban.projects import facts
from duban.projects.models import Project, ProjectNode

# Sort keys offered to users, mapped to ORDER BY fields (D3: never raw user input). The
# tie-break by code runs in the sort's direction, so one index (Project.Meta.indexes) serves
# a sort both ways.
SORTS: dict[str, tuple[str, ...]] = {
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "code"),
    "-name": ("-name", "-code"),
    "investment": ("total_investment_wan", "code"),
    "-investment": ("-total_investment_wan", "-code"),
    "unit": ("unit__sort_order", "code"),
    "-unit": ("-unit__sort_order", "-code"),
    "stage": ("stage", "code"),
    "planned_start": ("planned_start", "code"),
    "-planned_start": ("-planned_start", "-code"),
}
DEFAULT_SORT = "code"


def ledger(user: Viewer, filters: dict[str, Any], sort: str = DEFAULT_SORT) -> QuerySet[Project]:
    """The projects this user may see, filtered and ordered for the ledger (台账)."""
    return _ledger(Project.objects.with_relations(), user, filters, sort)


def ledger_page(
    user: Viewer, filters: dict[str, Any], sort: str, number: str | None, per_page: int = 50
) -> tuple[Page[int], list[Project]]:
    """One page of the ledger: (the page of project ids, those projects with their relations,
    in the page's order). The filtered, sorted list is read as bare ids and only the page's
    rows are read whole: sorting 100,000 wide joined rows to show fifty cost most of a
    second, sorting their ids (mostly from an index) a few milliseconds."""
    projects = _ledger(Project.objects.all(), user, filters, sort)
    read = Project.objects.annotate(pending_claim=facts.has_pending_claim())
    return page_by_ids(projects, number, per_page, read.values_list(*LEDGER_ROW, named=True))


# What a ledger row shows of a project, read as plain values: reading the projects and their
# three relations as model instances (every column, eight timestamps a row) was a fifth of
# the page.
LEDGER_ROW = (
    "pk",
    "code",
    "name",
    "strategic_emerging",
    "category__name",
    "unit__name",
    "unit__short_name",
    "total_investment_wan",
    "stage",
    "planned_start",
    "leader__name",
    "pending_claim",  # a claim of the project awaits a decision (`facts.has_pending_claim`)
)


def page_by_ids(
    projects: QuerySet[Project],
    number: str | None,
    per_page: int,
    read: QuerySet[Any] | None = None,
) -> tuple[Page[int], list[Any]]:
    """A page of a sorted list of projects: the sort and the offset run over the bare ids
    (narrow rows, from an index where there is one) in a subquery, and only the page's
    projects are read whole (or as `read` reads them), with their relations, sorted again the
    same way (every sort ends on the unique code, so the order is the same). Count, then one
    query for the page."""
    page = Paginator(projects.values_list("pk", flat=True), per_page).get_page(number)
    keys = [str(key) for key in projects.query.order_by or Project._meta.ordering or ()]
    ids = page.object_list
    count, bottom = page.paginator.count, (page.number - 1) * per_page
    if bottom > count // 2:
        # Past the middle, the page is read from the other end (the reversed sort, a small
        # offset): the last page costs what the first does, not a walk over every row.
        top = min(bottom + per_page, count)
        flipped = [key[1:] if key.startswith("-") else f"-{key}" for key in keys]
        ids = projects.order_by(*flipped).values_list("pk", flat=True)[count - top : count - bottom]
    rows = (Project.objects.with_relations() if read is None else read).filter(pk__in=ids)
    return page, list(rows.order_by(*keys))


def _ledger(
    base: QuerySet[Project], user: Viewer, filters: dict[str, Any], sort: str
) -> QuerySet[Project]:
    qs = restrict(base, user, "project.view")
    q = Q()
    if text := filters.get("q"):
        q &= Q(name__icontains=text) | Q(code__icontains=text) | Q(national_code__icontains=text)
    if unit := filters.get("unit"):
        q &= Q(unit=unit)
    if category := filters.get("category"):
        q &= Q(category=category)
    if stage := filters.get("stage"):
        q &= Q(stage=stage)
    if listing := filters.get("listing"):
        q &= Q(listings__kind=listing, listings__year=filters.get("year"))
    if filters.get("strategic"):
        q &= Q(strategic_emerging=True)
    if filters.get("foreign"):
        q &= Q(foreign_funded=True)
    if industry := filters.get("industry"):
        q &= Q(industry=industry)
    if (low := filters.get("min_investment_wan")) is not None:
        q &= Q(total_investment_wan__gte=Decimal(low))
    if (high := filters.get("max_investment_wan")) is not None:
        q &= Q(total_investment_wan__lte=Decimal(high))
    return qs.filter(q).order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def overdue_nodes(user: Viewer, on: dt.date, unit_id: int | None = None) -> QuerySet[ProjectNode]:
    """Nodes planned before `on` and not completed by then, in the user's scope: the list of
    overdue nodes per unit and per project (one query)."""
    qs = restrict(ProjectNode.objects.all(), user, "project.view").filter(planned_on__lt=on)
    qs = qs.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=on))
    if unit_id is not None:
        qs = qs.filter(project__unit_id=unit_id)
    return qs.select_related("project", "project__unit", "responsible_unit").order_by(
        "project__unit__kind", "project__unit__sort_order", "project__code", "order"
    )


def node_plan(project: Project, year: int) -> QuerySet[ProjectNode]:
    return (
        project.nodes.filter(year=year)
        .select_related("responsible_unit")
        .prefetch_related("evidence_files")
        .order_by("order")
    )


def suggested_code(year: int) -> str:
    """The next free 项目编号 for a project typed by hand: XM + year + a four-digit serial
    (imports without codes use XM + year + '-' + a digest, so the two never meet). Only a
    suggestion on the form: the database's unique constraint decides."""
    prefix = f"XM{year}"
    taken = set(
        Project.objects.filter(code__startswith=prefix)
        .exclude(code__contains="-")
        .values_list("code", flat=True)
    )
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"
