from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.audit.queries import history_for
from duban.core.asof import month_from_request
from duban.core.models import StaleVersionError
from duban.core.scoping import get_scoped_or_404, restrict
from duban.projects import queries, services
from duban.projects.forms import LedgerFilterForm, ProjectForm
from duban.projects.models import Project


def ledger(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {**filters, "year": month_from_request(request).year}
    sort = request.GET.get("sort", queries.DEFAULT_SORT)
    if sort not in queries.SORTS:
        sort = queries.DEFAULT_SORT
    projects = queries.ledger(request.user, filters, sort)
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/ledger.html",
        {"form": form, "page": page, "sort": sort, "total": page.paginator.count},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(
        Project.objects.with_relations(), request.user, "project.view", pk=pk
    )
    can_edit = restrict(Project.objects.filter(pk=pk), request.user, "project.change").exists()
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "stage_changes": project.stage_changes.select_related("actor"),
            "listings": project.listings.all(),
            "history": history_for(project)[:100],
            "can_edit": can_edit,
        },
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project.objects.all(), request.user, "project.change", pk=pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            # The form has already written its values onto `project`; the service needs the
            # stored record to compute what changed.
            services.update_project(
                Project.objects.get(pk=project.pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            return render(
                request, "projects/edit.html", {"form": form, "project": project}, status=409
            )
        messages.success(request, _("项目信息已保存"))
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/edit.html", {"form": form, "project": project})
