"""The audit trail for the audit admin only: list, filter, export (C1–C3, B4).

Reading and exporting the trail are themselves audited events.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from duban.audit import queries
from duban.audit.catalogue import describe
from duban.audit.forms import TrailFilterForm
from duban.audit.masking import mask_personal, mask_text
from duban.audit.models import AuditEvent
from duban.audit.services import record
from duban.core import uploads
from duban.core.roles import can

EXPORT_MAX_ROWS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will never evaluate: formula-like text gets a leading quote (E4)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _filters(request: HttpRequest) -> tuple[TrailFilterForm, dict[str, Any]]:
    form = TrailFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "audit.view"):
        raise PermissionDenied
    form, filters = _filters(request)
    page = Paginator(queries.trail(filters), 50).get_page(request.GET.get("page"))
    # Read the page before writing this view's own row, or it would push the last one off.
    rows = [(row, describe(row.event)) for row in page]
    with transaction.atomic():
        record(
            "audit.viewed",
            actor=request.user,
            detail={"filters": {k: str(v) for k, v in filters.items() if v}, "page": page.number},
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def export(request: HttpRequest) -> HttpResponseBase:
    if not can(request.user, "audit.export"):
        raise PermissionDenied
    _, filters = _filters(request)
    # Fix the set before writing this export's own row, so the file matches the count audited.
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    qs = queries.trail(filters).filter(id__lte=last)[:EXPORT_MAX_ROWS]
    with transaction.atomic():
        record(
            "audit.exported",
            actor=request.user,
            detail={"filters": {k: str(v) for k, v in filters.items() if v}, "rows": qs.count()},
        )
    writer = csv.writer(_Echo())
    header = [
        "id", "时间", "用户名", "角色", "IP", "请求编号", "事件", "事件说明", "对象类型",
        "对象编号", "对象名称", "结果", "变更前", "变更后", "详情", "哈希",
    ]  # fmt: skip

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        e.pk, timezone.localtime(e.occurred_at).isoformat(), e.actor_username,
                        e.actor_role, e.ip, e.request_id, e.event, describe(e.event),
                        e.object_type, e.object_id, mask_text(e.object_repr), e.outcome,
                        mask_personal(e.before), mask_personal(e.after),
                        mask_personal(e.detail), e.hash,
                    )
                ]
            )  # fmt: skip

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return uploads.download_response(
        rows(), filename=f"audit-{stamp}.csv", content_type="text/csv; charset=utf-8"
    )
