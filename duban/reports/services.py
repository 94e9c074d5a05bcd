"""Every write to monthly reports, windows and evidence.

Each function takes the acting user (None = the system, e.g. the demo), checks the role matrix
and the row scope, runs in one transaction and writes its audit row inside it. Drafts are
saved with an optimistic version (F2); every submission, return, approval and correction
appends an immutable, hashed `ReportRevision` (F3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person
from duban.accounts.models import User
from duban.audit.services import record
from duban.core import evidence
from duban.core.actors import SystemActor
from duban.core.asof import Month, today
from duban.core.asof import now as business_now
from duban.core.models import StaleVersionError
from duban.core.numbers import parse_number
from duban.core.roles import can
from duban.core.scoping import restrict
from duban.core.services import changed_fields, save_versioned
from duban.files.models import Attachment
from duban.files.services import attach, staged_files
from duban.problems.choices import ProblemType
from duban.problems.models import Problem
from duban.problems.services import raise_problem
from duban.projects.models import Project
from duban.reports.choices import Confidence, ReportStatus, RevisionEvent
from duban.reports.models import (
    MonthlyReport,
    ReportingWindow,
    ReportRevision,
    content_hash,
)
from duban.workdays.calendar import add_working_days

DRAFT_FIELDS = (
    "investment_wan",
    "progress_text",
    "problems_text",
    "confidence",
    "confidence_reason",
)
FIELD_LABELS = {
    "investment_wan": "本月完成投资",
    "progress_text": "形象进度",
    "problems_text": "存在问题",
    "confidence": "完成全年计划信心",
    "confidence_reason": "信心说明",
}
TEXT_LIMITS = {"progress_text": 2000, "problems_text": 2000, "confidence_reason": 200}
MAX_WAN = Decimal("999999999999.99")


def _in_scope(actor: Actor, action: str, project: Project) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return restrict(Project.objects.filter(pk=project.pk), actor, action).exists()


def _may_review(actor: Actor, report: MonthlyReport) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return restrict(MonthlyReport.objects.filter(pk=report.pk), actor, "report.review").exists()


def clean_draft_data(data: dict[str, Any], *, where: str = "") -> dict[str, Any]:
    """Validate the typed values of a report; every message names the field (and the row)."""
    unknown = set(data) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(
            _("%(where)s不可填写的字段：%(items)s")
            % {"where": where, "items": "、".join(sorted(unknown))}
        )
    errors: list[str] = []
    out: dict[str, Any] = {}
    for name, value in data.items():
        label = f"{where}“{FIELD_LABELS[name]}”"
        if name == "investment_wan":
            amount = value if isinstance(value, Decimal) else parse_number(str(value or "0"))
            try:
                amount = Decimal(amount) if amount is not None else None
            except (InvalidOperation, TypeError):
                amount = None
            if amount is None:
                errors.append(f"{label}应为数字（万元）")
            elif amount < 0 or amount > MAX_WAN:
                errors.append(f"{label}不能为负数或超出范围")
            else:
                out[name] = amount.quantize(Decimal("0.01"))
        elif name == "confidence":
            value = value or ""
            if value not in ("", *Confidence.values):
                errors.append(f"{label}只能选择 高/中/低")
            out[name] = value
        else:
            text = str(value or "").strip()
            if len(text) > TEXT_LIMITS[name]:
                errors.append(f"{label}不能超过{TEXT_LIMITS[name]}字")
            if name == "confidence_reason":
                text = " ".join(text.split())  # one line, as asked of units
            out[name] = text
    if errors:
        raise ValidationError(errors)
    return out


def _check_month(year: int, month: int) -> None:
    try:
        wanted = Month(int(year), int(month))
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            _("无效月份：%(year)s-%(month)s") % {"year": year, "month": month}
        ) from exc
    if wanted > Month.of(today()):
        raise ValidationError(_("不能填报未来月份（%(label)s）") % {"label": wanted.display})


def save_draft(
    *,
    actor: Actor,
    project: Project,
    year: int,
    month: int,
    data: dict[str, Any],
    expected_version: int | None,
) -> MonthlyReport:
    """Create (expected_version None) or update (stored version == expected_version) the
    draft of project's report for the month. A stale save raises StaleVersionError and
    writes nothing; a submitted or approved report is refused (corrections go through
    `correct_report`)."""
    if not _in_scope(actor, "report.edit", project):
        raise PermissionDenied("report.edit")
    _check_month(year, month)
    values = clean_draft_data(data)
    with transaction.atomic():
        report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
        if report is None:
            if expected_version is not None:
                raise StaleVersionError()
            report = MonthlyReport(project=project, year=year, month=month, **values)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError as exc:  # someone created it a moment ago
                raise StaleVersionError(report) from exc
            record("report.draft_created", actor=actor, obj=report, after=_values(report))
            return report
        if expected_version is None or report.version != expected_version:
            raise StaleVersionError(report)
        if not report.is_editable:
            raise ValidationError(
                _(
                    "%(code)s %(month_label)s月报%(status)s，"
                    "不能再修改；如需更正请在月报页面提交更正并说明原因"
                )
                % {
                    "code": project.code,
                    "month_label": Month(report.year, report.month).display,
                    "status": report.get_status_display(),
                }
            )
        before = _values(report)
        for name, value in values.items():
            setattr(report, name, value)
        save_versioned(report, expected_version=expected_version, fields=list(values))
        diff = changed_fields(before, _values(report))
        record(
            "report.draft_saved",
            actor=actor,
            obj=report,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
        )
    return report


def _values(report: MonthlyReport) -> dict[str, str]:
    return {name: str(getattr(report, name)) for name in DRAFT_FIELDS}


def _missing_for_submit(report: MonthlyReport) -> list[str]:
    where = f"{report.project.code} {report.month_label}："
    missing = []
    if not report.progress_text.strip():
        missing.append(f"{where}请填写“形象进度”")
    if not report.confidence:
        missing.append(f"{where}请选择“完成全年计划信心”")
    elif not report.confidence_reason.strip():
        missing.append(f"{where}请用一句话说明信心理由（“信心说明”）")
    return missing


def _lock(report: MonthlyReport) -> MonthlyReport:
    """Lock the row (PostgreSQL) and refuse if it changed since the caller loaded it."""
    locked = MonthlyReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if locked.version != report.version:
        raise StaleVersionError(report)
    return locked


def _append_revision(
    report: MonthlyReport, *, actor: Actor, event: str, reason: str = "", new_content: bool = False
) -> ReportRevision:
    last = report.revisions.order_by("-seq").first()
    content = report.content()
    row = ReportRevision(
        report=report,
        seq=(last.seq + 1) if last else 1,
        revision=report.revision,
        event=event,
        status=report.status,
        content=content,
        content_sha256=content_hash(content),
        actor=person(actor),
        actor_username=actor.get_username() if getattr(actor, "is_authenticated", False) else "",
        reason=reason,
        supersedes=last if (new_content and last is not None) else None,
        created_at=timezone.now(),
    )
    row.save()
    return row


def _finish(
    report: MonthlyReport, expected: int, fields: list[str], *, actor: Actor, event: str, **kw: Any
) -> ReportRevision:
    save_versioned(report, expected_version=expected, fields=fields)
    row = _append_revision(report, actor=actor, event=event, **kw)
    record(
        f"report.{event}",
        actor=actor,
        obj=report,
        after={"status": report.status, "revision": report.revision, **_values(report)},
        detail={"sha256": row.content_sha256, "reason": kw.get("reason", "")},
    )
    return row


def submit_report(report: MonthlyReport, *, actor: Actor) -> MonthlyReport:
    """Send a draft (or a returned report) for review; freezes its content as a version."""
    if not _in_scope(actor, "report.submit", report.project):
        raise PermissionDenied("report.submit")
    with transaction.atomic():
        locked = _lock(report)
        if not locked.is_editable:
            raise ValidationError(
                _("%(code)s %(month_label)s月报%(status)s，不能重复报送")
                % {
                    "code": locked.project.code,
                    "month_label": Month(locked.year, locked.month).display,
                    "status": locked.get_status_display(),
                }
            )
        if missing := _missing_for_submit(locked):
            raise ValidationError(missing)
        resubmission = locked.revisions.exists()
        if resubmission:
            locked.revision += 1
        now = business_now()
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = person(actor)
        locked.first_submitted_at = locked.first_submitted_at or now
        _finish(
            locked,
            report.version,
            ["status", "submitted_at", "submitted_by", "first_submitted_at", "revision"],
            actor=actor,
            event=RevisionEvent.SUBMITTED,
            new_content=True,
        )
    return locked


def return_report(report: MonthlyReport, *, actor: Actor, reason: str) -> MonthlyReport:
    """A reviewer sends a submitted report back to its unit with a reason."""
    if not _may_review(actor, report):
        raise PermissionDenied("report.review")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("退回时必须填写退回原因"))
    if len(reason) > 255:
        raise ValidationError(_("退回原因不能超过255字"))
    return _review(report, actor=actor, to=ReportStatus.RETURNED, reason=reason)


def approve_report(report: MonthlyReport, *, actor: Actor) -> MonthlyReport:
    """Approve a submitted report; from now on it is locked and its figures count."""
    if not _may_review(actor, report):
        raise PermissionDenied("report.review")
    return _review(report, actor=actor, to=ReportStatus.APPROVED)


def _review(report: MonthlyReport, *, actor: Actor, to: str, reason: str = "") -> MonthlyReport:
    """Return or approve: only a submitted report, locked, stamped with its reviewer."""
    verb, event = (
        ("退回", RevisionEvent.RETURNED)
        if to == ReportStatus.RETURNED
        else ("审核", RevisionEvent.APPROVED)
    )
    with transaction.atomic():
        locked = _lock(report)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("只有已报送的月报可以%(verb)s（当前：%(status)s）")
                % {"verb": verb, "status": locked.get_status_display()}
            )
        locked.status = to
        locked.return_reason = reason
        locked.reviewed_at = business_now()
        locked.reviewed_by = person(actor)
        _finish(
            locked,
            report.version,
            ["status", "return_reason", "reviewed_at", "reviewed_by"],
            actor=actor,
            event=event,
            reason=reason,
        )
    return locked


@dataclass(frozen=True)
class ReviewItem:
    """One report of a batch, with the version the reviewer saw on the page."""

    report_id: int
    version: int


@dataclass
class BatchOutcome:
    """What a batch did, report by report: done, stale (changed since the page was loaded, so
    not acted on) and refused (no longer awaiting review), each named on the page."""

    done: list[MonthlyReport] = field(default_factory=list)
    stale: list[MonthlyReport] = field(default_factory=list)
    refused: list[tuple[MonthlyReport, str]] = field(default_factory=list)


def review_batch(
    *, actor: User, items: Sequence[ReviewItem], approve: bool, reason: str = ""
) -> BatchOutcome:
    """Approve (or return with one reason) several submitted reports in one action.

    The request is refused whole — nothing reviewed — when it names a report the actor may not
    review (another category, another district's, or none at all): a tampered form gets nothing
    done. Otherwise each report is reviewed on its own, exactly as one by one: its own version
    check against the version the reviewer saw, its own transaction, immutable version and
    audit row. The outcome is per report, not all or nothing: one report another reviewer
    handled a moment ago must not hold back sixty clean ones, and it is reported (stale), never
    silently skipped.
    """
    if not items:
        raise ValidationError(_("请先勾选要审核的月报"))
    if len(items) > settings.DUBAN_REVIEW_BATCH_MAX:
        raise ValidationError(
            _("一次最多审核 %(max)s 份月报") % {"max": settings.DUBAN_REVIEW_BATCH_MAX}
        )
    ids = {item.report_id for item in items}
    if len(ids) != len(items):
        raise ValidationError(_("同一份月报在本次审核中出现了两次"))
    if not approve:
        reason = " ".join((reason or "").split())
        if not reason:
            raise ValidationError(_("退回时必须填写退回原因"))
        if len(reason) > 255:
            raise ValidationError(_("退回原因不能超过255字"))
    reports = {
        r.pk: r
        for r in restrict(
            MonthlyReport.objects.select_related("project"), actor, "report.review"
        ).filter(pk__in=ids)
    }
    if set(reports) != ids:
        raise PermissionDenied("report.review")
    outcome = BatchOutcome()
    for item in sorted(items, key=lambda i: (reports[i.report_id].project.code, i.report_id)):
        report = reports[item.report_id]
        report.version = item.version
        try:
            if approve:
                done = approve_report(report, actor=actor)
            else:
                done = return_report(report, actor=actor, reason=reason)
        except StaleVersionError:
            outcome.stale.append(report)
        except ValidationError as exc:
            outcome.refused.append((report, "；".join(exc.messages)))
        else:
            outcome.done.append(done)
    return outcome


def correct_report(
    report: MonthlyReport, *, actor: Actor, reason: str, data: dict[str, Any]
) -> MonthlyReport:
    """Correct an approved report: version n+1 with the reason, superseding version n.

    A reviewer who may review the report corrects it directly (it stays approved); a unit's
    correction goes back to review (submitted), so no figure changes without a second pair
    of eyes.
    """
    reviewer = _may_review(actor, report) and (
        isinstance(actor, SystemActor) or can(actor, "report.review")
    )
    if not reviewer and not _in_scope(actor, "report.edit", report.project):
        raise PermissionDenied("report.edit")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("更正已审核的月报必须填写更正原因"))
    if len(reason) > 255:
        raise ValidationError(_("更正原因不能超过255字"))
    values = clean_draft_data(data)
    with transaction.atomic():
        locked = _lock(report)
        if locked.status != ReportStatus.APPROVED:
            raise ValidationError(_("只有已审核的月报需要更正；未审核的月报请直接修改后报送"))
        for name, value in values.items():
            setattr(locked, name, value)
        locked.revision += 1
        locked.status = ReportStatus.APPROVED if reviewer else ReportStatus.SUBMITTED
        if not reviewer:
            locked.submitted_at = business_now()
            locked.submitted_by = person(actor)
        _finish(
            locked,
            report.version,
            [*values, "revision", "status", "submitted_at", "submitted_by"],
            actor=actor,
            event=RevisionEvent.CORRECTED,
            reason=reason,
            new_content=True,
        )
    return locked


def set_window(
    *, actor: Actor, year: int, month: int, due_on: dt.date, note: str = ""
) -> ReportingWindow:
    """发改局 sets the due date of a month's reports."""
    if isinstance(actor, User) and not can(actor, "report.window"):
        raise PermissionDenied("report.window")
    Month(year, month)
    if due_on <= Month(year, month).first_day:
        raise ValidationError(_("报送截止日期应晚于该月第一天"))
    with transaction.atomic():
        window, created = ReportingWindow.objects.select_for_update().get_or_create(
            year=year, month=month, defaults={"due_on": due_on, "note": note, "set_by": actor}
        )
        before = None if created else {"due_on": str(window.due_on), "note": window.note}
        window.due_on, window.note = due_on, note
        window.set_by = person(actor)
        window.save()
        record(
            "report.window_set",
            actor=actor,
            obj=window,
            before=before,
            after={"due_on": str(due_on), "note": note},
        )
    return window


def attach_evidence(
    *,
    actor: Actor,
    report: MonthlyReport,
    uploads: Sequence[Any],
    stage: list[str] | None = None,
) -> list[Attachment]:
    """Validate every upload, then store them all (or none) as the report's evidence."""
    if not _in_scope(actor, "report.edit", report.project):
        raise PermissionDenied("report.edit")
    return attach(report, uploads, actor=actor, stage=stage)


@dataclass(frozen=True)
class GridEntry:
    """One row of a unit's month grid as typed: the version it was loaded at, the values,
    the files attached and whether to send it for review."""

    project: Project
    expected_version: int | None
    data: dict[str, Any]
    uploads: Sequence[Any] = ()
    submit: bool = False


def file_month(
    *, actor: Actor, year: int, month: int, entries: Sequence[GridEntry]
) -> list[MonthlyReport]:
    """Save (and optionally submit) a whole month's grid for a unit in one transaction.

    All or nothing: one stale row, one invalid value or one refused file and no row, no
    version and no file is written. Messages name the row's project.
    """
    saved: list[MonthlyReport] = []
    errors: list[str] = []
    for entry in entries:  # validate everything before writing anything
        where = f"{entry.project.code} {entry.project.name}："
        try:
            clean_draft_data(entry.data, where=where)
            if entry.uploads:
                evidence.check_uploads(list(entry.uploads), label=where.rstrip("："))
        except ValidationError as exc:
            errors.extend(f"{m}" if m.startswith(entry.project.code) else f"{where}{m}"
                          for m in exc.messages)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    with staged_files() as names, transaction.atomic():
        for entry in entries:
            try:
                report = save_draft(
                    actor=actor,
                    project=entry.project,
                    year=year,
                    month=month,
                    data=entry.data,
                    expected_version=entry.expected_version,
                )
            except StaleVersionError as exc:
                raise StaleVersionError(entry.project) from exc
            if entry.uploads:
                attach_evidence(actor=actor, report=report, uploads=entry.uploads, stage=names)
            if entry.submit:
                report = submit_report(report, actor=actor)
            saved.append(report)
    return saved


# --- 存在问题 → 协调事项 ------------------------------------------------------------------

# Days a problem raised from a monthly report has before it is overdue (the coordinating
# department may agree another deadline on the problem's page).
RAISED_PROBLEM_WORKING_DAYS = 10


def reported_problem(report: MonthlyReport) -> Problem | None:
    """The 协调事项 already raised from this report's 存在问题, if any."""
    text = report.problems_text.strip()
    if not text:
        return None
    return Problem.objects.filter(project_id=report.project_id, description=text).first()


def raise_reported_problem(report: MonthlyReport, *, actor: User) -> Problem:
    """A report's 存在问题 becomes a 协调事项 in one step (by the unit or a reviewer who may see
    the report), so what is said at 月调度 is tracked instead of lost in free text: the project's
    lead department coordinates, its linked leader owns it, 10 working days to answer."""
    if not restrict(MonthlyReport.objects.filter(pk=report.pk), actor, "report.view").exists():
        raise PermissionDenied("report.view")
    text = report.problems_text.strip()
    if not text:
        raise ValidationError(_("该月报没有填写存在问题"))
    if reported_problem(report) is not None:
        raise ValidationError(_("该问题已转为协调事项"))
    project = report.project
    department = project.lead_department or project.category.lead_department
    if department is None or project.leader is None:
        raise ValidationError(_("项目未设牵头部门或挂钩领导，请在协调事项页面登记"))
    on = today()
    return raise_problem(
        actor=actor,
        project=project,
        type=ProblemType.OTHER,
        title=(text.splitlines()[0] if text else "")[:100],
        description=text,
        department=department,
        leader=project.leader,
        deadline=add_working_days(on, RAISED_PROBLEM_WORKING_DAYS),
        raised_on=on,
    )
