"""Import (upload → preview → confirm) and export pages. Thin: the work is in services and
exports; an uploaded file waits for confirmation under var/imports/, outside the web root,
under a random name tied to the session, and is deleted on confirm or cancel."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.models import User
from duban.accounts.typing import authenticated_user
from duban.core import uploads
from duban.core.asof import month_from_request
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.transfer import pending, services
from duban.transfer.exports import XLSX_CONTENT_TYPE
from duban.transfer.exports.ledger import export_ledger
from duban.transfer.exports.monthly import export_monthly_template
from duban.transfer.exports.scores import ScoresNotAvailable, export_scores
from duban.transfer.exports.targets import export_targets
from duban.transfer.forms import MappingForm, UploadForm
from duban.transfer.models import ImportBatch
from duban.transfer.safety import FileRefused

_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
SESSION_KEY = "transfer_pending"


def _require(request: HttpRequest, action: str) -> User:
    """The signed-in user, when their role grants `action` (an anonymous user never does)."""
    user = request.user
    if not can(user, action) or not isinstance(user, User):
        raise PermissionDenied(action)
    return user


def index(request: HttpRequest) -> HttpResponse:
    user = _require(request, "export.run")
    month = month_from_request(request)
    units = restrict(Unit.objects.filter(is_active=True), user, "export.run")
    batches = ImportBatch.objects.filter(actor=user)[:20]
    return render(
        request,
        "transfer/index.html",
        {"form": UploadForm(), "month": month, "units": units, "batches": batches},
    )


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    _require(request, "export.run")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择导入内容和文件"))
        return redirect("transfer:index")
    uploaded = form.cleaned_data["file"]
    data = uploaded.read(settings.DUBAN_IMPORT_MAX_BYTES + 1)
    kind = form.cleaned_data["kind"]
    name = Path(uploaded.name).name[:200]
    try:
        preview = services.preview_file(
            name,
            data,
            kind=kind,
            actor=authenticated_user(request),
            year=month_from_request(request).year,
        )
    except FileRefused as exc:
        services.record_refusal(
            name, data, exc.message, actor=authenticated_user(request), kind=kind
        )
        messages.error(request, _("文件被拒绝：%(reason)s") % {"reason": exc.message})
        return redirect("transfer:index")
    pending.expire()
    token = secrets.token_hex(16)
    pending.save(token, data)
    waiting = request.session.get(SESSION_KEY, {})
    waiting[token] = {"name": name, "kind": kind, "sha256": preview.sha256}
    request.session[SESSION_KEY] = waiting
    return _render_preview(request, token, preview)


def _load(request: HttpRequest, token: str) -> tuple[dict[str, Any], bytes]:
    waiting = request.session.get(SESSION_KEY, {})
    if not _TOKEN_RE.match(token) or token not in waiting:
        raise Http404
    path = pending.path_of(token)
    if not path.is_file():
        raise Http404
    if pending.is_stale(path):
        path.unlink(missing_ok=True)
        raise Http404
    data = path.read_bytes()
    info = waiting[token]
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        raise Http404
    return info, data


def _forget(request: HttpRequest, token: str) -> None:
    waiting = request.session.get(SESSION_KEY, {})
    waiting.pop(token, None)
    request.session[SESSION_KEY] = waiting
    pending.path_of(token).unlink(missing_ok=True)


def _render_preview(
    request: HttpRequest, token: str, preview: Any, status: int = 200
) -> HttpResponse:
    rows = preview.rows
    shown = [r for r in rows if r.outcome in ("error", "new", "update")][:500]
    return render(
        request,
        "transfer/preview.html",
        {
            "token": token,
            "preview": preview,
            "shown": shown,
            "mapping_form": MappingForm(),
            "can_map": can(request.user, "import.run"),
        },
        status=status,
    )


def preview(request: HttpRequest, token: str) -> HttpResponse:
    info, data = _load(request, token)
    result = services.preview_file(
        info["name"],
        data,
        kind=info["kind"],
        actor=authenticated_user(request),
        year=month_from_request(request).year,
    )
    return _render_preview(request, token, result)


@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    info, data = _load(request, token)
    if "cancel" in request.POST:
        _forget(request, token)
        messages.success(request, _("已取消，未写入任何数据"))
        return redirect("transfer:index")
    result = services.preview_file(
        info["name"],
        data,
        kind=info["kind"],
        actor=authenticated_user(request),
        year=month_from_request(request).year,
    )
    if not result.ok:
        messages.error(request, _("文件中有错误，未写入任何数据"))
        return _render_preview(request, token, result, status=400)
    try:
        services.commit(result, actor=authenticated_user(request))
    except StaleVersionError as exc:
        messages.error(request, _("%(error)s（本次导入已全部撤销）") % {"error": exc})
        return _render_preview(request, token, result, status=409)
    except ValidationError as exc:
        messages.error(
            request, _("导入失败，已全部撤销：%(errors)s") % {"errors": "；".join(exc.messages)}
        )
        return _render_preview(request, token, result, status=400)
    _forget(request, token)
    messages.success(request, _("导入完成：%(summary)s") % {"summary": result.summary()})
    return redirect("transfer:index")


@require_POST
def save_mapping(request: HttpRequest, token: str) -> HttpResponse:
    info, _data = _load(request, token)
    form = MappingForm(request.POST)
    if form.is_valid():
        try:
            services.save_mapping(
                actor=authenticated_user(request), kind=info["kind"], **form.cleaned_data
            )
            messages.success(request, _("列映射已保存，以下为重新预览的结果"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("transfer:preview", token=token)


def _download(data: bytes, filename: str) -> HttpResponseBase:
    return uploads.download_response(data, filename=filename, content_type=XLSX_CONTENT_TYPE)


def export_ledger_view(request: HttpRequest) -> HttpResponseBase:
    _require(request, "export.run")
    year = month_from_request(request).year
    data, _rows = export_ledger(authenticated_user(request), year=year)
    return _download(data, f"项目台账-{year}.xlsx")


def export_targets_view(request: HttpRequest) -> HttpResponseBase:
    _require(request, "export.run")
    year = month_from_request(request).year
    data, _rows = export_targets(authenticated_user(request), year=year)
    return _download(data, f"任务分解表-{year}.xlsx")


def export_monthly_view(request: HttpRequest) -> HttpResponseBase:
    _require(request, "export.run")
    month = month_from_request(request)
    unit = (
        restrict(Unit.objects.all(), request.user, "export.run")
        .filter(code=request.GET.get("unit", ""))
        .first()
    )
    if unit is None:
        raise Http404
    data, _rows = export_monthly_template(authenticated_user(request), unit=unit, month=month)
    return _download(data, f"月报-{unit.label}-{month}.xlsx")


def export_scores_view(request: HttpRequest) -> HttpResponseBase:
    _require(request, "score.view")
    month = month_from_request(request)
    try:
        data, _rows = export_scores(authenticated_user(request), month=month)
    except ScoresNotAvailable as exc:
        messages.error(request, str(exc))
        return redirect("transfer:index")
    return _download(data, f"考评排名-{month}.xlsx")
