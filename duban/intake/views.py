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

from duban.accounts.typing import authenticated_user
from duban.core.asof import Month, month_from_request
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.intake import queries, services
from duban.intake.choices import ProposalStatus
from duban.intake.forms import ReviewForm, UploadForm
from duban.intake.models import IntakeDocument, Proposal
from duban.intake.text import SourceDocument, reread
from duban.orgs.models import District
from duban.projects.models import Category
from duban.targets.models import Metric, Target

ACTION = "intake.use"


def highlight_segments(document: SourceDocument, proposals: list[Proposal]) -> list[dict[str, Any]]:
    """The document as read cut into plain and highlighted pieces, in order.

    Proposal offsets index the original (a page's HTML source); the page is shown as its
    visible text, so each span is mapped back to the words it was read from. Overlapping
    spans are skipped.
    """
    text = document.text
    segments: list[dict[str, Any]] = []
    position = 0
    spans = sorted(((document.to_text(p.start, p.end), p) for p in proposals), key=lambda s: s[0])
    for (start, end), proposal in spans:
        if start < position or end > len(text):
            continue
        if start > position:
            segments.append({"text": text[position:start], "proposal": None})
        segments.append({"text": text[start:end], "proposal": proposal})
        position = end
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
            document = services.create_document(
                form.cleaned_data["document"], actor=authenticated_user(request)
            )
            messages.success(
                request, _("已识别 %(count)d 条目标建议。") % {"count": document.proposals.count()}
            )
            return redirect("intake:review", pk=document.pk)
        upload = request.FILES.get("file")
        if upload is not None:
            services.record_refused_upload(
                upload.name or "",
                "; ".join(str(e) for e in form.non_field_errors()),
                actor=authenticated_user(request),
            )
    documents = restrict(IntakeDocument.objects.all(), request.user, ACTION).select_related(
        "uploaded_by"
    )[:50]
    return render(request, "intake/index.html", {"form": form, "documents": documents})


def _initial(proposal: Proposal, year: int, guesses: dict[str, Any]) -> dict[str, Any]:
    """The review form's defaults: what the extractor read, placed in the table's year."""
    return {
        "version": proposal.version,
        "value": proposal.value_text,
        "value_unit": proposal.unit,
        "metric_text": proposal.metric,
        "comparator": proposal.comparator,
        "year": year,
        "metric": guesses["metric"].pk if guesses["metric"] else None,
        "category": guesses["category"].pk if guesses["category"] else None,
        "min_investment": proposal.floor_wan,
        "strategic_only": proposal.strategic,
        "foreign_only": proposal.foreign,
        "due_month": proposal.due_month,
        "commitment": proposal.commitment,
    }


def _render_review(
    request: HttpRequest,
    document: IntakeDocument,
    *,
    bound: ReviewForm | None = None,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The review page; ``bound`` replaces one proposal's form (a refused or pending accept)."""
    proposals = list(document.proposals.select_related("target", "parent", "partner"))
    metrics = list(Metric.objects.all())
    categories = list(Category.objects.all())
    year = _as_of(request).year
    rows = []
    for proposal in proposals:
        guesses = {
            "metric": queries.guess_metric(proposal, metrics),
            "category": queries.guess_category(proposal.category_hint, categories),
        }
        form = ReviewForm(initial=_initial(proposal, year, guesses), prefix=f"p{proposal.pk}")
        if bound is not None and bound.prefix == form.prefix:
            form = bound
        rows.append(
            {
                "proposal": proposal,
                "form": form,
                "conflict": conflict if conflict and conflict["proposal"] == proposal.pk else None,
            }
        )
    counts = {status: 0 for status in ProposalStatus.values}
    for proposal in proposals:
        counts[proposal.status] += 1
    district = District.current()
    return render(
        request,
        "intake/review.html",
        {
            "document": document,
            "segments": highlight_segments(
                reread(document.original_text, document.kind), proposals
            ),
            "rows": rows,
            "counts": counts,
            "table_year": year,
            "as_of": _as_of(request),
            "district": district,
            "mismatches": queries.subject_mismatches(document, year),
        },
        status=status,
    )


def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The document with every proposal highlighted, and a review form per proposal."""
    document = get_scoped_or_404(IntakeDocument.objects.all(), request.user, ACTION, pk=pk)
    return _render_review(request, document)


def _as_of(request: HttpRequest) -> Month:
    """The table's month: the review forms post it back, so a decision keeps the page's year."""
    posted = request.POST.get("as_of", "")
    if posted:
        try:
            return Month.parse(posted)
        except ValueError:
            pass
    return month_from_request(request)


def _placement(data: dict[str, Any]) -> queries.Placement:
    """Where the reviewer put the target and what it counts, from the cleaned form."""
    return queries.Placement(
        year=data["year"],
        metric=data["metric"],
        unit=data["unit"],
        category=data["category"],
        min_total_investment_wan=data["min_investment"] or None,
        strategic_only=data["strategic_only"],
        foreign_only=data["foreign_only"],
        due_month=data["due_month"] or 12,
        commitment=data["commitment"] or "",
    )


@require_POST
@not_an_edit_page("a proposal is decided once (accept, reject or correct), not a stored record")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, edit or reject one proposal (the button pressed says which).

    Accepting a duplicate answers with the review page showing the proposal beside the
    targets it duplicates and the three ways out (update, keep both, skip); a document about
    another place or year is refused unless the reviewer ticked the confirmation.
    """
    proposal = get_scoped_or_404(
        Proposal.objects.select_related("document"), request.user, ACTION, pk=pk
    )
    user = authenticated_user(request)
    form = ReviewForm(request.POST, prefix=f"p{proposal.pk}")
    on_duplicate = request.POST.get("on_duplicate") or None
    action = "accept" if on_duplicate else request.POST.get("action", "")
    back = redirect(
        f"{proposal.document.get_absolute_url()}?as_of={_as_of(request)}#p-{proposal.pk}"
    )
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
            services.reject_proposal(proposal, actor=user, expected_version=data["version"])
            messages.success(request, _("已驳回。"))
        elif action == "edit":
            services.edit_proposal(
                proposal, actor=user, expected_version=data["version"], changes=changes
            )
            messages.success(request, _("已保存修改。"))
        else:
            if not form.require_target_fields():
                messages.error(request, _("接受前请选择年度和指标。"))
                return back
            duplicate = None
            if request.POST.get("duplicate"):
                duplicate = get_scoped_or_404(
                    Target.objects.all(), request.user, "target.view", pk=request.POST["duplicate"]
                )
            target = services.accept_proposal(
                proposal,
                actor=user,
                expected_version=data["version"],
                placement=_placement(data),
                changes=changes,
                confirm_subject=data["confirm_subject"],
                on_duplicate=on_duplicate,
                duplicate=duplicate,
                duplicate_version=_int_or_none(
                    request.POST.get(f"duplicate_version_{duplicate.pk}") if duplicate else None
                ),
            )
            if proposal.status == ProposalStatus.SKIPPED:
                messages.success(
                    request, _("已跳过，目标表保持不变：%(target)s") % {"target": target}
                )
            else:
                messages.success(request, _("已写入目标任务：%(target)s") % {"target": target})
    except services.SubjectMismatch as exc:
        messages.error(
            request,
            _("已拒绝：%(reasons)s。如确需采用，请勾选“确认采用”后再接受。")
            % {"reasons": "；".join(exc.reasons)},
        )
    except services.DuplicateTargets as exc:
        conflict = {"proposal": proposal.pk, "candidates": exc.candidates}
        return _render_review(request, proposal.document, bound=form, conflict=conflict, status=409)
    except StaleVersionError:
        messages.error(request, _("该建议或目标已被他人修改，请刷新后重试。"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return back


def _int_or_none(text: str | None) -> int | None:
    """A posted integer, or None when absent or not a number (never a 500)."""
    try:
        return int(text) if text else None
    except ValueError:
        return None
