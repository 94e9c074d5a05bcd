"""Assessment pages: rankings, drill-down, methods, adjustments, quarterly lists, bulletins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.assessment import bulletin as bulletin_mod
from duban.assessment import queries, services
from duban.assessment.choices import BulletinKind
from duban.assessment.forms import AdjustmentForm, BulletinPublishForm, MethodForm
from duban.assessment.models import Adjustment, AssessmentMethod, Bulletin
from duban.assessment.scoring import explain
from duban.audit.services import record
from duban.core.asof import Month, month_from_request
from duban.core.officialdoc import PdfConversionError, docx_to_pdf_bytes
from duban.core.roles import can
from duban.documents.presentation import document_response, for_page
from duban.orgs.choices import UnitKind
from duban.targets.queries import programme_names


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def _month_param(request: HttpRequest) -> Month:
    try:
        return Month.parse(request.POST.get("month", ""))
    except ValueError:
        return month_from_request(request)


def index(request: HttpRequest) -> HttpResponse:
    """The month's ranking per group: published for everyone, drafts for the scoring roles."""
    _need(request, "score.view")
    month = month_from_request(request)
    runs = queries.runs_for_month(request.user, month)
    scores = queries.scores_of(runs)
    return render(
        request,
        "assessment/index.html",
        {
            "month": month,
            "groups": [{"run": run, "scores": scores[run.pk]} for run in runs],
            "history": queries.run_history(request.user, month),
            "can_compute": can(request.user, "score.view_draft"),
            "can_publish": can(request.user, "score.publish"),
            "has_draft": any(not run.is_published for run in runs),
        },
    )


@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    _need(request, "score.view_draft")
    month = _month_param(request)
    results = services.compute_month(
        month, actor=authenticated_user(request), reason=request.POST.get("reason", "")[:255]
    )
    if not results:
        messages.error(request, _("该年度尚无考评办法，无法计算"))
    for run, outcome in results:
        text = {
            "created": _("已生成草稿"),
            "updated": _("草稿已更新"),
            "unchanged": _("结果无变化"),
            "revision": _("已发布结果不变，已生成修订稿"),
        }[outcome]
        messages.success(request, f"{run}：{text}")
    return redirect(f"{_index_url()}?as_of={month}")


def _index_url() -> str:
    return reverse("assessment:index")


@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    _need(request, "score.publish")
    month = _month_param(request)
    try:
        runs = services.publish_month(month, actor=authenticated_user(request))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已发布 %(n)s 个考评组的结果") % {"n": len(runs)})
    return redirect(f"{_index_url()}?as_of={month}")


def score_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The drill-down: unit → items → inputs and arithmetic (exactly what the total adds)."""
    score = queries.unit_score_for(request.user, pk)
    items = list(score.items.order_by("sort_order", "id"))
    listed = queries.counted_projects_for(
        request.user, score, [s for i in items for s in i.sources]
    )
    for item in items:
        for source in item.sources:
            found = listed.get(source.get("id")) if source.get("type") == "target" else None
            if found is not None:
                source["listed"] = found["projects"]
                source["changed"] = Decimal(source["actual"]) != found["count"]
    by_programme = request.GET.get("group") == "programme"
    if by_programme:
        # 按工程分组: each target source under its programme, the programme's order first.
        names = programme_names(
            s["id"] for i in items for s in i.sources if s.get("type") == "target"
        )
        for item in items:
            for source in item.sources:
                source["programme"] = names.get(source.get("id"), (0, ""))[1]
            item.sources.sort(
                key=lambda s: (
                    names.get(s.get("id"), (10**6, ""))
                    if s.get("type") == "target"
                    else (10**6 + 1, "")
                )
            )
    return render(
        request,
        "assessment/score_detail.html",
        {
            "score": score,
            "run": score.run,
            "items": [{"item": i, "arithmetic": explain(i)} for i in items],
            "sum_text": " + ".join(f"{i.points}" for i in items),
            "by_programme": by_programme,
        },
    )


def methods(request: HttpRequest) -> HttpResponse:
    _need(request, "score.view")
    year = month_from_request(request).year
    versions = list(
        AssessmentMethod.objects.filter(year=year)
        .select_related("created_by")
        .prefetch_related("items")
        .order_by("group", "-version")
    )
    groups = []
    for group in UnitKind:
        mine = [m for m in versions if m.group == group.value]
        groups.append({"group": group, "current": mine[0] if mine else None, "older": mine[1:]})
    return render(
        request,
        "assessment/methods.html",
        {"year": year, "groups": groups, "can_edit": can(request.user, "method.change")},
    )


def method_edit(request: HttpRequest, group: str) -> HttpResponse:
    """Editing writes a new version; the page never changes a version in place."""
    _need(request, "method.change")
    if group not in UnitKind.values:
        raise Http404
    year = month_from_request(request).year
    current = services.current_method(year, group)
    form = MethodForm(request.POST or None, method=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            method = services.create_method_version(
                actor=authenticated_user(request),
                year=year,
                group=group,
                name=data["name"],
                items=data["items"],
                target_basis=data["target_basis"],
                pace=data["pace"],
                quarterly_top_n=data["quarterly_top_n"],
                quarterly_bottom_n=data["quarterly_bottom_n"],
                statement_item=data["statement_item"],
                change_note=data["change_note"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        except IntegrityError:
            form.add_error(None, _("他人刚保存了新版本，请刷新后重试"))
        else:
            messages.success(request, _("%(method)s 已保存为新版本") % {"method": method})
            return redirect(f"{_methods_url()}?as_of={year}-01")
    return render(
        request,
        "assessment/method_edit.html",
        {"form": form, "group": UnitKind(group), "current": current, "year": year},
    )


def _methods_url() -> str:
    return reverse("assessment:methods")


def adjustments(request: HttpRequest) -> HttpResponse:
    _need(request, "score.view_draft")
    month = month_from_request(request)
    form = AdjustmentForm(request.POST or None, initial={"month": str(month)})
    if request.method == "POST":
        _need(request, "method.change")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_adjustment(
                    actor=authenticated_user(request),
                    unit=d["unit"],
                    month=d["month"],
                    points=d["points"],
                    reason=d["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("已录入，重新计算该月得分后生效"))
                return redirect(f"{request.path}?as_of={d['month']}")
    rows = Adjustment.objects.filter(year=month.year).select_related("unit", "actor")
    return render(request, "assessment/adjustments.html", {"form": form, "rows": rows})


def quarter(request: HttpRequest) -> HttpResponse:
    _need(request, "score.view")
    month = month_from_request(request)
    q = month.quarter
    return render(
        request,
        "assessment/quarter.html",
        {"year": month.year, "quarter": q, "lists": queries.quarterly_lists(month.year, q)},
    )


def _bulletin_content(
    request: HttpRequest, kind: str, year: int, period: int
) -> tuple[dict[str, Any], Bulletin | None]:
    if kind not in BulletinKind.values or not (
        1 <= period <= (12 if kind == BulletinKind.MONTHLY else 4)
    ):
        raise Http404
    _need(request, "score.view")
    published = Bulletin.objects.filter(kind=kind, year=year, period=period).first()
    if published is not None:
        return published.content, published
    # An unpublished bulletin is a draft: only its publisher previews it.
    _need(request, "bulletin.publish")
    return bulletin_mod.build_content(kind, year, period), None


def bulletin_html(request: HttpRequest, kind: str, year: int, period: int) -> HttpResponse:
    content, published = _bulletin_content(request, kind, year, period)
    form = BulletinPublishForm(
        request.POST or None,
        initial={"number": bulletin_mod.default_number(kind, year, period)},
    )
    if request.method == "POST":
        _need(request, "bulletin.publish")
        if published is None and form.is_valid():
            try:
                services.publish_bulletin(
                    actor=authenticated_user(request),
                    kind=kind,
                    year=year,
                    period=period,
                    number=form.cleaned_data["number"],
                    content=content,
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("通报已发布"))
            return redirect(request.path)
    number = published.number if published else bulletin_mod.default_number(kind, year, period)
    return render(
        request,
        "assessment/bulletin.html",
        {
            "c": content,
            "d": for_page(bulletin_mod.document(content, number, charts=False)),
            "bulletin": published,
            "number": number,
            "form": form,
            "kind": kind,
            "year": year,
            "period": period,
            "can_publish": published is None and can(request.user, "bulletin.publish"),
        },
    )


def bulletin_docx(request: HttpRequest, kind: str, year: int, period: int) -> HttpResponseBase:
    return _bulletin_file(request, kind, year, period, "docx")


def bulletin_pdf(request: HttpRequest, kind: str, year: int, period: int) -> HttpResponseBase:
    return _bulletin_file(request, kind, year, period, "pdf")


def _bulletin_file(
    request: HttpRequest, kind: str, year: int, period: int, fmt: str
) -> HttpResponseBase:
    """The bulletin as .docx, or as PDF with embedded fonts (LibreOffice); each download is
    audited with its format."""
    content, published = _bulletin_content(request, kind, year, period)
    number = published.number if published else bulletin_mod.default_number(kind, year, period)
    data = bulletin_mod.render_docx(content, number)
    name = f"bulletin-{kind}-{year}-{period}.{fmt}"
    if fmt == "pdf":
        try:
            data = docx_to_pdf_bytes(data, name=f"bulletin-{kind}-{year}-{period}")
        except PdfConversionError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    record(
        "bulletin.downloaded",
        actor=authenticated_user(request),
        obj=published,
        object_type="assessment.bulletin",
        object_repr=content["title"],
        detail={"file": name, "format": fmt, "published": published is not None},
    )
    return document_response(data, fmt, name, f"{number}{content['title']}")
