from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.audit.queries import history_for
from duban.core.asof import month_from_request, today
from duban.core.editing import EditPage, edit_page
from duban.core.fragments import render_of, render_pure
from duban.core.models import StaleVersionError
from duban.core.money import display_wan
from duban.core.panels import panels_for
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.projects import queries, services
from duban.projects.choices import Stage
from duban.projects.forms import (
    LedgerChoices,
    LedgerFilterForm,
    NewProjectForm,
    NodeCompleteForm,
    NodeReviseForm,
    ProjectForm,
)
from duban.projects.models import Project, ProjectNode


def ledger(request: HttpRequest) -> HttpResponse:
    choices = LedgerFilterForm.choices()
    form = LedgerFilterForm(request.GET or None, choices=choices)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {**filters, "year": month_from_request(request).year}
    sort = request.GET.get("sort", queries.DEFAULT_SORT)
    if sort not in queries.SORTS:
        sort = queries.DEFAULT_SORT
    page, rows = queries.ledger_page(request.user, filters, sort, request.GET.get("page"))
    shown = [LedgerRow.of(p) for p in rows]
    return render(
        request,
        "projects/ledger.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "rows_html": render_pure("projects/_ledger_rows.html", shown),
            "filter_html": _filter_html(request, form, choices),
            "sort": sort,
            "total": page.paginator.count,
        },
    )


def _filter_html(request: HttpRequest, form: LedgerFilterForm, choices: LedgerChoices) -> str:
    """The filter's fields as they render for this query and these choices, cached under
    them (`duban.core.fragments`): only the form's own fields of the query count, so the
    sort, the page and the month do not make another entry."""
    bound = bool(request.GET)
    data = tuple((name, tuple(request.GET.getlist(name))) for name in form.fields)
    return render_of("projects.ledger_filter", (bound, data, choices), _render_filter)


def _render_filter(
    bound: bool, data: tuple[tuple[str, tuple[str, ...]], ...], choices: LedgerChoices
) -> str:
    query = QueryDict(mutable=True)
    for name, values in data:
        if values:
            query.setlist(name, list(values))
    form = LedgerFilterForm(query if bound else None, choices=choices)
    return render_to_string("projects/_ledger_filter.html", {"form": form})


class LedgerRow(NamedTuple):
    """What one row of the ledger shows, as plain values: the row fragment is rendered from
    these alone and cached under their digest (`duban.core.fragments`)."""

    pk: int
    code: str
    name: str
    strategic: bool
    category: str
    unit: str
    investment: str
    stage: str
    planned_start: str
    leader: str
    # A fact a unit claimed and nobody decided yet shows as pending beside the project.
    pending_claim: bool

    @classmethod
    def of(cls, p: Any) -> LedgerRow:
        """From a row of `queries.LEDGER_ROW`."""
        return cls(
            p.pk,
            p.code,
            p.name,
            p.strategic_emerging,
            p.category__name or "",
            p.unit__short_name or p.unit__name,
            display_wan(p.total_investment_wan),
            str(Stage(p.stage).label),
            p.planned_start.isoformat() if p.planned_start else "—",
            p.leader__name or "—",
            p.pending_claim,
        )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(
        Project.objects.with_relations(), request.user, "project.view", pk=pk
    )
    can_edit = restrict(Project.objects.filter(pk=pk), request.user, "project.change").exists()
    can_stage = restrict(Project.objects.filter(pk=pk), request.user, "project.stage").exists()
    as_of = month_from_request(request)
    on = min(today(), as_of.last_day)
    nodes = list(queries.node_plan(project, as_of.year))
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "stage_changes": project.stage_changes.select_related("actor"),
            "listings": project.listings.all(),
            "history": history_for(project)[:100],
            "can_edit": can_edit,
            "can_stage": can_stage,
            # As of the viewed month: a node completed later shows as not yet done.
            "nodes": [
                (
                    node,
                    node.is_overdue(on),
                    node.completed_on is not None and node.completed_on <= on,
                )
                for node in nodes
            ],
            "overdue_count": sum(node.is_overdue(on) for node in nodes),
            "node_on": on,
            "plan_year": as_of.year,
            # Sections the apps above contribute (the monthly reports' twelve months).
            "panels": panels_for("project.detail", request, project),
        },
    )


def node(request: HttpRequest, pk: int) -> HttpResponse:
    """One node: complete it with evidence, or move its planned date with a reason."""
    item = get_scoped_or_404(
        ProjectNode.objects.select_related("project", "responsible_unit"),
        request.user,
        "project.view",
        pk=pk,
    )
    user = request.user
    project_q = Project.objects.filter(pk=item.project_id)
    can_stage = restrict(project_q, user, "project.stage").exists()
    can_revise = restrict(project_q, user, "project.change").exists()
    complete_form = NodeCompleteForm(initial={"version": item.version, "completed_on": today()})
    revise_form = NodeReviseForm(initial={"version": item.version, "planned_on": item.planned_on})
    return render(
        request,
        "projects/node.html",
        {
            "node": item,
            "project": item.project,
            "files": item.evidence_files.all(),
            "complete_form": complete_form if can_stage and not item.completed_on else None,
            "revise_form": revise_form if can_revise and not item.completed_on else None,
        },
    )


def _node_to_act_on(request: HttpRequest, pk: int, see: str, act: str) -> ProjectNode:
    """A node the user may see (`see`) of a project the user may act on (`act`); else 404,
    as for a record outside one's scope."""
    item = get_scoped_or_404(
        ProjectNode.objects.select_related("project"), request.user, see, pk=pk
    )
    if not restrict(Project.objects.filter(pk=item.project_id), request.user, act).exists():
        raise Http404
    return item


@require_POST
def node_complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _node_to_act_on(request, pk, "project.stage", "project.stage")
    form = NodeCompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写完成日期"))
        return redirect("projects:node", pk=item.pk)
    item.version = form.cleaned_data["version"]
    try:
        services.complete_node(
            item,
            actor=authenticated_user(request),
            on=form.cleaned_data["completed_on"],
            evidence_files=form.cleaned_data["evidence"],
        )
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return render(
            request,
            "projects/node.html",
            {
                "node": item,
                "project": item.project,
                "files": item.evidence_files.all(),
                "complete_form": form,
                "revise_form": None,
            },
            status=400,
        )
    else:
        messages.success(request, _("节点“%(name)s”已完成") % {"name": item.name})
    return redirect("projects:detail", pk=item.project_id)


@require_POST
def node_revise(request: HttpRequest, pk: int) -> HttpResponse:
    item = _node_to_act_on(request, pk, "project.view", "project.change")
    form = NodeReviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("调整计划日期必须填写新日期和原因"))
        return redirect("projects:node", pk=item.pk)
    item.version = form.cleaned_data["version"]
    try:
        services.revise_node_date(
            item,
            actor=authenticated_user(request),
            new_date=form.cleaned_data["planned_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("节点计划日期已调整"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("projects:detail", pk=item.project_id)


def overdue_nodes(request: HttpRequest) -> HttpResponse:
    """Overdue nodes as of the viewed month, per unit (a reporter sees its own unit)."""
    as_of = month_from_request(request)
    on = min(today(), as_of.last_day)
    rows = list(queries.overdue_nodes(request.user, on)[:1000])
    by_unit: dict[Any, list[ProjectNode]] = {}
    for row in rows:
        by_unit.setdefault(row.project.unit, []).append(row)
    return render(request, "projects/overdue_nodes.html", {"by_unit": by_unit.items(), "on": on})


def _a_project() -> tuple[dict[str, Any], QuerySet[Project]]:
    project = Project.objects.filter(planned_start__isnull=False).order_by("pk").first()
    assert project is not None, "the demo has projects with planned dates"
    return {"pk": project.pk}, Project.objects.filter(pk=project.pk)


@edit_page(EditPage("projects:edit", "fgj", _a_project))
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project.objects.all(), request.user, "project.change", pk=pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            # The form has already written its values onto `project`; the service needs the
            # stored record to compute what changed.
            services.update_project(
                Project.objects.get(pk=project.pk),
                actor=authenticated_user(request),
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
                reason=form.cleaned_data.get("fact_reason", ""),
            )
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            return render(
                request, "projects/edit.html", {"form": form, "project": project}, status=409
            )
        claimed = form.fact_changes() if form.claims_facts else []
        if claimed:
            messages.success(
                request,
                _("项目信息已保存；%(n)s 项计入考评的要素已提交牵头部门认定，认定前不生效")
                % {"n": len(claimed)},
            )
        else:
            messages.success(request, _("项目信息已保存"))
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/edit.html", {"form": form, "project": project})


def new(request: HttpRequest) -> HttpResponse:
    """新建项目: one project typed by hand, listed in the as-of year's plan if the user says so.
    The service decides everything an import would (lead department, node plan, listing date,
    audit rows); a unit's reporter creates only its own unit's projects."""
    user = authenticated_user(request)
    if not can(user, "project.create"):
        raise PermissionDenied("project.create")
    year = month_from_request(request).year
    form = NewProjectForm(
        request.POST or None, user=user, initial={"code": queries.suggested_code(year)}
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["listing_kind"]
        item = services.NewProject(
            form.project_fields(),
            listing_year=year if kind else None,
            listing_kind=kind,
            planned_investment_wan=form.cleaned_data["planned_investment_wan"] or Decimal(0),
        )
        try:
            project = services.create_projects([item], actor=user)[0]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("项目已建立"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/new.html", {"form": form, "year": year})
