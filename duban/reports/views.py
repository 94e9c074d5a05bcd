"""Monthly dispatch pages: the month overview, a unit's month grid, a report with its
versions and review actions, and the authorising evidence download. Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.core import evidence
from duban.core.asof import Month, month_from_request
from duban.core.editing import EditPage, edit_page, not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.panels import panels_for
from duban.core.roles import Role, can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.orgs.models import Unit
from duban.reports import queries, services
from duban.reports.forms import CorrectionForm, ReportRowForm, ReturnForm, WindowForm
from duban.reports.models import MonthlyReport


def _parse_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise Http404 from exc


def index(request: HttpRequest) -> HttpResponse:
    """The month at a glance for the user's scope, the review queue, and what a unit owes."""
    month = month_from_request(request)
    user: Any = request.user
    queue = queries.review_rows(user, month) if can(user, "report.review") else []
    context: dict[str, Any] = {
        "month": month,
        "rows": queries.month_overview(user, month),
        "due": queries.due_date(month.year, month.month),
        "queue": queue,
        "clean_count": sum(1 for row in queue if row.clean),
        "can_review": can(user, "report.review"),
        "window_form": WindowForm() if can(user, "report.window") else None,
        "owed": [],
    }
    if user.role == Role.REPORTER and user.unit_id:
        context["owed"] = queries.owed_months(user.unit, month)
        context["own_unit"] = user.unit
    return render(request, "reports/index.html", context)


@require_POST
def set_window(request: HttpRequest, month: str) -> HttpResponse:
    m = _parse_month(month)
    if not can(request.user, "report.window"):
        raise Http404
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            services.set_window(
                actor=authenticated_user(request), year=m.year, month=m.month, **form.cleaned_data
            )
            messages.success(request, _("报送时限已设置"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("请填写有效的截止日期"))
    return redirect(f"{reverse('reports:index')}?as_of={m}")


def _row_forms(request: HttpRequest, rows: list[queries.GridRow]) -> dict[int, ReportRowForm]:
    forms = {}
    for row in rows:
        if row.report is not None and not row.report.is_editable:
            continue
        initial: dict[str, Any] = {}
        if row.report is not None:
            initial = {name: getattr(row.report, name) for name in ReportRowForm.DATA_FIELDS}
            initial["version"] = row.report.version
        forms[row.project.pk] = ReportRowForm(
            request.POST or None,
            request.FILES or None,
            initial=initial,
            prefix=f"p{row.project.pk}",
        )
    return forms


def _gudongs_september() -> tuple[dict[str, Any], QuerySet[MonthlyReport]]:
    unit = Unit.objects.get(code="gudong")
    reports = MonthlyReport.objects.filter(project__unit=unit, year=2021, month=9)
    return {"unit_id": unit.pk, "month": "2021-09"}, reports


@edit_page(
    EditPage("reports:unit_month", "gudong", _gudongs_september, submit="button[value=save]")
)
def unit_month(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    """A unit's month on one page: a row per project, saved all at once (phone-friendly)."""
    m = _parse_month(month)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, "report.view", pk=unit_id)
    user: Any = request.user
    editable = can(user, "report.edit") and user.unit_id == unit.pk
    # Rows still to be filled come first: on a phone nobody scrolls past approved ones.
    rows = sorted(
        queries.unit_month_rows(unit, m),
        key=lambda row: row.report is not None and not row.report.is_editable,
    )
    forms = _row_forms(request, rows) if editable else {}
    status = 200
    if request.method == "POST":
        if not editable:
            raise Http404
        submit = request.POST.get("action") == "submit"
        if all(f.is_valid() for f in forms.values()):
            entries = [
                services.GridEntry(
                    project=row.project,
                    expected_version=forms[row.project.pk].cleaned_data["version"],
                    data=forms[row.project.pk].data_values(),
                    uploads=forms[row.project.pk].cleaned_data["evidence"],
                    submit=submit,
                )
                for row in rows
                if row.project.pk in forms
                and forms[row.project.pk].has_entry()
                and (submit or forms[row.project.pk].has_changed())
            ]
            try:
                saved = services.file_month(actor=user, year=m.year, month=m.month, entries=entries)
            except StaleVersionError as exc:
                project = exc.obj
                messages.error(
                    request,
                    _("%(project)s：该月报已被他人修改（或您重复提交了页面），本次保存未执行，"
                      "您填写的内容仍在下方，请刷新后核对再保存。") % {"project": project},
                )  # fmt: skip
                status = 409
            except ValidationError as exc:
                for text in exc.messages:
                    messages.error(request, text)
                status = 400
            else:
                done = _("已报送 %(n)d 份月报") if submit else _("已保存 %(n)d 份月报草稿")
                messages.success(request, done % {"n": len(saved)})
                return redirect("reports:unit_month", unit_id=unit.pk, month=str(m))
        else:
            for row in rows:
                form = forms.get(row.project.pk)
                if form is not None and form.errors:
                    for field, errs in form.errors.items():
                        label = form.fields[field].label if field in form.fields else field
                        for err in errs:
                            messages.error(request, f"{row.project.code}“{label}”：{err}")
            status = 400
    return render(
        request,
        "reports/unit_month.html",
        {
            "unit": unit,
            "month": m,
            "rows": [(row, forms.get(row.project.pk)) for row in rows],
            "editable": editable,
            "due": queries.due_date(m.year, m.month),
            "previous": m.previous(),
            "next": m.next(),
            "accept": evidence.ACCEPT_ATTR,
            # Upper apps' sections of the month (a unit's tasks and findings: duban.tasks).
            "panels": panels_for("reports.unit_month", request, (unit, m)),
        },
        status=status,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: its current content, every frozen version, evidence and review actions."""
    report = get_scoped_or_404(
        MonthlyReport.objects.select_related("project", "project__unit", "project__category"),
        request.user,
        "report.view",
        pk=pk,
    )
    user: Any = request.user
    may_review = restrict(MonthlyReport.objects.filter(pk=pk), user, "report.review").exists()
    may_edit = restrict(MonthlyReport.objects.filter(pk=pk), user, "report.edit").exists()
    correction = None
    if report.status == "approved" and (may_review or may_edit):
        correction = CorrectionForm(
            initial={
                "version": report.version,
                **{name: getattr(report, name) for name in services.DRAFT_FIELDS},
            }
        )
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "revisions": report.revisions.select_related("actor", "supersedes").order_by("seq"),
            "files": report.evidence_files.all(),
            "can_review": may_review and report.status == "submitted",
            "return_form": ReturnForm(),
            "correction": correction,
            "late": queries.is_late(report),
            "report_month": Month(report.year, report.month),
            "due": queries.due_date(report.year, report.month),
            "raised_problem": services.reported_problem(report),
            "can_raise": can(user, "problem.raise") and bool(report.problems_text.strip()),
        },
    )


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped_or_404(MonthlyReport.objects.all(), request.user, "report.review", pk=pk)
    try:
        report.version = int(request.POST.get("version") or report.version)
    except ValueError:
        report.version = 0  # a mangled version can only be stale
    try:
        if request.POST.get("action") == "approve":
            services.approve_report(report, actor=authenticated_user(request))
            messages.success(request, _("月报已审核通过"))
        else:
            services.return_report(
                report, actor=authenticated_user(request), reason=request.POST.get("reason", "")
            )
            messages.success(request, _("月报已退回"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [_("无权操作")])))
    next_url = request.POST.get("next", "")
    if next_url == "index":
        return redirect(f"{reverse('reports:index')}?as_of={report.year}-{report.month:02d}")
    return redirect("reports:detail", pk=report.pk)


def _batch_items(request: HttpRequest, month: Month) -> list[services.ReviewItem] | None:
    """The reports a batch form names, each with the version shown on the page; None when the
    form was tampered with (a non-numeric id or version)."""
    post = request.POST
    try:
        versions = {
            int(key[1:]): int(post.get(key, ""))
            for key in post
            if key.startswith("v") and key[1:].isdigit()
        }
        if "one" in post:
            wanted = [int(post.get("one", ""))]
        elif post.get("action") == "approve_clean":
            shown = queries.review_rows(request.user, month, ids=versions)
            wanted = [row.report.pk for row in shown if row.clean]
        else:
            wanted = [int(value) for value in post.getlist("report")]
    except ValueError:
        return None
    # A report without a version on the page can only be stale (0 never matches).
    return [services.ReviewItem(pk, versions.get(pk, 0)) for pk in dict.fromkeys(wanted)]


@require_POST
@not_an_edit_page("a review decision on reports the reviewer did not type")
def review_batch(request: HttpRequest) -> HttpResponse:
    """Approve a selection, every report without a warning, or return a selection with one
    reason; each report reviewed, versioned and audited on its own (services.review_batch)."""
    if not can(request.user, "report.review"):
        raise Http404
    user = authenticated_user(request)
    month = _parse_month(request.POST.get("month", ""))
    back = redirect(f"{reverse('reports:index')}?as_of={month}")
    items = _batch_items(request, month)
    if items is None:
        messages.error(request, _("审核请求无效，请刷新页面后重试"))
        return back
    approve = request.POST.get("action") != "return" or "one" in request.POST
    if not items:
        messages.info(request, _("没有可一键通过的月报：待审核的月报都有提示，请逐份审核"))
        return back
    try:
        outcome = services.review_batch(
            actor=user, items=items, approve=approve, reason=request.POST.get("reason", "")
        )
    except PermissionDenied as exc:
        raise Http404 from exc  # a report outside the reviewer's scope: nothing was done
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return back
    if outcome.done:
        done = _("已审核通过 %(n)d 份月报") if approve else _("已退回 %(n)d 份月报")
        messages.success(request, done % {"n": len(outcome.done)})
    if outcome.stale:
        stale = _(
            "%(n)d 份月报在您打开页面后已被他人处理或修改，本次未操作：%(list)s。请核对后再审核。"
        )
        codes = "、".join(r.project.code for r in outcome.stale)
        messages.error(request, stale % {"n": len(outcome.stale), "list": codes})
    for report, reason in outcome.refused:
        messages.error(request, f"{report.project.code}：{reason}")
    return back


@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped_or_404(MonthlyReport.objects.all(), request.user, "report.view", pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"“{label}”：{'；'.join(str(e) for e in errs)}")
        return redirect("reports:detail", pk=report.pk)
    report.version = form.cleaned_data["version"]
    data = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
    try:
        services.correct_report(
            report, actor=authenticated_user(request), reason=form.cleaned_data["reason"], data=data
        )
        messages.success(request, _("已生成更正版本"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("reports:detail", pk=report.pk)


@require_POST
def raise_problem(request: HttpRequest, pk: int) -> HttpResponse:
    """存在问题 → 协调事项 in one step, from the report's page."""
    report = get_scoped_or_404(
        MonthlyReport.objects.select_related("project", "project__category"),
        request.user,
        "report.view",
        pk=pk,
    )
    try:
        problem = services.raise_reported_problem(report, actor=authenticated_user(request))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("已转为协调事项"))
    return redirect("problems:problem", pk=problem.pk)
