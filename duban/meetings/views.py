"""Meeting pages: the list, a new record, one meeting with its decisions (as tasks), its
通报会 speakers and commitments, and the minutes download. Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.audit.services import record
from duban.core.asof import month_from_request
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.documents.presentation import document_response
from duban.meetings import services
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.meetings.documents import build_docx
from duban.meetings.forms import DecisionForm, MeetingForm, SpeakerNoteForm
from duban.meetings.models import Meeting, Speaker
from duban.tasks.queries import reference_day


def _meetings(request: HttpRequest) -> Any:
    return restrict(Meeting.objects.select_related("chair"), request.user, "meeting.view")


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise Http404


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def index(request: HttpRequest) -> HttpResponse:
    _need(request, "meeting.view")
    kind = request.GET.get("kind", "")
    qs = _meetings(request)
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "meetings/index.html",
        {
            "meetings": qs,
            "kinds": MeetingKind.choices,
            "kind": kind,
            "can_manage": can(request.user, "meeting.manage"),
        },
    )


def new(request: HttpRequest) -> HttpResponse:
    _need(request, "meeting.manage")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(
                actor=authenticated_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("会议已登记"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/new.html", {"form": form})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "meeting.view")
    meeting = get_scoped_or_404(_meetings(request), request.user, "meeting.view", pk=pk)
    day = reference_day(month_from_request(request))
    decisions = [
        (d, d.task.standing_label(day), d.task.standing(day))
        for d in meeting.decisions.select_related("task", "task__lead_unit")
    ]
    speakers = list(meeting.speakers.select_related("unit"))
    manage = can(request.user, "meeting.manage")
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "experience": [s for s in speakers if s.role == SpeakerRole.EXPERIENCE],
            "statements": [s for s in speakers if s.role == SpeakerRole.STATEMENT],
            "earlier": services.previous_statements(meeting),
            "decision_form": DecisionForm() if manage else None,
            "can_manage": manage,
            "quarterly": meeting.kind == MeetingKind.QUARTERLY,
        },
    )


@require_POST
def add_decision(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "meeting.manage")
    meeting = get_scoped_or_404(_meetings(request), request.user, "meeting.view", pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for err in errs:
                messages.error(request, str(err))
        return redirect("meetings:detail", pk=meeting.pk)
    data = form.cleaned_data
    try:
        services.add_decision(
            meeting,
            actor=authenticated_user(request),
            text=data["text"],
            lead_unit=data["lead_unit"],
            cooperating_units=list(data["cooperating_units"]),
            deadline=None if data.get("working_days") else data.get("deadline"),
            working_days=data.get("working_days"),
        )
        messages.success(request, _("议定事项已登记为督查任务"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
def speakers(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, "meeting.manage")
    meeting = get_scoped_or_404(_meetings(request), request.user, "meeting.view", pk=pk)
    try:
        found = services.list_speakers(meeting, actor=authenticated_user(request))
        messages.success(request, _("已按季度考评排名列出 %(n)d 个发言单位") % {"n": len(found)})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@not_an_edit_page("表态承诺和跟进情况各由一个文本框提交，内容不变时不保存")
def speaker_note(request: HttpRequest, pk: int, speaker_id: int) -> HttpResponse:
    """A statement's commitments (at its meeting) or their follow-up (at a later one)."""
    _need(request, "meeting.manage")
    meeting = get_scoped_or_404(_meetings(request), request.user, "meeting.view", pk=pk)
    speaker = Speaker.objects.select_related("meeting").filter(pk=speaker_id).first()
    if speaker is None:
        raise Http404
    form = SpeakerNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写内容"))
        return redirect("meetings:detail", pk=meeting.pk)
    actor = authenticated_user(request)
    version, text = form.cleaned_data["version"], form.cleaned_data["text"]
    try:
        if speaker.meeting_id == meeting.pk:
            if text.strip() != speaker.commitments:
                services.record_commitment(
                    speaker, actor=actor, expected_version=version, commitments=text
                )
        elif text.strip() != speaker.follow_up:
            services.follow_up(
                speaker, actor=actor, at=meeting, expected_version=version, note=text
            )
        messages.success(request, _("已保存"))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("meetings:detail", pk=meeting.pk)


def minutes(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The minutes (会议纪要) as .docx; each download audited."""
    _need(request, "meeting.view")
    meeting = get_scoped_or_404(_meetings(request), request.user, "meeting.view", pk=pk)
    data = build_docx(meeting)
    record("meeting.minutes_downloaded", actor=authenticated_user(request), obj=meeting)
    return document_response(data, "docx", f"minutes-{meeting.pk}.docx", f"{meeting.title}纪要")
