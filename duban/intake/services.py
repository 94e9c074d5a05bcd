"""Every write of the intake: reading a document, editing, accepting and rejecting proposals.

Each takes the acting user (keyword-only), checks ``intake.use`` in the role matrix, runs in
one transaction and writes its audit row inside it. Accepting goes through
``duban.targets.services`` (create or update), so the target's own audit row and rules apply.

Accepting is guarded, because a wrong acceptance corrupts the live table (泉港区's plan
accepted into 鼓楼区 showed 269% done on the home page):

* a document about another place or another year is refused unless the reviewer confirms
  explicitly (:class:`SubjectMismatch`);
* a target already in the table for the same metric, period and unit of responsibility is
  not silently doubled: the reviewer chooses to update it, keep both, or skip
  (:class:`DuplicateTargets` carries the candidates to show side by side);
* the accepted target counts what the text says: category, investment floor, 战新/外资,
  period, comparator and commitment, and a 其中 figure becomes a narrower target under its
  broader one; a 确保X、力争Y pair becomes one target with both values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.models import User
from duban.audit.models import Outcome
from duban.audit.services import record
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.intake import extract_document
from duban.intake.choices import ProposalStatus
from duban.intake.extract import Proposal as Reading
from duban.intake.models import IntakeDocument, Proposal
from duban.intake.queries import Placement, duplicate_targets, subject_mismatches
from duban.intake.subject import document_facts
from duban.intake.text import SourceDocument
from duban.targets.choices import Commitment
from duban.targets.models import Metric, Target
from duban.targets.services import create_target, update_target

__all__ = [
    "DUPLICATE_CHOICES",
    "DuplicateTargets",
    "SubjectMismatch",
    "accept_proposal",
    "create_document",
    "edit_proposal",
    "record_refused_upload",
    "reject_proposal",
    "to_metric_unit",
]

DUPLICATE_CHOICES = ("update", "keep", "skip")


class SubjectMismatch(ValidationError):
    """The document is about another place or year; accepting needs an explicit choice."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(reasons)
        self.reasons = reasons


class DuplicateTargets(ValidationError):
    """Targets for the same metric, period and unit exist; the reviewer must choose."""

    def __init__(self, candidates: list[Target]) -> None:
        super().__init__("目标表中已有相同指标、期间和责任单位的目标。")
        self.candidates = candidates


EDITABLE = ("value", "unit", "metric", "comparator")
_MONEY_IN_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _require(actor: User) -> None:
    """Only the roles the matrix grants ``intake.use`` (发改局 supervisors) may write here."""
    if not actor.can("intake.use"):
        raise PermissionDenied("intake.use")


def _base_unit(unit: str) -> str:
    """The unit without its 万/亿 scale (亿元 → 元)."""
    for scale in ("万亿", "亿", "万"):
        if unit.startswith(scale) and len(unit) > len(scale):
            return unit[len(scale) :]
    return unit


def _partners(readings: list[Reading]) -> dict[int, int]:
    """{index of a 力争 figure: index of its 确保 partner} for 确保X、力争Y pairs: the stretch
    figure follows its floor closely, in the same unit kind and comparator family."""
    pairs: dict[int, int] = {}
    for index in range(1, len(readings)):
        stretch, floor = readings[index], readings[index - 1]
        if (
            stretch.commitment == Commitment.STRETCH
            and floor.commitment == Commitment.FLOOR
            and _base_unit(stretch.unit) == _base_unit(floor.unit)
            and (stretch.comparator == "growth") == (floor.comparator == "growth")
            and stretch.start - floor.end <= 40
        ):
            pairs[index] = index - 1
    return pairs


def create_document(source: SourceDocument, *, actor: User) -> IntakeDocument:
    """Store a read document and its proposals; one audit row names file, hash and count."""
    _require(actor)
    chrome = [list(pair) for pair in source.chrome]
    readings = extract_document(source)
    facts = document_facts(source.text, source.chrome)
    with transaction.atomic():
        document = IntakeDocument.objects.create(
            name=source.name[:255],
            kind=source.kind,
            sha256=source.sha256,
            original_text=source.original,
            chrome=chrome,
            year=facts.year,
            area=(facts.area or "")[:32],
            uploaded_by=actor,
        )
        rows = [
            Proposal.objects.create(
                document=document,
                value=p.value,
                unit=p.unit[:16],
                metric=p.metric[:255],
                comparator=p.comparator,
                period=(p.period or "")[:32],
                start=p.start,
                end=p.end,
                text=p.text[:255],
                commitment=p.commitment,
                due_month=p.due_month,
                floor_wan=p.floor_wan,
                category_hint=p.category[:16],
                strategic=p.strategic,
                foreign=p.foreign,
            )
            for p in readings
        ]
        linked: list[Proposal] = []
        partners = _partners(readings)
        for index, reading in enumerate(readings):
            row = rows[index]
            if reading.parent is not None:
                row.parent = rows[reading.parent]
            partner = partners.get(index)
            if partner is not None:
                row.partner = rows[partner]
            if row.parent_id or row.partner_id:
                linked.append(row)
        Proposal.objects.bulk_update(linked, ["parent", "partner"])
        proposals = readings
        record(
            "intake.document_read",
            actor=actor,
            obj=document,
            detail={
                "file": source.name,
                "sha256": source.sha256,
                "kind": source.kind,
                "characters": len(source.original),
                "proposals": len(proposals),
                "year": facts.year,
                "area": facts.area,
            },
        )
    return document


def record_refused_upload(name: str, reason: str, *, actor: User) -> None:
    """Audit a refused upload (SECURITY C1: imports with outcome); nothing else is written."""
    record(
        "intake.document_refused",
        actor=actor,
        outcome=Outcome.FAILURE,
        object_type="intake.intakedocument",
        object_repr=name[:255],
        detail={"file": name[:255], "reason": reason},
    )


def _require_pending(proposal: Proposal) -> None:
    """Accepted and rejected proposals are settled; settle them again and you lose history."""
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("该建议已处理，不能再修改。"))


def edit_proposal(
    proposal: Proposal, *, actor: User, expected_version: int, changes: dict[str, Any]
) -> Proposal:
    """Correct what the extractor read (value, unit, metric, comparator) before deciding."""
    _require(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("不能修改：%(items)s") % {"items": ", ".join(sorted(unknown))})
    with transaction.atomic():
        _require_pending(proposal)
        before = snapshot(proposal)
        for name, value in changes.items():
            setattr(proposal, name, value)
        proposal.full_clean()
        save_versioned(proposal, expected_version=expected_version, fields=list(changes))
        diff = changed_fields(before, snapshot(proposal))
        record(
            "intake.proposal_edited",
            actor=actor,
            obj=proposal,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
        )
    return proposal


def reject_proposal(proposal: Proposal, *, actor: User, expected_version: int) -> Proposal:
    """Mark a proposal as not a target (a past figure the extractor took, a duplicate …)."""
    _require(actor)
    with transaction.atomic():
        _require_pending(proposal)
        proposal.status = ProposalStatus.REJECTED
        save_versioned(proposal, expected_version=expected_version, fields=["status"])
        record(
            "intake.proposal_rejected",
            actor=actor,
            obj=proposal,
            before={"status": ProposalStatus.PENDING},
            after={"status": ProposalStatus.REJECTED},
        )
    return proposal


def to_metric_unit(value: Decimal, unit: str, metric: Metric) -> Decimal:
    """The value in the metric's unit: targets keep money in 万元 (26 亿元 → 260000 万元)."""
    if unit in _MONEY_IN_WAN and metric.unit in _MONEY_IN_WAN:
        value = value * _MONEY_IN_WAN[unit] / _MONEY_IN_WAN[metric.unit]
    # Targets keep two decimals (0.01 万元 is 100 元: finer than any plan states).
    return value.quantize(Decimal("0.01"))


def _refuse(proposal: Proposal, reasons: list[str], *, actor: User) -> None:
    """Audit a refused acceptance (outside the refused change, which never happens)."""
    record(
        "intake.proposal_refused",
        actor=actor,
        obj=proposal,
        outcome=Outcome.FAILURE,
        detail={"reasons": reasons},
    )


def _settle(
    proposal: Proposal,
    status: str,
    target: Target,
    *,
    actor: User,
    expected_version: int,
    detail: dict[str, Any],
) -> None:
    """Mark a proposal accepted (or skipped) with the target it went to, audited."""
    proposal.status = status
    proposal.target = target
    save_versioned(proposal, expected_version=expected_version, fields=["status", "target"])
    record(
        "intake.proposal_accepted"
        if status == ProposalStatus.ACCEPTED
        else "intake.proposal_skipped",
        actor=actor,
        obj=proposal,
        before={"status": ProposalStatus.PENDING},
        after={"status": status, "target": target.pk},
        detail=detail,
    )


def _pair(proposal: Proposal) -> tuple[Proposal, Proposal | None]:
    """(the 确保 floor, its pending 力争 partner) when the proposal is one of a pair."""
    if proposal.partner_id is not None:
        floor = Proposal.objects.get(pk=proposal.partner_id)
        if floor.status == ProposalStatus.PENDING:
            return floor, proposal
        return proposal, None
    stretch = Proposal.objects.filter(partner=proposal, status=ProposalStatus.PENDING).first()
    return proposal, stretch


def accept_proposal(
    proposal: Proposal,
    *,
    actor: User,
    expected_version: int,
    placement: Placement,
    changes: dict[str, Any] | None = None,
    confirm_subject: bool = False,
    on_duplicate: str | None = None,
    duplicate: Target | None = None,
    duplicate_version: int | None = None,
) -> Target:
    """Turn a proposal into a target of the table (see the module docstring for the guards).

    ``changes`` are the reviewer's edits (value, unit, metric, comparator) applied first.
    ``confirm_subject`` accepts a document about another place or year. ``on_duplicate``
    answers :class:`DuplicateTargets`: ``update`` writes the proposal's value into
    ``duplicate`` (version-checked with ``duplicate_version``), ``keep`` adds a new target
    beside it, ``skip`` leaves the table as it is and links the proposal to ``duplicate``.
    Returns the target the proposal now points at.
    """
    _require(actor)
    if on_duplicate is not None and on_duplicate not in DUPLICATE_CHOICES:
        raise ValidationError(
            _("未知的处理方式：%(on_duplicate)s") % {"on_duplicate": on_duplicate}
        )
    reasons = subject_mismatches(proposal.document, placement.year)
    if reasons and not confirm_subject:
        _refuse(proposal, reasons, actor=actor)
        raise SubjectMismatch(reasons)
    with transaction.atomic():
        _require_pending(proposal)
        if changes:
            edit_proposal(proposal, actor=actor, expected_version=expected_version, changes=changes)
            expected_version = proposal.version
        broader: Target | None = None
        if proposal.parent_id is not None:
            parent = Proposal.objects.select_related("target").get(pk=proposal.parent_id)
            if parent.target is None:
                raise ValidationError(
                    _("这是“其中”目标，请先接受它的上级目标：%(metric)s %(text)s")
                    % {"metric": parent.metric, "text": parent.text}
                )
            broader = parent.target
        candidates = duplicate_targets(placement)
        if candidates and on_duplicate is None:
            raise DuplicateTargets(candidates)
        if on_duplicate in ("update", "skip") and (
            duplicate is None or duplicate.pk not in {t.pk for t in candidates}
        ):
            raise ValidationError(_("请选择要更新或保留的已有目标。"))
        floor, stretch = _pair(proposal)
        if stretch is not None and proposal.pk == stretch.pk:
            expected = {stretch.pk: expected_version, floor.pk: floor.version}
        else:
            expected = {proposal.pk: expected_version}
            if stretch is not None:
                expected[stretch.pk] = stretch.version
        value = to_metric_unit(floor.value, floor.unit, placement.metric)
        fields: dict[str, Any] = {
            "value": value,
            "comparator": floor.comparator,
            "commitment": Commitment.FLOOR if stretch is not None else placement.commitment,
            "stretch_value": (
                to_metric_unit(stretch.value, stretch.unit, placement.metric) if stretch else None
            ),
            "title": floor.metric[:128],
            "source_text": (
                f"{proposal.document.name} [{floor.start}:{floor.end}] {floor.text}"
                + (f"；[{stretch.start}:{stretch.end}] {stretch.text}" if stretch else "")
            ),
        }
        detail = {
            "resolution": on_duplicate or "new",
            "confirmed_subject": reasons if reasons else None,
        }
        status = ProposalStatus.ACCEPTED
        if on_duplicate == "skip" and duplicate is not None:
            target = duplicate
            status = ProposalStatus.SKIPPED
        elif on_duplicate == "update" and duplicate is not None:
            target = update_target(
                duplicate,
                actor=actor,
                expected_version=(
                    duplicate_version if duplicate_version is not None else duplicate.version
                ),
                changes=fields,
            )
        else:
            target = create_target(
                actor=actor,
                year=placement.year,
                metric=placement.metric,
                unit=placement.unit,
                category=placement.category,
                min_total_investment_wan=placement.min_total_investment_wan,
                strategic_only=placement.strategic_only,
                foreign_only=placement.foreign_only,
                due_month=placement.due_month,
                broader=broader,
                **fields,
            )
        for row in (floor, stretch):
            if row is not None:
                _settle(
                    row,
                    status,
                    target,
                    actor=actor,
                    expected_version=expected[row.pk],
                    detail=detail,
                )
    return target
