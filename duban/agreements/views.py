"""Agreement pages: a year's standings (who signed, who has not), one agreement with its annex,
the .docx/PDF, and 发改局 drafting, issuing and registering the signed scan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.models import User
from duban.agreements import services
from duban.agreements.choices import AgreementStatus
from duban.agreements.content import annex_rows
from duban.agreements.documents import build_docx, document
from duban.agreements.forms import IssueForm, SignForm
from duban.agreements.models import Agreement
from duban.agreements.queries import standings
from duban.audit.queries import history_for
from duban.audit.services import record
from duban.core.asof import today
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.officialdoc import PdfConversionError, docx_to_pdf_bytes
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404
from duban.core.validation import error_text
from duban.documents.presentation import document_response, for_page


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return today().year


def index(request: HttpRequest) -> HttpResponse:
    _need(request, "agreement.view")
    year = _year(request)
    rows = standings(request.user, year)
    pending = [r for r in rows if not r.signed]
    years = sorted(
        set(Agreement.objects.values_list("year", flat=True)) | {year, today().year}, reverse=True
    )
    return render(
        request,
        "agreements/index.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "pending": pending,
            "signed_count": len(rows) - len(pending),
            "can_manage": can(request.user, "agreement.manage"),
        },
    )


@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    _need(request, "agreement.manage")
    year = _year(request)
    drawn = services.generate(year, actor=_user(request))
    messages.success(request, _("已生成或更新 %(n)s 份目标责任书草稿。") % {"n": len(drawn)})
    return redirect(f"{reverse('agreements:index')}?year={year}")


def _found(request: HttpRequest, pk: int) -> Agreement:
    return get_scoped_or_404(
        Agreement.objects.select_related("unit", "signed_by"),
        request.user,
        "agreement.view",
        pk=pk,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    manage = can(request.user, "agreement.manage")
    issue_form = sign_form = None
    if manage and found.status == AgreementStatus.DRAFT:
        issue_form = IssueForm(
            initial={
                "version": found.version,
                "district_signatory": found.content.get("district_leader", ""),
            }
        )
    if manage and found.status == AgreementStatus.ISSUED:
        sign_form = SignForm(
            initial={"version": found.version, "unit_signatory": found.unit_signatory}
        )
    return _detail(request, found, issue_form, sign_form)


def _detail(
    request: HttpRequest,
    found: Agreement,
    issue_form: IssueForm | None,
    sign_form: SignForm | None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "agreement": found,
        "d": for_page(document(found)),
        "annex": annex_rows(found.content),
        "scans": list(found.evidence_files.order_by("id")),
        "issue_form": issue_form,
        "sign_form": sign_form,
        "history": history_for(found)[:50],
    }
    return render(request, "agreements/detail.html", context, status=status)


@require_POST
@not_an_edit_page("a state move: issuing freezes the drawn content and gives the 文号")
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "agreement.manage")
    found = _found(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue(
                found,
                actor=_user(request),
                expected_version=form.cleaned_data["version"],
                district_signatory=form.cleaned_data["district_signatory"],
                unit_signatory=form.cleaned_data["unit_signatory"],
            )
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("目标责任书已印发，请双方签字盖章后上传扫描件。"))
            return redirect("agreements:detail", pk=found.pk)
    return _detail(request, found, form, None, status=400)


@require_POST
@not_an_edit_page("a state move: registering the signed scan locks the agreement")
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "agreement.manage")
    found = _found(request, pk)
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.sign(
                found,
                actor=_user(request),
                expected_version=form.cleaned_data["version"],
                signed_on=form.cleaned_data["signed_on"],
                scans=form.cleaned_data["scans"],
                unit_signatory=form.cleaned_data["unit_signatory"],
            )
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("目标责任书已签订并锁定。"))
            return redirect("agreements:detail", pk=found.pk)
    return _detail(request, found, None, form, status=400)


def agreement_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(request, pk, "docx")


def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(request, pk, "pdf")


def _file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The agreement as .docx, or as PDF with embedded fonts; each download audited."""
    found = _found(request, pk)
    data = build_docx(found)
    name = f"agreement-{found.year}-{found.unit.code}"
    if fmt == "pdf":
        try:
            data = docx_to_pdf_bytes(data, name=name)
        except PdfConversionError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    record("agreement.downloaded", actor=_user(request), obj=found, detail={"format": fmt})
    return document_response(data, fmt, f"{name}.{fmt}", str(found))
