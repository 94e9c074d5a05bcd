"""Assessment pages: rankings, drill-down, methods, adjustments, quarterly lists, bulletins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.assessment import bulletin as bulletin_mod
from duban.assessment import items as item_registry
from duban.assessment import queries, services, whatif
from duban.assessment.choices import BulletinKind, SpeakingRole
from duban.assessment.forms import AdjustmentForm, AdoptForm, BulletinPublishForm, DraftForm
from duban.assessment.language import MethodSpec, spec_of
from duban.assessment.models import Adjustment, AssessmentMethod, Bulletin, MethodDraft
from duban.assessment.scoring import explain
from duban.assessment.speaking import describe
from duban.audit.services import record
from duban.core.asof import Month, month_from_request
from duban.core.editing import EditPage, edit_page, not_an_edit_page
from duban.core.models import StaleVersionError
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
                source["pending"] = found["pending"]
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
    can_edit = can(request.user, "method.change")
    drafts = (
        list(MethodDraft.objects.filter(year=year, adopted_as__isnull=True).order_by("-id"))
        if can_edit
        else []
    )
    groups = []
    for group in UnitKind:
        mine = [m for m in versions if m.group == group.value]
        current = mine[0] if mine else None
        groups.append(
            {
                "group": group,
                "current": current,
                "older": mine[1:],
                "rules": _rules_text(current),
                "drafts": [d for d in drafts if d.group == group.value],
            }
        )
    return render(
        request,
        "assessment/methods.html",
        {"year": year, "groups": groups, "can_edit": can_edit},
    )


def _rules_text(method: AssessmentMethod | None) -> list[tuple[str, str]]:
    if method is None:
        return []
    spec = spec_of(method)
    labels = {i.code: i.label for i in spec.items}
    roles = dict(SpeakingRole.choices)
    return [
        (str(roles.get(r.role, r.role)), describe(r, labels, translate=True)) for r in spec.speaking
    ]


@require_POST
def draft_start(request: HttpRequest, group: str) -> HttpResponse:
    """发改局 starts a draft: a copy of the adopted method, edited on the next page."""
    _need(request, "method.change")
    if group not in UnitKind.values:
        raise Http404
    year = _month_param(request).year
    draft = services.start_draft(actor=authenticated_user(request), year=year, group=group)
    return redirect("assessment:draft", pk=draft.pk)


def _draft(request: HttpRequest, pk: int) -> MethodDraft:
    _need(request, "method.change")
    return get_object_or_404(MethodDraft, pk=pk)


def _open_draft() -> tuple[dict[str, Any], Any]:
    """The demo's open draft (the browser walk saves it untouched)."""
    draft = MethodDraft.objects.filter(adopted_as__isnull=True).order_by("id").first()
    if draft is None:
        raise LookupError("the demo has no open method draft")
    return {"pk": draft.pk}, MethodDraft.objects.filter(pk=draft.pk)


@edit_page(EditPage("assessment:draft", "fgj", _open_draft))
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The method editor: items, weights, params, speaking rules; saving edits the draft."""
    draft = _draft(request, pk)
    form = DraftForm(request.POST or None, draft=draft)
    if request.method == "POST" and draft.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_draft(
                draft,
                actor=authenticated_user(request),
                expected_version=data["version"],
                name=data["name"],
                spec=data["spec"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("草稿已保存"))
            return redirect("assessment:draft", pk=draft.pk)
    spec = MethodSpec.from_dict(draft.spec)
    return render(
        request,
        "assessment/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "kinds": list(item_registry.REGISTRY.values()),
            "problems": list(spec.errors().values()),
        },
    )


def draft_whatif(request: HttpRequest, pk: int) -> HttpResponse:
    """The rankings every published month would have had under the draft, beside the
    published ones, with each unit's movement; and the adoption form."""
    draft = _draft(request, pk)
    spec = MethodSpec.from_dict(draft.spec)
    problems = list(spec.errors().values())
    months = [] if problems else whatif.compare(spec)
    return render(
        request,
        "assessment/draft_whatif.html",
        {
            "draft": draft,
            "months": months,
            "problems": problems,
            "adopt": AdoptForm(initial={"version": draft.version}),
        },
    )


@not_an_edit_page("adopting writes a new method version from the draft; nothing is edited")
@require_POST
def draft_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写修改说明"))
        return redirect("assessment:draft_whatif", pk=draft.pk)
    try:
        method = services.adopt_draft(
            draft,
            actor=authenticated_user(request),
            expected_version=form.cleaned_data["version"],
            change_note=form.cleaned_data["change_note"],
        )
    except (ValidationError, StaleVersionError, IntegrityError) as exc:
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("assessment:draft_whatif", pk=draft.pk)
    messages.success(request, _("%(method)s 已采用") % {"method": method})
    return redirect(f"{_methods_url()}?as_of={draft.year}-01")


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
        {
            "year": month.year,
            "quarter": q,
            "lists": queries.quarterly_lists(month.year, q, translate=True),
        },
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
