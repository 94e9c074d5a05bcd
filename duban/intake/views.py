"""The intake pages: upload or paste a document, review its highlighted proposals.

Thin views: parse input, fetch through the scoping helper, call one service, render or
redirect. Only roles granted ``intake.use`` (发改局 supervisors) get anywhere: the matrix
answers 403 on the index and 404 on any record, like a record that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.accounts.roles import can
from duban.core.asof import month_from_request
from duban.core.models import StaleVersionError
from duban.core.numbers import plain
from duban.core.scoping import get_scoped_or_404, restrict
from duban.intake import services
from duban.intake.choices import ProposalStatus
from duban.intake.forms import ReviewForm, UploadForm
from duban.intake.models import IntakeDocument, Proposal
from duban.targets.models import Metric

ACTION = "intake.use"


def highlight_segments(text: str, proposals: list[Proposal]) -> list[dict[str, Any]]:
    """The document cut into plain and highlighted pieces, in order (overlaps are skipped)."""
    segments: list[dict[str, Any]] = []
    position = 0
    for proposal in sorted(proposals, key=lambda p: (p.start, p.end)):
        if proposal.start < position or proposal.end > len(text):
            continue
        if proposal.start > position:
            segments.append({"text": text[position : proposal.start], "proposal": None})
        segments.append({"text": text[proposal.start : proposal.end], "proposal": proposal})
        position = proposal.end
    if position < len(text):
        segments.append({"text": text[position:], "proposal": None})
    return segments


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Upload or paste a document; list the documents read so far."""
    if not can(request.user, ACTION):
        raise PermissionDenied(ACTION)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            document = services.create_document(form.cleaned_data["document"], actor=request.user)
            messages.success(
                request, _("已识别 %(count)d 条目标建议。") % {"count": document.proposals.count()}
            )
            return redirect("intake:review", pk=document.pk)
        upload = request.FILES.get("file")
        if upload is not None:
            services.record_refused_upload(
                upload.name or "",
                "; ".join(str(e) for e in form.non_field_errors()),
                actor=request.user,
            )
    documents = restrict(IntakeDocument.objects.all(), request.user, ACTION).select_related(
        "uploaded_by"
    )[:50]
    return render(request, "intake/index.html", {"form": form, "documents": documents})


def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The document with every proposal highlighted, and a review form per proposal."""
    document = get_scoped_or_404(IntakeDocument.objects.all(), request.user, ACTION, pk=pk)
    proposals = list(document.proposals.select_related("target"))
    metrics = list(Metric.objects.all())
    year = document.year or month_from_request(request).year
    rows = []
    for proposal in proposals:
        guess = services.guess_metric(proposal.metric, metrics)
        form = ReviewForm(
            initial={
                "version": proposal.version,
                # 40, never Decimal.normalize()'s "4E+1"; every digit kept (it is saved back).
                "value": plain(proposal.value, places=None),
                "value_unit": proposal.unit,
                "metric_text": proposal.metric,
                "comparator": proposal.comparator,
                "year": year,
                "metric": guess.pk if guess else None,
            },
            prefix=f"p{proposal.pk}",
        )
        rows.append({"proposal": proposal, "form": form})
    counts = {status: 0 for status in ProposalStatus.values}
    for proposal in proposals:
        counts[proposal.status] += 1
    return render(
        request,
        "intake/review.html",
        {
            "document": document,
            "segments": highlight_segments(document.original_text, proposals),
            "rows": rows,
            "counts": counts,
        },
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, edit or reject one proposal (the button pressed says which)."""
    proposal = get_scoped_or_404(
        Proposal.objects.select_related("document"), request.user, ACTION, pk=pk
    )
    form = ReviewForm(request.POST, prefix=f"p{proposal.pk}")
    action = request.POST.get("action", "")
    back = redirect(f"{proposal.document.get_absolute_url()}#p-{proposal.pk}")
    if action not in ("accept", "edit", "reject") or not form.is_valid():
        messages.error(request, _("提交的内容无效，请检查后重试。"))
        return back
    data = form.cleaned_data
    changes = {
        "value": data["value"],
        "unit": data["value_unit"],
        "metric": data["metric_text"],
        "comparator": data["comparator"],
    }
    changes = {k: v for k, v in changes.items() if getattr(proposal, k) != v}
    try:
        if action == "reject":
            services.reject_proposal(proposal, actor=request.user, expected_version=data["version"])
            messages.success(request, _("已驳回。"))
        elif action == "edit":
            services.edit_proposal(
                proposal, actor=request.user, expected_version=data["version"], changes=changes
            )
            messages.success(request, _("已保存修改。"))
        else:
            if not form.require_target_fields():
                messages.error(request, _("接受前请选择年度和指标。"))
                return back
            target = services.accept_proposal(
                proposal,
                actor=request.user,
                expected_version=data["version"],
                year=data["year"],
                metric=data["metric"],
                unit=data["unit"],
                changes=changes,
            )
            messages.success(request, _("已生成目标任务：%(target)s") % {"target": target})
    except StaleVersionError:
        messages.error(request, _("该建议已被他人修改，请刷新后重试。"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return back
