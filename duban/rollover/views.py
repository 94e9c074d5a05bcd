"""The rollover page: 发改局 previews what moves and what stays, picks the 储备 projects to
promote, and runs it; then confirms the new year's draft targets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.models import User
from duban.core import rollover
from duban.core.asof import today
from duban.core.roles import can
from duban.core.validation import error_text
from duban.projects.choices import Listing
from duban.projects.models import PlanListing
from duban.rollover import services
from duban.rollover.models import Rollover
from duban.targets.models import Target


def _user(request: HttpRequest) -> User:
    if not can(request.user, "year.rollover") or not isinstance(request.user, User):
        raise PermissionDenied("year.rollover")
    return request.user


def _from_year(raw: str) -> int:
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return today().year


def _promote(request: HttpRequest, year: int) -> frozenset[int]:
    chosen = {int(v) for v in request.POST.getlist("promote") if v.isdigit()}
    reserve = PlanListing.objects.filter(year=year, kind=Listing.RESERVE, project_id__in=chosen)
    return frozenset(reserve.values_list("project_id", flat=True))


def index(request: HttpRequest) -> HttpResponse:
    _user(request)
    from_year = _from_year(request.GET.get("from", ""))
    plan = services.plan_for(from_year, from_year + 1)
    done = Rollover.objects.filter(from_year=from_year).first()
    reserve = (
        PlanListing.objects.filter(year=from_year, kind=Listing.RESERVE)
        .exclude(project__listings__year=from_year + 1)
        .select_related("project__unit")
        .order_by("project__code")
    )
    return render(
        request,
        "rollover/index.html",
        {
            "from_year": from_year,
            "to_year": from_year + 1,
            "preview": None if done else services.preview(plan),
            "done": done,
            "done_rows": [(step.label, done.counts.get(step.key, 0)) for step in rollover.steps()]
            if done
            else [],
            "history": Rollover.objects.order_by("-from_year"),
            "reserve": [] if done else list(reserve),
            "drafts": Target.objects.filter(year=from_year + 1, draft=True).count(),
        },
    )


@require_POST
def run(request: HttpRequest) -> HttpResponse:
    actor = _user(request)
    from_year = _from_year(request.POST.get("from", ""))
    try:
        plan = services.plan_for(from_year, from_year + 1, _promote(request, from_year))
        done = services.run(plan, actor=actor)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _(
                "已开启%(to)s年度：结转项目 %(p)s 个、协调事项 %(q)s 件、目标草稿 %(t)s 项；"
                "%(from)s年度转为只读。"
            )
            % {"to": done.to_year, "from": done.from_year, "p": done.counts.get("projects", 0),
               "q": done.counts.get("problems", 0), "t": done.counts.get("targets", 0)},
        )  # fmt: skip
    return redirect(f"{reverse('rollover:index')}?from={from_year}")


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    actor = _user(request)
    year = _from_year(request.POST.get("year", ""))
    count = services.confirm_targets(year, actor=actor)
    messages.success(request, _("已确认%(year)s年度目标 %(n)s 项。") % {"year": year, "n": count})
    return redirect(f"{reverse('rollover:index')}?from={year - 1}")
