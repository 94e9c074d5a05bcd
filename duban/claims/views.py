"""Claims pages: the list, one claim (evidence, decision, revocation), the units' reliability
and the monthly spot checks. Thin: parse, fetch through scoping, call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.audit.queries import history_for
from duban.claims import queries, services
from duban.claims.choices import ClaimStatus
from duban.claims.forms import CheckForm, DecisionForm, EvidenceForm, RevokeForm
from duban.claims.models import Claim, SpotCheck, SpotCheckDraw
from duban.claims.sampling import draw as redraw
from duban.core.asof import month_from_request
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict


def index(request: HttpRequest) -> HttpResponse:
    """The claims a user may see (a unit its own; deciders theirs first), by status."""
    status = request.GET.get("status", "")
    if status not in ClaimStatus.values:
        status = ""
    as_of = month_from_request(request)
    year = as_of.year
    rows = queries.listed(request.user, status=status, year=year, until=as_of.last_day)
    decidable = set(
        restrict(
            Claim.objects.filter(status=ClaimStatus.PENDING), request.user, "claim.decide"
        ).values_list("pk", flat=True)
        if can(request.user, "claim.decide")
        else []
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/index.html",
        {
            "page": page,
            # Each claim's status as it stood at the viewed month's end.
            "shown": [(c, ClaimStatus(c.status_on(as_of.last_day))) for c in page],
            "status": status,
            "statuses": ClaimStatus.choices,
            "year": year,
            "decidable": decidable,
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_scoped_or_404(Claim.objects.with_relations(), request.user, "claim.view", pk=pk)
    return _render_detail(request, claim)


def _render_detail(
    request: HttpRequest, claim: Claim, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    pending = claim.status == ClaimStatus.PENDING
    can_file = pending and can(user, "claim.file") and claim.unit_id == getattr(user, "unit_id", 0)
    can_decide = pending and can(user, "claim.decide") and queries.can_decide(user, claim)
    can_revoke = claim.status == ClaimStatus.CONFIRMED and can(user, "claim.revoke")
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "files": claim.evidence_files.all(),
            "missing": services.evidence_missing(claim) if pending else "",
            "evidence_form": forms.get("evidence_form") or (EvidenceForm() if can_file else None),
            "decision_form": forms.get("decision_form")
            or (DecisionForm(initial={"version": claim.version}) if can_decide else None),
            "revoke_form": forms.get("revoke_form") or (RevokeForm() if can_revoke else None),
            "checks": claim.spot_checks.select_related("draw"),
            "marks": claim.revision_marks.all(),
            "history": history_for(claim)[:50],
        },
        status=status,
    )


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@require_POST
@not_an_edit_page("补充佐证只追加文件和编号，不编辑已填写的字段")
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_scoped_or_404(Claim.objects.with_relations(), request.user, "claim.view", pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                claim,
                actor=authenticated_user(request),
                files=form.cleaned_data["evidence"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _errors(request, exc)
            return _render_detail(request, claim, 400, evidence_form=form)
        messages.success(request, _("佐证已补充"))
    return redirect("claims:detail", pk=claim.pk)


@require_POST
@not_an_edit_page("认定是一项决定（认定或不予认定），不是编辑表单")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    # Out of the reviewer's categories: 404, as for a record outside one's scope.
    claim = get_scoped_or_404(Claim.objects.with_relations(), request.user, "claim.decide", pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, claim, 400, decision_form=form)
    data = form.cleaned_data
    try:
        if data["decision"] == "confirm":
            services.confirm(
                claim, actor=authenticated_user(request), expected_version=data["version"],
                reason=data["reason"],
            )  # fmt: skip
            messages.success(request, _("已认定，计入目标和考评"))
        else:
            services.reject(
                claim, actor=authenticated_user(request), expected_version=data["version"],
                reason=data["reason"],
            )  # fmt: skip
            messages.success(request, _("已不予认定"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
        return _render_detail(request, claim, 400, decision_form=form)
    return redirect("claims:detail", pk=claim.pk)


@require_POST
@not_an_edit_page("撤销认定是一项决定，不是编辑表单")
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_scoped_or_404(Claim.objects.with_relations(), request.user, "claim.revoke", pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, claim, 400, revoke_form=form)
    try:
        services.revoke(
            claim, actor=authenticated_user(request), reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _errors(request, exc)
        return _render_detail(request, claim, 400, revoke_form=form)
    messages.success(request, _("已撤销认定，相关月份已标记为需修订得分"))
    return redirect("claims:detail", pk=claim.pk)


def reliability(request: HttpRequest) -> HttpResponse:
    """Per unit over the year: filed, confirmed, rejected, checked, found untrue."""
    year = month_from_request(request).year
    rows = queries.reliability(year)
    if getattr(request.user, "role", "") == "reporter":
        rows = [r for r in rows if r.unit.pk == request.user.unit_id]  # type: ignore[union-attr]
    return render(request, "claims/reliability.html", {"rows": rows, "year": year})


def checks(request: HttpRequest) -> HttpResponse:
    """The monthly draws; 发改局 draws the viewed month's sample here."""
    month = month_from_request(request)
    draws = SpotCheckDraw.objects.all()[:24]
    return render(
        request,
        "claims/checks.html",
        {
            "draws": draws,
            "month": month,
            "can_draw": can(request.user, "spotcheck.run")
            and not SpotCheckDraw.objects.filter(year=month.year, month=month.month).exists(),
            "policy": services.active_policy(),
        },
    )


@require_POST
def draw(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "spotcheck.run"):
        raise PermissionDenied("spotcheck.run")
    month = month_from_request(request)
    try:
        made = services.draw_sample(month, actor=authenticated_user(request))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("claims:checks")
    messages.success(request, _("已抽取 %(n)s 项") % {"n": len(made.drawn)})
    return redirect("claims:draw", pk=made.pk)


def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    the_draw = get_scoped_or_404(SpotCheckDraw.objects.all(), request.user, "claim.view", pk=pk)
    rows = restrict(
        SpotCheck.objects.filter(draw=the_draw).select_related(
            "claim", "claim__project", "claim__unit"
        ),
        request.user,
        "claim.view",
    )
    again = redraw(
        the_draw.population_rows(),
        size=the_draw.sample_size,
        seed=the_draw.seed,
        weighted=the_draw.weight_by_investment,
    )
    may_record = can(request.user, "spotcheck.run")
    return render(
        request,
        "claims/draw.html",
        {
            "draw": the_draw,
            "rows": [
                (
                    c,
                    CheckForm(initial={"version": c.version})
                    if may_record and not c.result
                    else None,
                )
                for c in rows
            ],
            "reproduced": again == the_draw.drawn,
        },
    )


@require_POST
@not_an_edit_page("抽查结果一经记录不再编辑（不属实即撤销认定）")
def record_check(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_scoped_or_404(
        SpotCheck.objects.select_related("claim"), request.user, "spotcheck.run", pk=pk
    )
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择抽查结果"))
        return redirect("claims:draw", pk=check.draw_id)
    data = form.cleaned_data
    try:
        services.record_check(
            check, actor=authenticated_user(request), expected_version=data["version"],
            result=data["result"], note=data["note"], deduction=data["deduction"],
            files=data["evidence"],
        )  # fmt: skip
        messages.success(request, _("抽查结果已记录"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("claims:draw", pk=check.draw_id)
