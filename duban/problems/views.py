"""Pages of problems (协调事项): the list, raising one, one problem and its path, a leader's
problems, closure by department. Thin: parse, fetch through scoping, call one service or
query, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.accounts.typing import authenticated_user
from duban.audit.queries import history_for
from duban.core.asof import month_from_request, today
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404
from duban.core.validation import error_text
from duban.orgs.models import Leader
from duban.problems import queries, services
from duban.problems.choices import (
    OPEN_PROBLEM_STATES,
    PROBLEM_TRANSITIONS,
    RAISER_MOVES,
    ProblemStatus,
)
from duban.problems.forms import MoveProblemForm, ProblemForm
from duban.problems.models import Problem
from duban.problems.queries import closure_stats_by_department


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def _reference_day(request: HttpRequest) -> dt.date:
    """The day "overdue" is judged on: today, unless a month was chosen explicitly; then its
    last day when that is in the past (the list as it stood then)."""
    month = month_from_request(request)
    return min(month.last_day, today()) if request.GET.get("as_of") else today()


def problems(request: HttpRequest) -> HttpResponse:
    _need(request, "problem.view")
    rows = queries.problems_qs(request.user).order_by("deadline", "id")
    status = request.GET.get("status", "")
    if status in ProblemStatus.values:
        rows = rows.filter(status=status)
    day = _reference_day(request)
    if request.GET.get("overdue") == "1":
        rows = rows.filter(status__in=OPEN_PROBLEM_STATES, deadline__lt=day)
    return render(
        request,
        "problems/problems.html",
        {
            "rows": rows[:500],
            "status": status,
            "statuses": ProblemStatus.choices,
            "day": day,
            "can_raise": can(request.user, "problem.raise"),
        },
    )


def problem_new(request: HttpRequest) -> HttpResponse:
    _need(request, "problem.raise")
    form = ProblemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.raise_problem(
                actor=authenticated_user(request),
                project=data.get("project"),
                enterprise=data.get("enterprise"),
                type=data["type"],
                title=data["title"],
                description=data["description"],
                department=data["department"],
                leader=data["leader"],
                deadline=data["deadline"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("协调事项已登记"))
            return redirect("problems:problem", pk=problem.pk)
    return render(request, "problems/problem_new.html", {"form": form})


@not_an_edit_page("moves a problem along its path; nothing typed earlier is shown to keep")
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        Problem.objects.select_related(
            "project", "enterprise", "owner_unit", "department", "leader", "raised_by"
        ),
        request.user,
        "problem.view",
        pk=pk,
    )
    status = 200
    if request.method == "POST":
        form = MoveProblemForm(request.POST)
        if form.is_valid():
            try:
                services.move_problem(
                    found,
                    actor=authenticated_user(request),
                    to_status=form.cleaned_data["to_status"],
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
            except PermissionDenied:
                raise
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                status = 400
            except StaleVersionError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, _("状态已更新"))
                return redirect("problems:problem", pk=pk)
        else:
            status = 400
    moves = _moves_for(request.user, found)
    return render(
        request,
        "problems/problem.html",
        {
            "problem": found,
            "moves": moves,
            "notes": found.notes.select_related("actor"),
            "history": history_for(found)[:50],
            "overdue": found.is_overdue(today()),
        },
        status=status,
    )


def _moves_for(user: Any, problem: Problem) -> list[tuple[str, str]]:
    out = []
    for to in sorted(PROBLEM_TRANSITIONS.get(problem.status, frozenset())):
        ok = (
            services.may_confirm(user, problem)
            if to in RAISER_MOVES
            else services.may_coordinate(user, problem)
        )
        if ok:
            out.append((to, str(ProblemStatus(to).label)))
    return out


def leader_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A leader's problems, overdue first. A leader opens their own; other roles with
    problem.view may open any leader's (reporters still see only their units' problems)."""
    _need(request, "problem.view")
    if pk is None:
        leader_id = getattr(request.user, "leader_id", None)
        if leader_id is None:
            return redirect("problems:problems")
    else:
        leader_id = pk
    leader = Leader.objects.filter(pk=leader_id).first()
    if leader is None:
        raise Http404
    # Overdue as the viewed month stood (its last day, or today if earlier), like the board.
    day = _reference_day(request)
    rows = queries.leader_problems(request.user, leader.pk, day)
    return render(
        request,
        "problems/leader.html",
        {
            "leader": leader,
            "rows": rows,
            "day": day,
            "overdue_count": sum(1 for p in rows if p.is_overdue(day)),
        },
    )


def stats(request: HttpRequest) -> HttpResponse:
    _need(request, "problem.view")
    month = month_from_request(request)
    rows = closure_stats_by_department(month.year, month)
    if request.user.role == "reporter":  # type: ignore[union-attr]
        rows = [r for r in rows if r["unit_id"] == request.user.unit_id]  # type: ignore[union-attr]
    return render(request, "problems/stats.html", {"rows": rows})
