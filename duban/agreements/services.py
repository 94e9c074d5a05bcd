"""Every write to responsibility agreements: draft, issue, sign. Audited, versioned; a signed
agreement is locked and no service changes it again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.agreements import content
from duban.agreements.choices import AgreementStatus
from duban.agreements.models import Agreement
from duban.audit.services import record
from duban.core.asof import today
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.files.services import attach, staged_files
from duban.orgs.models import Unit
from duban.projects.models import PlanListing
from duban.targets.models import Target

AUDITED = ["status", "serial", "district_signatory", "unit_signatory", "issued_on", "signed_on"]


class AgreementLocked(ValidationError):
    """The agreement was signed: it can no longer change (a revision goes in the annex)."""


def units_owing(year: int) -> list[Unit]:
    """Units that owe an agreement for the year: every active unit holding a share of a
    target or a project in the year's plan."""
    with_targets = Target.objects.filter(year=year, unit__isnull=False).values("unit_id")
    with_projects = PlanListing.objects.filter(year=year).values("project__unit_id")
    return list(
        Unit.objects.filter(is_active=True)
        .filter(Q(pk__in=with_targets) | Q(pk__in=with_projects))
        .order_by("kind", "sort_order", "code")
    )


def generate(year: int, *, actor: Actor, units: Sequence[Unit] | None = None) -> list[Agreement]:
    """Draw (or redraw) the draft agreements of a year from the decomposition. Issued and
    signed agreements are left as they are: their content is frozen."""
    require(actor, "agreement.manage")
    out = []
    with transaction.atomic():
        for unit in units if units is not None else units_owing(year):
            found = Agreement.objects.filter(unit=unit, year=year).first()
            if found is not None and found.status != AgreementStatus.DRAFT:
                continue
            drawn = content.build(unit, year)
            if found is None:
                found = Agreement.objects.create(unit=unit, year=year, content=drawn)
            elif found.content == drawn:
                continue
            else:
                found.content = drawn
                save_versioned(found, expected_version=found.version, fields=["content"])
            record(
                "agreement.generated",
                actor=actor,
                obj=found,
                detail={
                    "targets": len(drawn["targets"]),
                    "projects": len(drawn["projects"]),
                    "method": (drawn["method"] or {}).get("version"),
                },
            )
            out.append(found)
    return out


def _locked(agreement: Agreement) -> None:
    if agreement.is_locked:
        raise AgreementLocked(_("目标责任书已签订并锁定，不能再修改；目标调整以附件形式列明。"))


def issue(
    agreement: Agreement,
    *,
    actor: Actor,
    expected_version: int,
    district_signatory: str = "",
    unit_signatory: str = "",
    issued_on: dt.date | None = None,
) -> Agreement:
    """Freeze the content as it stands today, give the 文号 serial and print it for signing."""
    require(actor, "agreement.manage")
    _locked(agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("只有草稿可以印发。"))
    with transaction.atomic():
        before = snapshot(agreement, AUDITED)
        agreement.content = content.build(agreement.unit, agreement.year)
        if not agreement.content["targets"] and not agreement.content["projects"]:
            raise ValidationError(_("该单位本年度没有分解目标或计划项目，不能印发目标责任书。"))
        last = Agreement.objects.filter(year=agreement.year).aggregate(m=Max("serial"))["m"]
        agreement.serial = (last or 0) + 1
        agreement.status = AgreementStatus.ISSUED
        agreement.issued_on = issued_on or today()
        agreement.district_signatory = district_signatory.strip() or agreement.content.get(
            "district_leader", ""
        )
        agreement.unit_signatory = unit_signatory.strip()
        save_versioned(agreement, expected_version=expected_version, fields=[*AUDITED, "content"])
        after = snapshot(agreement, AUDITED)
        record(
            "agreement.issued",
            actor=actor,
            obj=agreement,
            before=before,
            after=after,
            detail={"changed": changed_fields(before, after)},
        )
    return agreement


def sign(
    agreement: Agreement,
    *,
    actor: Actor,
    expected_version: int,
    signed_on: dt.date,
    scans: Sequence[Any],
    unit_signatory: str = "",
) -> Agreement:
    """Record that both sides signed on paper: the scan is required and stored as evidence
    (checked by the one upload module); from here on the agreement is locked."""
    require(actor, "agreement.manage")
    _locked(agreement)
    if agreement.status != AgreementStatus.ISSUED:
        raise ValidationError(_("请先印发目标责任书，再登记签订。"))
    if not scans:
        raise ValidationError(_("请上传双方签字盖章的扫描件。"))
    if agreement.issued_on and signed_on < agreement.issued_on:
        raise ValidationError(_("签订日期不能早于印发日期。"))
    if signed_on > today():
        raise ValidationError(_("签订日期不能晚于今天。"))
    # The scan is written inside the transaction; if anything after it fails, the staged
    # file is removed again (nothing left on disk for a signing that did not happen).
    with staged_files() as stage, transaction.atomic():
        before = snapshot(agreement, AUDITED)
        agreement.status = AgreementStatus.SIGNED
        agreement.signed_on = signed_on
        agreement.signed_by = person(actor)
        if unit_signatory.strip():
            agreement.unit_signatory = unit_signatory.strip()
        save_versioned(
            agreement,
            expected_version=expected_version,
            fields=["status", "signed_on", "signed_by", "unit_signatory"],
        )
        files = attach(agreement, list(scans), actor=actor, label="签字扫描件", stage=stage)
        after = snapshot(agreement, AUDITED)
        record(
            "agreement.signed",
            actor=actor,
            obj=agreement,
            before=before,
            after=after,
            detail={"files": [f.original_name for f in files]},
        )
    return agreement
