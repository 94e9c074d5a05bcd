"""Every write of the intake: reading a document, editing, accepting and rejecting proposals.

Each takes the acting user (keyword-only), checks ``intake.use`` in the role matrix, runs in
one transaction and writes its audit row inside it. Accepting creates the target through
``duban.targets.services.create_target``, so the target's own audit row and rules apply.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from duban.audit.models import Outcome
from duban.audit.services import record
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.intake import cues, extract_document
from duban.intake.choices import ProposalStatus
from duban.intake.clean import article_lines, split_lines
from duban.intake.convert import matching_copy
from duban.intake.models import IntakeDocument, Proposal
from duban.intake.text import SourceDocument
from duban.targets.models import Metric, Target
from duban.targets.services import create_target

__all__ = [
    "accept_proposal",
    "create_document",
    "edit_proposal",
    "guess_metric",
    "record_refused_upload",
    "reject_proposal",
    "to_metric_unit",
]

EDITABLE = ("value", "unit", "metric", "comparator")
_MONEY_IN_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _require(actor: Any) -> None:
    """Only the roles the matrix grants ``intake.use`` (发改局 supervisors) may write here."""
    if actor is None or not actor.can("intake.use"):
        raise PermissionDenied("intake.use")


def _document_year(text: str, chrome: list[tuple[int, int]]) -> int | None:
    """The plan year the extractor read from the document (default for accepted targets)."""
    copy = matching_copy(text)
    lines = article_lines(copy, chrome, split_lines(copy))
    return cues.document_context("\n".join(line.text for line in lines)).target_year


def create_document(source: SourceDocument, *, actor: Any) -> IntakeDocument:
    """Store a read document and its proposals; one audit row names file, hash and count."""
    _require(actor)
    chrome = [list(pair) for pair in source.chrome]
    proposals = extract_document(source)
    with transaction.atomic():
        document = IntakeDocument.objects.create(
            name=source.name[:255],
            kind=source.kind,
            sha256=source.sha256,
            original_text=source.original,
            chrome=chrome,
            year=_document_year(source.text, list(source.chrome)),
            uploaded_by=actor,
        )
        Proposal.objects.bulk_create(
            Proposal(
                document=document,
                value=p.value,
                unit=p.unit[:16],
                metric=p.metric[:255],
                comparator=p.comparator,
                period=(p.period or "")[:32],
                start=p.start,
                end=p.end,
                text=p.text[:255],
            )
            for p in proposals
        )
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
            },
        )
    return document


def record_refused_upload(name: str, reason: str, *, actor: Any) -> None:
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
        raise ValidationError("该建议已处理，不能再修改。")


def edit_proposal(
    proposal: Proposal, *, actor: Any, expected_version: int, changes: dict[str, Any]
) -> Proposal:
    """Correct what the extractor read (value, unit, metric, comparator) before deciding."""
    _require(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
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


def reject_proposal(proposal: Proposal, *, actor: Any, expected_version: int) -> Proposal:
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


def accept_proposal(
    proposal: Proposal,
    *,
    actor: Any,
    expected_version: int,
    year: int,
    metric: Metric,
    unit: Any = None,
    changes: dict[str, Any] | None = None,
) -> Target:
    """Turn a proposal into a target of ``year`` for ``unit`` (None: the district's own).

    ``changes`` are the reviewer's edits (value, unit, metric, comparator) applied first. The
    target records the document and span in ``source_text`` and the proposal links to it.
    """
    _require(actor)
    with transaction.atomic():
        _require_pending(proposal)
        if changes:
            edit_proposal(proposal, actor=actor, expected_version=expected_version, changes=changes)
            expected_version = proposal.version
        document = proposal.document
        source = f"{document.name} [{proposal.start}:{proposal.end}] {proposal.text}"
        target = create_target(
            actor=actor,
            year=year,
            metric=metric,
            unit=unit,
            value=to_metric_unit(proposal.value, proposal.unit, metric),
            comparator=proposal.comparator,
            title=proposal.metric[:128],
            source_text=source,
        )
        proposal.status = ProposalStatus.ACCEPTED
        proposal.target = target
        save_versioned(proposal, expected_version=expected_version, fields=["status", "target"])
        record(
            "intake.proposal_accepted",
            actor=actor,
            obj=proposal,
            before={"status": ProposalStatus.PENDING},
            after={"status": ProposalStatus.ACCEPTED, "target": target.pk},
        )
    return target


def guess_metric(text: str, metrics: list[Metric]) -> Metric | None:
    """The metric whose name reads most like the proposal's metric text (a default only)."""
    best: tuple[float, Metric] | None = None
    for metric in metrics:
        ratio = difflib.SequenceMatcher(None, text, metric.name).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, metric)
    return best[1] if best is not None and best[0] >= 0.3 else None
