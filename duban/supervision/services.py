"""Every write of the supervision app: snapshots of lights, letters and their escalation.

Each function takes the acting user (None for the system's own periodic commands), runs in one
transaction and writes its audit row inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record
from duban.core.actors import SystemActor
from duban.core.asof import Month, today
from duban.core.asof import now as business_now
from duban.core.money import format_quantity
from duban.core.roles import Role
from duban.core.scoping import restrict
from duban.core.services import save_versioned, snapshot
from duban.documents.choices import DocumentKind
from duban.documents.queries import wording_for
from duban.problems.services import escalate_overdue_problems
from duban.supervision import evidence
from duban.supervision.choices import Colour, LetterStatus, LightKind
from duban.supervision.models import LetterSerial, LightSnapshot, SupervisionLetter
from duban.supervision.queries import Light, compute_lights, light_payload
from duban.supervision.rules import CENT

# --- light snapshots ---------------------------------------------------------------------


def compute_snapshots(
    month: Month, *, actor: Actor, unit_ids: Sequence[int] | None = None
) -> dict[str, int]:
    """Store the lights of `month` (of some units only, when given: a light depends on its
    own unit's data alone). Idempotent: the unique (year, month, kind, object) key makes a
    re-run update the same rows to the same values, never add new ones."""
    lights = compute_lights(month, unit_ids)
    rows = [
        LightSnapshot(
            year=month.year,
            month=month.month,
            kind=light.kind,
            object_id=light.object_id,
            subject=light.subject,
            unit_id=light.unit_id,
            colour=light.colour,
            expected=light.expected.quantize(CENT),
            actual=light.actual.quantize(CENT),
            gap=light.gap,
            forecast=light.forecast,
            rule_version=light.rule_version,
            explanation=[*light.reasons, *([light.disagreement] if light.disagreement else [])],
            payload=light_payload(light),
            severity=Colour.severity(light.colour),
            unit_label=light.unit_label,
            category_ref=light.category_id,
            has_late_nodes=bool(light.nodes),
        )
        for light in lights
    ]
    with transaction.atomic():
        LightSnapshot.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["year", "month", "kind", "object_id"],
            update_fields=[
                "subject",
                "unit",
                "colour",
                "expected",
                "actual",
                "gap",
                "forecast",
                "rule_version",
                "explanation",
                "payload",
                "severity",
                "unit_label",
                "category_ref",
                "has_late_nodes",
            ],
        )
        # Lights that no longer exist for the month (a listing removed) must not linger.
        keep = {(r.kind, r.object_id) for r in rows}
        existing = LightSnapshot.objects.filter(year=month.year, month=month.month)
        if unit_ids is not None:
            existing = existing.filter(unit_id__in=unit_ids)
        stale = [
            pk
            for pk, kind, oid in existing.values_list("pk", "kind", "object_id")
            if (kind, oid) not in keep
        ]
        LightSnapshot.objects.filter(pk__in=stale).delete()
        counts = {c: sum(1 for r in rows if r.colour == c) for c in Colour.values}
        detail: dict[str, object] = {"month": str(month), **counts, "removed": len(stale)}
        if unit_ids is not None:
            detail["units"] = sorted(unit_ids)
        record(
            "supervision.lights_computed",
            actor=actor,
            object_type="supervision.lightsnapshot",
            object_repr=f"{month} 亮灯",
            detail=detail,
        )
    return counts


def tidy_snapshots() -> None:
    """After storing whole months (the daily job): on PostgreSQL, vacuum and analyse the
    snapshots, so the board's counts and pages stay index-only scans (a store rewrites every
    row of the month, and until a vacuum the index cannot answer without visiting each row:
    0.4 s instead of milliseconds at province scale). Autovacuum does the same some time
    later where it is on; this makes it certain. Nothing to do on SQLite, or inside a
    transaction (VACUUM cannot run there)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(LightSnapshot._meta.db_table)
        cursor.execute(f"VACUUM (ANALYZE) {table}")


def stored_months(year: int, since: int = 1) -> list[Month]:
    """The months of `year` from `since` on that already have stored lights."""
    months = (
        LightSnapshot.objects.filter(year=year, month__gte=since)
        .values_list("month", flat=True)
        .distinct()
        .order_by("month")
    )
    return [Month(year, m) for m in months]


def refresh_snapshots(
    year: int, since: int, unit_ids: Sequence[int] | None, *, actor: Actor
) -> list[Month]:
    """After a change that moves lights from month `since` of `year` on (a report, a node, a
    target; a rule moves every unit's): recompute the stored months concerned, for the units
    concerned only. Months never stored stay unstored (the board computes those itself), so
    a database where nobody stores lights pays nothing here. Returns the months refreshed."""
    months = stored_months(year, since)
    for month in months:
        compute_snapshots(month, actor=actor, unit_ids=unit_ids)
    return months


# --- supervision letters -----------------------------------------------------------------


def letter_prefix() -> str:
    """The 文号 prefix of letters: the letter template's (default: the district's short name
    + 督, 鼓楼区 → 鼓楼督; never hard-coded)."""
    return wording_for(DocumentKind.LETTER).number_prefix


def _next_serial(year: int) -> int:
    """Take the next number of the year with a conditional update: on SQLite and PostgreSQL
    alike, two issuers racing can never both take the same number, and a number once taken
    (even by a letter later cancelled) is never handed out again."""
    LetterSerial.objects.get_or_create(year=year)
    for _attempt in range(100):
        current = LetterSerial.objects.get(year=year).last_serial
        if (
            LetterSerial.objects.filter(year=year, last_serial=current).update(
                last_serial=F("last_serial") + 1
            )
            == 1
        ):
            return current + 1
    raise IntegrityError("督办函编号分配冲突，请重试")


def issue_letter(
    light: Light, *, actor: Actor, deadline: dt.date, month: Month, issued_on: dt.date | None = None
) -> SupervisionLetter:
    """A numbered letter to the light's unit. Only red lights earn a letter."""
    require(actor, "letter.issue")
    if light.colour != Colour.RED:
        raise ValidationError(_("只有红灯事项可以发督办函"))
    issued_on = issued_on or today()
    if deadline <= issued_on:
        raise ValidationError({"deadline": _("回函期限应晚于发函日期")})
    wording = wording_for(DocumentKind.LETTER)
    with transaction.atomic():
        year = issued_on.year
        serial = _next_serial(year)
        # The first reason already states expected, actual and the gap in points.
        gap = (
            f"截至{month.label}，完成{format_quantity(light.actual_value, light.quantity_unit)}"
            f"（全年{format_quantity(light.target_value, light.quantity_unit)}）。"
            + "；".join(light.reasons)
            + "。"
        )
        letter = SupervisionLetter.objects.create(
            year=year,
            serial=serial,
            number=wording.number(year, serial),
            unit_id=light.unit_id,
            kind=light.kind,
            target_id=light.object_id if light.kind == LightKind.TARGET else None,
            project_id=light.object_id if light.kind == LightKind.PROJECT else None,
            task_id=light.object_id if light.kind == LightKind.TASK else None,
            subject_label=(
                f"{light.subject} {light.subject_label}"
                if light.kind == LightKind.PROJECT
                else light.subject_label
            )[:160],
            light_month=str(month),
            gap_text=gap,
            deadline=deadline,
            issued_on=issued_on,
            issued_by=person(actor),
            issuer_name=wording.signature[:64],
            wording=wording.to_dict(),
        )
        record("letter.issued", actor=actor, obj=letter, after=snapshot(letter))
    return letter


def _letter_for(actor: Actor, letter: SupervisionLetter, action: str) -> SupervisionLetter:
    """Re-read the letter through the actor's scope (a unit may only touch its own)."""
    if isinstance(actor, SystemActor):
        return letter
    found = restrict(SupervisionLetter.objects.filter(pk=letter.pk), actor, action).first()
    if found is None:
        raise PermissionDenied(action)
    return found


def reply_letter(
    letter: SupervisionLetter,
    *,
    actor: Actor,
    expected_version: int,
    reply_text: str,
    upload: UploadedFile | None = None,
    at: dt.datetime | None = None,
) -> SupervisionLetter:
    """The unit's reply (回函) with optional evidence; an escalated letter may still be answered
    (it stays on record as late)."""
    letter = _letter_for(actor, letter, "letter.reply")
    if isinstance(actor, User) and actor.role != Role.REPORTER:
        raise PermissionDenied("letter.reply")
    if letter.status not in (LetterStatus.ISSUED, LetterStatus.ESCALATED):
        raise ValidationError(
            _("该督办函状态为“%(status)s”，不能回函") % {"status": letter.get_status_display()}
        )
    if not reply_text.strip():
        raise ValidationError({"reply_text": _("回函内容：请填写整改措施和进展")})
    stored = evidence.check(upload) if upload is not None else None
    before = snapshot(letter, ["status", "reply_text", "evidence_name"])
    saved_path = ""
    try:
        with transaction.atomic():
            if stored is not None:
                saved_path = evidence.save(stored)
                letter.evidence_path = saved_path
                letter.evidence_name = stored.original_name
                letter.evidence_type = stored.content_type
            letter.reply_text = reply_text.strip()
            letter.status = LetterStatus.REPLIED
            letter.replied_at = at or business_now()
            letter.replied_by = person(actor)
            save_versioned(
                letter,
                expected_version=expected_version,
                fields=[
                    "reply_text",
                    "status",
                    "replied_at",
                    "replied_by",
                    "evidence_path",
                    "evidence_name",
                    "evidence_type",
                ],
            )
            record(
                "letter.replied",
                actor=actor,
                obj=letter,
                before=before,
                after=snapshot(letter, ["status", "reply_text", "evidence_name"]),
                detail={"on_time": letter.replied_on_time},
            )
    except Exception:
        if saved_path:
            evidence.remove(saved_path)  # nothing partial left behind
        raise
    return letter


def close_letter(letter: SupervisionLetter, *, actor: Actor) -> SupervisionLetter:
    """发改局 accepts the reply and closes the letter."""
    require(actor, "letter.issue")
    if letter.status != LetterStatus.REPLIED:
        raise ValidationError(_("只有已回函的督办函可以办结"))
    with transaction.atomic():
        letter.status = LetterStatus.CLOSED
        letter.closed_at = business_now()
        save_versioned(letter, expected_version=letter.version, fields=["status", "closed_at"])
        record("letter.closed", actor=actor, obj=letter, after={"status": letter.status})
    return letter


def cancel_letter(letter: SupervisionLetter, *, actor: Actor, reason: str) -> SupervisionLetter:
    """Withdraw a letter issued in error. Its number stays used (numbers are never reused)."""
    require(actor, "letter.issue")
    if letter.status not in (LetterStatus.ISSUED, LetterStatus.ESCALATED):
        raise ValidationError(_("只有未回函的督办函可以撤销"))
    if not reason.strip():
        raise ValidationError({"reason": _("撤销原因：请填写")})
    with transaction.atomic():
        before = letter.status
        letter.status = LetterStatus.CANCELLED
        save_versioned(letter, expected_version=letter.version, fields=["status"])
        record(
            "letter.cancelled",
            actor=actor,
            obj=letter,
            before={"status": before},
            after={"status": letter.status},
            detail={"reason": reason.strip()[:200]},
        )
    return letter


# --- escalation --------------------------------------------------------------------------


def escalate_overdue_letters(*, actor: Actor, on: dt.date | None = None) -> int:
    """Escalate letters unanswered past their deadline (problems: `duban.problems.services`).

    Idempotent: each row is claimed by a conditional update on its current state, so a second
    run (or two runs at once) escalates nothing twice and writes no second audit row.
    """
    on = on or today()
    now = business_now()
    letters = 0
    for letter in SupervisionLetter.objects.filter(status=LetterStatus.ISSUED, deadline__lt=on):
        with transaction.atomic():
            claimed = SupervisionLetter.objects.filter(
                pk=letter.pk, status=LetterStatus.ISSUED, version=letter.version
            ).update(
                status=LetterStatus.ESCALATED,
                escalated_at=now,
                version=F("version") + 1,
                updated_at=now,
            )
            if claimed:
                letters += 1
                record(
                    "letter.escalated",
                    actor=actor,
                    obj=letter,
                    before={"status": LetterStatus.ISSUED},
                    after={"status": LetterStatus.ESCALATED},
                    detail={"deadline": letter.deadline.isoformat(), "on": on.isoformat()},
                )
    return letters


def escalate_overdue(*, actor: Actor, on: dt.date | None = None) -> dict[str, int]:
    """The daily job: escalate overdue letters (here) and overdue problems (their own app).

    Idempotent: each row is claimed by a conditional update on its current state, so a second
    run (or two runs at once) escalates nothing twice and writes no second audit row.
    """
    return {
        "letters": escalate_overdue_letters(actor=actor, on=on),
        "problems": escalate_overdue_problems(actor=actor, on=on),
    }
