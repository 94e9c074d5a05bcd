"""Every write of claims and spot checks: keyword-only actor, one transaction, one audit row.

A claim is filed by a unit (through the project edit form, a stage move or a plan listing, via
`duban.claims.gate`), decided by the category's lead department or 发改局, and may later be
revoked (a spot check found it untrue): the project is put back and the months the fact
counted in are marked for a published-score revision.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.audit.services import record
from duban.claims.choices import CheckResult, ClaimStatus, Fact
from duban.claims.models import (
    Claim,
    EvidenceRule,
    RevisionMark,
    SpotCheck,
    SpotCheckDraw,
    SpotCheckPolicy,
)
from duban.claims.sampling import draw as draw_ids
from duban.core.actors import SystemActor
from duban.core.asof import Month, today
from duban.core.money import format_wan
from duban.core.scoping import restrict
from duban.core.services import save_versioned
from duban.files.services import attach, staged_files
from duban.orgs.models import Unit
from duban.projects import services as projects
from duban.projects.choices import Listing, Stage
from duban.projects.models import PlanListing, Project

# The stage each dated fact stands for, and back.
STAGE_OF_FACT: dict[str, str] = {
    Fact.SIGNING: Stage.SIGNED,
    Fact.START: Stage.STARTED,
    Fact.COMPLETION: Stage.COMPLETED,
}


def _field(name: str) -> models.Field[Any, Any]:
    field = Project._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _related(field: models.Field[Any, Any], pk: Any) -> models.Model:
    model = cast(type[models.Model], field.related_model)
    return model._default_manager.get(pk=pk)


def _plain(project: Project, field: str, value: Any) -> tuple[Any, str]:
    """A field value as stored on the claim (JSON) and as read by people."""
    model_field = _field(field)
    if value is None:
        return None, "—"
    if isinstance(model_field, models.ForeignKey):
        obj = value if isinstance(value, models.Model) else _related(model_field, value)
        return obj.pk, str(obj)
    if isinstance(value, Decimal):
        return str(value), format_wan(value)
    choices = dict(model_field.choices or [])
    if choices:
        return value, str(choices.get(value, value))
    if isinstance(value, bool):
        return value, "是" if value else "否"
    return value, str(value)


def _value(field: str, stored: Any) -> Any:
    """The stored claim value back as the project field takes it."""
    model_field = _field(field)
    if stored is None:
        return None
    if isinstance(model_field, models.ForeignKey):
        return _related(model_field, stored)
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(stored))
    return stored


def _file(project: Project, *, actor: Actor, **fields: Any) -> Claim:
    require(actor, "claim.file")
    if (
        not isinstance(actor, SystemActor)
        and not restrict(Project.objects.filter(pk=project.pk), actor, "project.change").exists()
    ):
        raise PermissionDenied("claim.file")
    with transaction.atomic():
        claim = Claim.objects.create(
            project=project, unit_id=project.unit_id, filed_on=today(), filed_by=person(actor),
            **fields,
        )  # fmt: skip
        record(
            "claim.filed",
            actor=actor,
            obj=claim,
            after={"project_code": project.code, "fact": claim.fact, "claimed": claim.claimed_text},
        )
    return claim


def file_field_change(project: Project, *, actor: Actor, field: str, new_value: Any) -> Claim:
    """A unit claims a new value of a fact field (category, investment, flags, 入库 …)."""
    old, old_display = _plain(project, field, getattr(project, field))
    new, new_display = _plain(project, field, new_value)
    return _file(
        project,
        actor=actor,
        fact=Fact.STATS if field == "stats_status" else Fact.FIELD_CHANGE,
        field_name=field,
        old_value=old,
        new_value=new,
        old_display=old_display[:255],
        new_display=new_display[:255],
    )


def stage_fact(project: Project, to_stage: str) -> str:
    """Which fact a move to `to_stage` claims: the latest date it would set."""
    if Stage.order(to_stage) >= Stage.order(Stage.COMPLETED) and project.completed_on is None:
        return Fact.COMPLETION
    if Stage.order(to_stage) >= Stage.order(Stage.STARTED) and project.started_on is None:
        return Fact.START
    return Fact.SIGNING


def file_stage(
    project: Project, *, actor: Actor, to_stage: str, on: dt.date, evidence_note: str = ""
) -> Claim:
    """A unit claims a 签约, 开工 or 建成投产 on a date."""
    return _file(
        project,
        actor=actor,
        fact=stage_fact(project, to_stage),
        to_stage=to_stage,
        fact_on=on,
        year=on.year,
        evidence_note=evidence_note[:255],
        old_value={"stage": project.stage},
        old_display=project.get_stage_display(),
        new_display=str(Stage(to_stage).label),
    )


def file_listing(
    project: Project, *, actor: Actor, year: int, kind: str, planned_investment_wan: Decimal
) -> Claim:
    """A unit claims a plan listing; 新落地 is the 注册落地 of an investment-attraction project."""
    current = PlanListing.objects.filter(project=project, year=year).first()
    old = (
        {"kind": current.kind, "planned_investment_wan": str(current.planned_investment_wan)}
        if current
        else None
    )
    return _file(
        project,
        actor=actor,
        fact=Fact.LANDING if kind == Listing.NEW_LANDED else Fact.FIELD_CHANGE,
        field_name="" if kind == Listing.NEW_LANDED else "listing",
        year=year,
        old_value=old,
        new_value={"kind": kind, "planned_investment_wan": str(planned_investment_wan)},
        old_display=f"{year} {current.get_kind_display()}" if current else "—",
        new_display=f"{year} {Listing(kind).label}",
    )


def add_evidence(
    claim: Claim, *, actor: Actor, files: list[Any] | None = None, note: str = ""
) -> Claim:
    """The filing unit adds evidence (files, or a number such as the 入库 code) while pending."""
    require(actor, "claim.file")
    if (
        not isinstance(actor, SystemActor)
        and not restrict(Claim.objects.filter(pk=claim.pk), actor, "claim.view").exists()
    ):
        raise PermissionDenied("claim.file")
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("只有待认定的事项可以补充佐证"))
    uploads = list(files or [])
    with staged_files() as names, transaction.atomic():
        attach(claim, uploads, actor=actor, stage=names)
        if note:
            claim.evidence_note = note[:255]
            save_versioned(claim, expected_version=claim.version, fields=["evidence_note"])
        record(
            "claim.evidence_added",
            actor=actor,
            obj=claim,
            detail={"files": len(uploads), "note": note[:255]},
        )
    return claim


def evidence_missing(claim: Claim) -> str:
    """The requirement a claim's evidence does not meet yet ('' when it meets its rule)."""
    rule = EvidenceRule.objects.filter(fact=claim.fact).first()
    if rule is None:
        return ""
    if rule.note_suffices and claim.evidence_note.strip():
        return ""
    if claim.evidence_files.count() >= rule.min_files:
        return ""
    return rule.requirement


def _require_decider(claim: Claim, actor: Actor) -> None:
    require(actor, "claim.decide")
    if isinstance(actor, SystemActor):
        return
    if not restrict(Claim.objects.filter(pk=claim.pk), actor, "claim.decide").exists():
        raise PermissionDenied("claim.decide")


def _decider_unit(claim: Claim, actor: Actor) -> Unit | None:
    if isinstance(actor, SystemActor):
        return claim.project.category.lead_department
    return actor.unit


def _apply(claim: Claim, *, actor: Actor) -> None:
    """Write the claimed fact onto the project through the projects service (audited there)."""
    project = Project.objects.get(pk=claim.project_id)
    if claim.fact in STAGE_OF_FACT:
        projects.apply_confirmed_stage(
            project, actor=actor, to_stage=claim.to_stage, on=claim.fact_on or claim.filed_on,
            claim_id=claim.pk, note=claim.evidence_note,
        )  # fmt: skip
    elif claim.fact == Fact.LANDING or claim.field_name == "listing":
        value = claim.new_value or {}
        projects.apply_confirmed_listing(
            project, actor=actor, year=claim.year or claim.filed_on.year, kind=value["kind"],
            planned_investment_wan=Decimal(value["planned_investment_wan"]), claim_id=claim.pk,
        )  # fmt: skip
    else:
        projects.apply_confirmed_change(
            project, actor=actor, field=claim.field_name,
            value=_value(claim.field_name, claim.new_value), claim_id=claim.pk,
        )  # fmt: skip


def confirm(claim: Claim, *, actor: Actor, expected_version: int, reason: str = "") -> Claim:
    """The lead department (or 发改局) confirms: the fact is applied and counts from now on."""
    _require_decider(claim, actor)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("只有待认定的事项可以认定"))
    missing = evidence_missing(claim)
    if missing:
        raise ValidationError(_("佐证不足，不能认定：%(missing)s") % {"missing": missing})
    with transaction.atomic():
        claim.status = ClaimStatus.CONFIRMED
        claim.decided_on = today()
        claim.decided_by = person(actor)
        claim.decided_by_unit = _decider_unit(claim, actor)
        claim.reason = reason.strip()
        save_versioned(
            claim,
            expected_version=expected_version,
            fields=["status", "decided_on", "decided_by", "decided_by_unit", "reason"],
        )
        _apply(claim, actor=actor)
        record(
            "claim.confirmed",
            actor=actor,
            obj=claim,
            before={"status": ClaimStatus.PENDING},
            after={"status": ClaimStatus.CONFIRMED},
            detail={"reason": claim.reason, "evidence": claim.evidence_files.count()},
        )
    return claim


def reject(claim: Claim, *, actor: Actor, expected_version: int, reason: str) -> Claim:
    """Not confirmed, with the reason the unit reads; the project stays as it was."""
    _require_decider(claim, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("不予认定必须填写理由"))
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("只有待认定的事项可以不予认定"))
    with transaction.atomic():
        claim.status = ClaimStatus.REJECTED
        claim.decided_on = today()
        claim.decided_by = person(actor)
        claim.decided_by_unit = _decider_unit(claim, actor)
        claim.reason = reason
        save_versioned(
            claim,
            expected_version=expected_version,
            fields=["status", "decided_on", "decided_by", "decided_by_unit", "reason"],
        )
        record(
            "claim.rejected",
            actor=actor,
            obj=claim,
            before={"status": ClaimStatus.PENDING},
            after={"status": ClaimStatus.REJECTED},
            detail={"reason": reason},
        )
        if claim.fact in STAGE_OF_FACT:
            projects.reopen_stage_nodes(
                Project.objects.get(pk=claim.project_id), actor=actor,
                stage=claim.to_stage or STAGE_OF_FACT[claim.fact], claim_id=claim.pk,
            )  # fmt: skip
    return claim


def counted_from(claim: Claim) -> Month:
    """The first month a confirmed fact counted in: its date for a dated fact (a start in May
    counts from May), otherwise the month it was confirmed."""
    if claim.fact in STAGE_OF_FACT and claim.fact_on:
        return Month.of(claim.fact_on)
    return Month.of(claim.decided_on or claim.filed_on)


def _withdraw(claim: Claim, *, actor: Actor) -> None:
    project = Project.objects.get(pk=claim.project_id)
    if claim.fact in STAGE_OF_FACT:
        back_to = (claim.old_value or {}).get("stage") or Stage.PLANNING
        if Stage.order(back_to) >= Stage.order(STAGE_OF_FACT[claim.fact]):
            back_to = Stage.values[Stage.order(STAGE_OF_FACT[claim.fact]) - 1]
        projects.withdraw_stage_fact(project, actor=actor, back_to=back_to, claim_id=claim.pk)
    elif claim.fact == Fact.LANDING or claim.field_name == "listing":
        old = claim.old_value or {"kind": Listing.RESERVE, "planned_investment_wan": "0"}
        projects.apply_confirmed_listing(
            project, actor=actor, year=claim.year or claim.filed_on.year, kind=old["kind"],
            planned_investment_wan=Decimal(old["planned_investment_wan"]), claim_id=claim.pk,
        )  # fmt: skip
    else:
        current = getattr(project, claim.field_name)
        if current == _value(claim.field_name, claim.new_value):  # else a later change stands
            projects.apply_confirmed_change(
                project, actor=actor, field=claim.field_name,
                value=_value(claim.field_name, claim.old_value), claim_id=claim.pk,
            )  # fmt: skip


def revoke(claim: Claim, *, actor: Actor, reason: str) -> Claim:
    """Revoke a confirmed fact: the project goes back, and every month from the one the fact
    first counted in to today's is marked for a published-score revision."""
    require(actor, "claim.revoke")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("撤销认定必须填写理由"))
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != ClaimStatus.CONFIRMED:  # as stored, not as the caller last saw it
            raise ValidationError(_("只有已认定的事项可以撤销"))
        locked.status = ClaimStatus.REVOKED
        locked.revoked_on = today()
        locked.revoke_reason = reason
        save_versioned(
            locked,
            expected_version=locked.version,
            fields=["status", "revoked_on", "revoke_reason"],
        )
        _withdraw(locked, actor=actor)
        months = []
        month, last = counted_from(locked), Month.of(today())
        while (month.year, month.month) <= (last.year, last.month):
            RevisionMark.objects.get_or_create(
                claim=locked,
                year=month.year,
                month=month.month,
                defaults={"unit_id": locked.unit_id, "marked_on": today()},
            )
            months.append(str(month))
            month = month.next()
        record(
            "claim.revoked",
            actor=actor,
            obj=locked,
            before={"status": ClaimStatus.CONFIRMED},
            after={"status": ClaimStatus.REVOKED},
            detail={"reason": reason, "months": months},
        )
    claim.refresh_from_db()
    return claim


# --- Spot checks (抽查) ------------------------------------------------------------------------


def active_policy() -> SpotCheckPolicy:
    """The active policy, or the documented default (5 a month, by unit, investment-weighted)."""
    policy = SpotCheckPolicy.objects.filter(is_active=True).order_by("name").first()
    return policy or SpotCheckPolicy(name="default")


def population(month: Month, stratify: str) -> list[list[Any]]:
    """The facts confirmed in the month and still standing: [claim id, weight, stratum]."""
    rows = (
        Claim.objects.filter(
            status=ClaimStatus.CONFIRMED,
            decided_on__gte=month.first_day,
            decided_on__lte=month.last_day,
        )
        .order_by("id")
        .values_list("id", "unit_id", "fact", "project__total_investment_wan")
    )
    out: list[list[Any]] = []
    for pk, unit_id, fact, investment in rows:
        stratum = {"unit": str(unit_id), "fact": fact}.get(stratify, "")
        out.append([pk, float(max(investment or Decimal(0), Decimal(1))), stratum])
    return out


def draw_sample(month: Month, *, actor: Actor, seed: int | None = None) -> SpotCheckDraw:
    """发改局 draws the month's sample by the active policy; the seed, the population as it
    stood and the drawn ids are stored, so anyone can redraw and get the same sample."""
    require(actor, "spotcheck.run")
    if SpotCheckDraw.objects.filter(year=month.year, month=month.month).exists():
        raise ValidationError(_("%(month)s 已抽取过抽查样本") % {"month": month})
    policy = active_policy()
    if seed is None:
        seed = secrets.randbits(48)
    rows = population(month, policy.stratify)
    drawn = draw_ids(
        [(r[0], r[1], r[2]) for r in rows],
        size=policy.sample_size,
        seed=seed,
        weighted=policy.weight_by_investment,
    )
    with transaction.atomic():
        the_draw = SpotCheckDraw.objects.create(
            year=month.year,
            month=month.month,
            seed=seed,
            sample_size=policy.sample_size,
            stratify=policy.stratify,
            weight_by_investment=policy.weight_by_investment,
            population=rows,
            drawn=drawn,
            drawn_on=today(),
            drawn_by=person(actor),
        )
        SpotCheck.objects.bulk_create(SpotCheck(draw=the_draw, claim_id=pk) for pk in drawn)
        record(
            "spotcheck.drawn",
            actor=actor,
            obj=the_draw,
            after={"seed": seed, "drawn": drawn},
            detail={"population": len(rows), "policy": policy.name},
        )
    return the_draw


def record_check(
    check: SpotCheck,
    *,
    actor: Actor,
    expected_version: int,
    result: str,
    note: str,
    deduction: Decimal | None = None,
    files: list[Any] | None = None,
) -> SpotCheck:
    """Record what the check found, with evidence. 不属实 revokes the fact (and may carry a
    deduction the assessment reads through `queries.untrue_findings`)."""
    require(actor, "spotcheck.run")
    if result not in CheckResult.values:
        raise ValidationError(_("请选择抽查结果"))
    note = (note or "").strip()
    if result != CheckResult.TRUE and not note:
        raise ValidationError(_("抽查结果为不属实或部分属实时必须填写核查说明"))
    if deduction is not None and result == CheckResult.TRUE:
        raise ValidationError(_("抽查属实不能扣分"))
    if check.result:
        raise ValidationError(_("该抽查已记录结果"))
    with staged_files() as names, transaction.atomic():
        attach(check, list(files or []), actor=actor, stage=names)
        check.result = result
        check.note = note
        check.deduction = deduction
        check.checked_on = today()
        check.checked_by = person(actor)
        save_versioned(
            check,
            expected_version=expected_version,
            fields=["result", "note", "deduction", "checked_on", "checked_by"],
        )
        record(
            "spotcheck.recorded",
            actor=actor,
            obj=check,
            after={"result": result, "deduction": str(deduction) if deduction else None},
            detail={"claim": check.claim_id, "note": note},
        )
        claim = Claim.objects.get(pk=check.claim_id)
        if result == CheckResult.UNTRUE and claim.status == ClaimStatus.CONFIRMED:
            revoke(claim, actor=actor, reason=f"抽查不属实：{note}")
    return check
