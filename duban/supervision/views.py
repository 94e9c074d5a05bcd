"""Pages of the warning board, light explanations and letters. Thin: parse, fetch through
scoping, call one service or query, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.audit.queries import history_for
from duban.audit.services import record
from duban.core import uploads
from duban.core.asof import month_from_request, today
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.officialdoc import PdfConversionError, docx_to_pdf_bytes
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.core.validation import error_text
from duban.documents.presentation import document_response, for_page
from duban.problems.queries import overdue_problems
from duban.supervision import evidence, queries, services
from duban.supervision.choices import LetterStatus, LightKind
from duban.supervision.documents import build_docx, document
from duban.supervision.forms import BoardFilterForm, CancelLetterForm, IssueLetterForm, ReplyForm
from duban.supervision.models import LightRule, SupervisionLetter, TrajectoryCurve
from duban.supervision.rules import fmt

BOARD_PAGE_SIZE = 100


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def _reference_day(request: HttpRequest) -> dt.date:
    month = month_from_request(request)
    return queries.reference_day(month, chosen=bool(request.GET.get("as_of")))


def board(request: HttpRequest) -> HttpResponse:
    """发改局 and leaders: red and yellow by unit and category, overdue nodes, letters and
    problems. Reporters see the same page limited to their own unit."""
    _need(request, "warning.view")
    month = month_from_request(request)
    form = BoardFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    unit_ids = queries.visible_unit_ids(request.user)
    stored = queries.stored_board(month, unit_ids, filters)
    page: Page[Any]
    if stored is not None:  # the lights as last stored: filtered and paged by the database
        paginator = Paginator(stored.rows, BOARD_PAGE_SIZE)
        if stored.total is not None:  # the colour counts tell it: no count query
            paginator.count = stored.total
        page = paginator.get_page(request.GET.get("page"))
        rows, total = queries.as_lights(page.object_list), page.paginator.count
        counts, node_rows, node_total = stored.counts, stored.node_rows, stored.node_total
    else:  # a month never stored: computed on the request
        lights = queries.compute_lights(month, unit_ids)
        filtered = queries.filter_lights(lights, filters)
        page = Paginator(filtered, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
        rows, total, counts = list(page.object_list), len(filtered), queries.colour_counts(lights)
        all_colours = queries.filter_lights(lights, {**filters, "colour": "all"})
        with_nodes = [r for r in all_colours if r.nodes]
        node_rows, node_total = with_nodes[: queries.BOARD_NODE_LIMIT], len(with_nodes)
    day = _reference_day(request)
    return render(
        request,
        "supervision/board.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "total": total,
            "counts": counts,
            "node_rows": node_rows,
            "node_total": node_total,
            "letters": list(queries.overdue_letters(request.user, day)),
            "problems": list(overdue_problems(request.user, day)),
            "day": day,
            "rule": queries.thresholds_for(month),
        },
    )


def light(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """One light explained: expected, actual, gap, rule and version, forecast, history."""
    _need(request, "warning.view")
    if kind not in LightKind.values:
        raise Http404
    month = month_from_request(request)
    found = queries.light_for(request.user, kind, object_id, month)
    if found is None:
        raise Http404
    subject_field = {"target": "target_id", "task": "task_id"}.get(kind, "project_id")
    letters = restrict(SupervisionLetter.objects.all(), request.user, "letter.view").filter(
        **{subject_field: object_id}
    )
    can_issue = can(request.user, "letter.issue") and found.colour == "red"
    return render(
        request,
        "supervision/light.html",
        {
            "light": found,
            "history": queries.light_history(request.user, kind, object_id, month.year),
            "letters": letters,
            "issue_form": IssueLetterForm() if can_issue else None,
            "rule": queries.thresholds_for(month),
            "fmt_expected": fmt(found.expected),
            "fmt_actual": fmt(found.actual),
            "fmt_gap": fmt(found.gap),
            "fmt_forecast_share": fmt(found.forecast_share),
        },
    )


def rules(request: HttpRequest) -> HttpResponse:
    _need(request, "warning.view")
    return render(
        request,
        "supervision/rules.html",
        {
            "rules": LightRule.objects.select_related("curve"),
            "curves": TrajectoryCurve.objects.all(),
        },
    )


# --- letters -----------------------------------------------------------------------------


@require_POST
def issue_letter(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    _need(request, "letter.issue")
    month = month_from_request(request)
    found = (
        queries.light_for(request.user, kind, object_id, month)
        if kind in LightKind.values
        else None
    )
    if found is None:
        raise Http404
    form = IssueLetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return _back_to_light(kind, object_id, month)
    try:
        letter = services.issue_letter(
            found,
            actor=authenticated_user(request),
            deadline=form.cleaned_data["deadline"],
            month=month,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _back_to_light(kind, object_id, month)
    messages.success(request, _("已发督办函 %(n)s") % {"n": letter.number})
    return redirect("supervision:letter", pk=letter.pk)


def _back_to_light(kind: str, object_id: int, month: Any) -> HttpResponse:
    return redirect(f"{reverse('supervision:light', args=[kind, object_id])}?as_of={month}")


def letters(request: HttpRequest) -> HttpResponse:
    _need(request, "letter.view")
    rows = restrict(
        SupervisionLetter.objects.select_related("unit"), request.user, "letter.view"
    ).order_by("-year", "-serial")
    status = request.GET.get("status", "")
    if status in LetterStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "supervision/letters.html",
        {"rows": rows[:500], "status": status, "statuses": LetterStatus.choices, "day": today()},
    )


@not_an_edit_page("a reply is written once on an issued letter, never edited")
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        SupervisionLetter.objects.select_related("unit", "replied_by"),
        request.user,
        "letter.view",
        pk=pk,
    )
    can_reply = (
        can(request.user, "letter.reply")
        and request.user.unit_id == found.unit_id  # type: ignore[union-attr]
        and found.status in (LetterStatus.ISSUED, LetterStatus.ESCALATED)
    )
    form = ReplyForm(initial={"version": found.version}) if can_reply else None
    status = 200
    if request.method == "POST":
        if not can_reply:
            raise PermissionDenied("letter.reply")
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.reply_letter(
                    found,
                    actor=authenticated_user(request),
                    expected_version=form.cleaned_data["version"],
                    reply_text=form.cleaned_data["reply_text"],
                    upload=form.cleaned_data.get("evidence"),
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                status = 400
            except StaleVersionError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, _("回函已提交"))
                return redirect("supervision:letter", pk=found.pk)
        else:
            status = 400
    return render(
        request,
        "supervision/letter.html",
        {
            "letter": found,
            "d": for_page(document(found)),
            "form": form,
            "can_manage": can(request.user, "letter.issue"),
            "cancel_form": CancelLetterForm(),
            "history": history_for(found)[:50],
            "overdue": found.is_overdue(today()),
        },
        status=status,
    )


def letter_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _letter_file(request, pk, "docx")


def letter_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _letter_file(request, pk, "pdf")


def _letter_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The letter as .docx, or as PDF with embedded fonts; each download audited."""
    found = get_scoped_or_404(
        SupervisionLetter.objects.select_related("unit", "project"),
        request.user,
        "letter.view",
        pk=pk,
    )
    data = build_docx(found)
    name = f"letter-{found.year}-{found.serial}"
    if fmt == "pdf":
        try:
            data = docx_to_pdf_bytes(data, name=name)
        except PdfConversionError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    record(
        "letter.downloaded", actor=authenticated_user(request), obj=found, detail={"format": fmt}
    )
    return document_response(data, fmt, f"{name}.{fmt}", found.number)


def letter_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Evidence is streamed only through this view, as an attachment, to those who may see
    the letter (E5)."""
    found = get_scoped_or_404(SupervisionLetter.objects.all(), request.user, "letter.view", pk=pk)
    if not found.evidence_path:
        raise Http404
    try:
        handle = evidence.path_of(found.evidence_path).open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record("letter.evidence_downloaded", actor=authenticated_user(request), obj=found)
    return uploads.download_response(
        handle,
        filename=found.evidence_name or found.evidence_path,
        content_type=found.evidence_type or "application/octet-stream",
    )


@require_POST
def letter_close(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "letter.issue")
    found = get_scoped_or_404(SupervisionLetter.objects.all(), request.user, "letter.view", pk=pk)
    try:
        services.close_letter(found, actor=authenticated_user(request))
        messages.success(request, _("督办函已办结"))
    except (ValidationError, StaleVersionError) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    return redirect("supervision:letter", pk=pk)


@require_POST
def letter_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "letter.issue")
    found = get_scoped_or_404(SupervisionLetter.objects.all(), request.user, "letter.view", pk=pk)
    form = CancelLetterForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("撤销原因：请填写")})
        services.cancel_letter(
            found, actor=authenticated_user(request), reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("督办函已撤销，文号保留不再使用"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("supervision:letter", pk=pk)
