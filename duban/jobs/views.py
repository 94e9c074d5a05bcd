"""The jobs page: start a long job, then watch its progress (polled, static script) and result."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.core.asof import month_from_request
from duban.core.validation import error_text
from duban.jobs import services
from duban.jobs.kinds import KINDS, startable
from duban.jobs.models import Job


def _visible(request: HttpRequest) -> list[str]:
    kinds = [k.code for k in startable(authenticated_user(request))]
    if not kinds:
        raise PermissionDenied("job")
    return kinds


def index(request: HttpRequest) -> HttpResponse:
    kinds = _visible(request)
    rows = Job.objects.filter(kind__in=kinds).select_related("started_by")[:50]
    return render(
        request,
        "jobs/index.html",
        {
            "jobs": [(job, KINDS[job.kind].label) for job in rows],
            "kinds": [KINDS[k] for k in kinds],
            "month": str(month_from_request(request)),
        },
    )


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    _visible(request)
    try:
        job = services.start_job(
            request.POST.get("kind", ""),
            actor=authenticated_user(request),
            params={"month": request.POST.get("month", "")},
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("jobs:index")
    return redirect("jobs:detail", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(
        Job.objects.select_related("started_by"), pk=pk, kind__in=_visible(request)
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    result = [(key, _plain(value)) for key, value in job.result.items()]
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "label": KINDS[job.kind].label, "result": result},
    )


def _plain(value: Any) -> str:
    """A result value as a line of text (a dict of counts, a list of outcomes)."""
    if isinstance(value, dict):
        return "，".join(f"{k} {_plain(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "；".join(_plain(v) for v in value) or "—"
    return str(value)


def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.message,
            "finished": job.is_finished,
            "error": job.error,
        }
    )
