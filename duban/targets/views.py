from __future__ import annotations

from typing import TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.accounts.typing import authenticated_user
from duban.claims import queries as claims
from duban.core.asof import month_from_request
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.orgs.choices import UnitKind
from duban.projects.queries import page_by_ids
from duban.targets import services
from duban.targets.forms import RevisionRequestForm
from duban.targets.models import Target, TargetRevision
from duban.targets.queries import (
    FACTS_OF_KIND,
    Decomposition,
    Progress,
    decomposition_for,
    group_by_programme,
    measured_projects,
    progress_for,
    targets_for_year,
)

DRILLDOWN_PAGE_SIZE = 100


class TargetRow(TypedDict):
    """One district target of the table with its parts (units' shares), as the template reads it."""

    progress: Progress
    decomposition: Decomposition
    parts: list[Progress]


def _unit_order(part: Progress) -> tuple[int, int]:
    """Parts sort by kind of unit, then the units' own order; a part always names its unit
    (a part without one would be a data error, shown last rather than failing the page)."""
    unit = part.target.unit
    if unit is None:
        return len(UnitKind.values), 0
    return UnitKind.values.index(unit.kind), unit.sort_order


def table(request: HttpRequest) -> HttpResponse:
    """The year's target table: each district target, its parts by unit, sums and gaps."""
    as_of = month_from_request(request)
    targets = list(restrict(targets_for_year(as_of.year), request.user, "target.view"))
    district = [t for t in targets if t.unit_id is None]
    progress = {p.target.pk: p for p in progress_for(targets, as_of)}
    decomposition = decomposition_for(district)
    parts_by_parent: dict[int, list[Progress]] = {}
    for t in targets:
        if t.parent_id:
            parts_by_parent.setdefault(t.parent_id, []).append(progress[t.pk])
    rows: list[TargetRow] = [
        {
            "progress": progress[t.pk],
            "decomposition": decomposition[t.pk],
            "parts": sorted(
                parts_by_parent.get(t.pk, []),
                key=_unit_order,
            ),
        }
        for t in district
    ]
    return render(
        request,
        "targets/table.html",
        {
            "rows": rows,
            "shortfalls": sum(1 for r in rows if r["decomposition"].shortfall),
            "illustrative": any(t.illustrative for t in targets),
        },
    )


def programmes(request: HttpRequest) -> HttpResponse:
    """The plan's programmes (工程) above categories: each with its quantified targets (the
    district's, with progress) and its qualitative tasks."""
    if not can(request.user, "target.view"):
        raise PermissionDenied("target.view")
    as_of = month_from_request(request)
    district = restrict(targets_for_year(as_of.year), request.user, "target.view").filter(
        unit__isnull=True
    )
    groups = group_by_programme(progress_for(district, as_of), lambda p: p.target, every=True)
    return render(request, "targets/programmes.html", {"groups": groups})


def revisions(request: HttpRequest) -> HttpResponse:
    """调整目标: requests with reason, 发改局's approval, original and revised side by side."""
    as_of = month_from_request(request)
    may_request = can(request.user, "target.change") or can(request.user, "target.revise")
    may_decide = can(request.user, "target.change")
    revisable = restrict(
        targets_for_year(as_of.year).filter(unit__isnull=False), request.user, "target.view"
    )
    if not can(request.user, "target.change"):
        unit_id = authenticated_user(request).unit_id
        # Without a unit there is nothing of its own to revise (`revisable` holds unit targets).
        revisable = revisable.filter(unit_id=unit_id) if unit_id is not None else revisable.none()
    form = RevisionRequestForm(request.POST or None, targets=revisable)
    if request.method == "POST":
        action = request.POST.get("action", "request")
        try:
            if action in ("approve", "reject"):
                if not may_decide:
                    raise PermissionDenied("target.change")
                revision = get_scoped_or_404(
                    TargetRevision.objects.all(),
                    request.user,
                    "target.view",
                    pk=request.POST.get("revision"),
                )
                services.decide_revision(
                    revision,
                    actor=authenticated_user(request),
                    approve=action == "approve",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("已审批"))
                return redirect(request.path)
            if not may_request:
                raise PermissionDenied("target.revise")
            if form.is_valid():
                target = get_scoped_or_404(
                    Target.objects.all(),
                    request.user,
                    "target.view",
                    pk=form.cleaned_data["target"].pk,
                )
                services.request_revision(
                    target,
                    actor=authenticated_user(request),
                    revised_value=form.cleaned_data["revised_value"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("调整申请已提交，待发改局审批"))
                return redirect(request.path)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
    rows = restrict(
        TargetRevision.objects.select_related(
            "target__metric", "target__unit", "target__category", "requested_by", "approved_by"
        ).filter(target__year=as_of.year),
        request.user,
        "target.view",
    ).order_by("-created_at", "-id")
    progress = {p.target.pk: p for p in progress_for({r.target for r in rows}, as_of)}
    return render(
        request,
        "targets/revisions.html",
        {
            "rows": [{"r": r, "progress": progress.get(r.target_id)} for r in rows],
            "form": form,
            "may_request": may_request,
            "may_decide": may_decide,
        },
    )


def drilldown(request: HttpRequest, pk: int) -> HttpResponse:
    """A target's counted projects as of the month, each with the confirmation behind it
    (who confirmed which fact when, with how much evidence), and the claims still pending."""
    target = get_scoped_or_404(
        Target.objects.select_related("metric", "unit", "category"),
        request.user,
        "target.view",
        pk=pk,
    )
    as_of = month_from_request(request)
    # Paged: a district target at province scale counts tens of thousands of projects, and
    # the page shows each with the confirmations behind it (one query per page, not per row).
    projects = restrict(measured_projects(target, as_of), request.user, "project.view")
    page, shown = page_by_ids(projects, request.GET.get("page"), DRILLDOWN_PAGE_SIZE)
    behind = claims.confirmations([p.pk for p in shown])
    facts = FACTS_OF_KIND.get(target.metric.kind, ())
    pending = claims.pending_for(
        request.user,
        facts=facts,
        year=target.year,
        unit_id=target.unit_id,
        category_id=target.category_id,
        until=as_of.last_day,
    )
    return render(
        request,
        "targets/drilldown.html",
        {
            "target": target,
            "progress": progress_for([target], as_of)[0],
            "as_of": as_of,
            "rows": [
                (
                    p,
                    [c for c in behind.get(p.pk, []) if c.status_on(as_of.last_day) == "confirmed"],
                )
                for p in shown
            ],
            "page": page,
            "pending": pending,
            "measured": bool(facts),
        },
    )
