"""Named reads of claims for pages, the CLI, the targets' drill-down and the assessment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from duban.claims.choices import CheckResult, ClaimStatus
from duban.claims.models import Claim, RevisionMark, SpotCheck
from duban.core.asof import Month
from duban.core.scoping import restrict
from duban.orgs.models import Unit


def filed_in(month: Month) -> QuerySet[Claim]:
    """Claims filed in a month (the CLI's contract), with what their rows print."""
    return (
        Claim.objects.filter(filed_on__gte=month.first_day, filed_on__lte=month.last_day)
        .select_related("project", "unit", "decided_by_unit")
        .annotate(evidence_count=Count("evidence_files"))
        .order_by("filed_on", "id")
    )


def as_row(claim: Any) -> dict[str, Any]:
    """One claim as the CLI prints it (keys fixed by issue 15)."""
    return {
        "id": claim.pk,
        "project_code": claim.project.code,
        "unit": claim.unit.name,
        "fact": claim.fact,
        "status": claim.status,
        "filed_on": claim.filed_on.isoformat(),
        "decided_on": claim.decided_on.isoformat() if claim.decided_on else None,
        "decided_by_unit": claim.decided_by_unit.name if claim.decided_by_unit else None,
        "evidence_count": claim.evidence_count,
    }


def listed(
    user: Any, *, status: str = "", year: int | None = None, until: Any = None
) -> QuerySet[Claim]:
    """The claims a user may see, newest first, optionally by status, year of filing and
    filed by a day (the as-of month's end)."""
    qs = restrict(Claim.objects.with_relations(), user, "claim.view")
    if until is not None:
        qs = qs.filter(filed_on__lte=until)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(filed_on__year=year)
    return qs.annotate(evidence_count=Count("evidence_files")).order_by("-filed_on", "-id")


def can_decide(user: Any, claim: Claim) -> bool:
    return restrict(Claim.objects.filter(pk=claim.pk), user, "claim.decide").exists()


def for_project(project_id: int) -> QuerySet[Claim]:
    return Claim.objects.with_relations().filter(project_id=project_id)


def has_pending_claim() -> Exists:
    """Over a project queryset: whether a claim of the project awaits a decision (the badge
    beside a fact that is not yet counted)."""
    return Exists(Claim.objects.filter(project_id=OuterRef("pk"), status=ClaimStatus.PENDING))


def confirmations(project_ids: Iterable[int]) -> dict[int, list[Claim]]:
    """{project id: its confirmed, pending and revoked claims}, for the target drill-down:
    who confirmed which fact when, with how much evidence (`Claim.status_on` tells what stood
    on the viewed month's end)."""
    out: dict[int, list[Claim]] = defaultdict(list)
    rows = (
        Claim.objects.with_relations()
        .filter(
            project_id__in=list(project_ids),
            status__in=[ClaimStatus.CONFIRMED, ClaimStatus.PENDING, ClaimStatus.REVOKED],
        )
        .annotate(evidence_count=Count("evidence_files"))
        .order_by("project_id", "-decided_on", "-id")
    )
    for claim in rows:
        out[claim.project_id].append(claim)
    return dict(out)


def pending_for(
    user: Any,
    *,
    facts: Iterable[str],
    year: int,
    unit_id: int | None = None,
    category_id: int | None = None,
    until: Any = None,
) -> QuerySet[Claim]:
    """Pending claims of given facts filed in a year (a unit's, a category's), as far as the
    user may see them: shown as pending beside what is counted."""
    qs = restrict(Claim.objects.with_relations(), user, "claim.view").filter(
        fact__in=list(facts), filed_on__year=year
    )
    if until is None:
        qs = qs.filter(status=ClaimStatus.PENDING)
    else:  # as it stood then: filed by that day and not yet decided on it
        qs = qs.filter(filed_on__lte=until).filter(
            Q(status=ClaimStatus.PENDING) | Q(decided_on__gt=until)
        )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if category_id:
        qs = qs.filter(project__category_id=category_id)
    return qs.order_by("filed_on", "id")


def months_to_revise(year: int) -> QuerySet[RevisionMark]:
    """Months a revoked fact touched and not yet revised: the assessment's revision list."""
    return RevisionMark.objects.filter(year=year, resolved=False).select_related("unit", "claim")


@dataclass(frozen=True)
class Finding:
    """A spot check that found a fact untrue, for a deduction item in the assessment."""

    unit_id: int
    claim_id: int
    project_code: str
    checked_on: Any
    deduction: Decimal | None
    note: str


def untrue_findings(year: int, month: int | None = None) -> list[Finding]:
    """不属实 findings of a year (or one month of checking): what the assessment's deduction
    item reads (the assessment app is above this one and owns the deduction itself)."""
    qs = SpotCheck.objects.filter(result=CheckResult.UNTRUE, checked_on__year=year)
    if month:
        qs = qs.filter(checked_on__month=month)
    return [
        Finding(
            c.claim.unit_id, c.claim_id, c.claim.project.code, c.checked_on, c.deduction, c.note
        )
        for c in qs.select_related("claim", "claim__project").order_by("checked_on", "id")
    ]


@dataclass(frozen=True)
class Reliability:
    """One unit's claims over a year: how far its word can be trusted."""

    unit: Unit
    filed: int
    confirmed: int
    rejected: int
    revoked: int
    pending: int
    checked: int
    untrue: int

    @property
    def untrue_rate(self) -> Decimal | None:
        if not self.checked:
            return None
        return (Decimal(self.untrue) / self.checked * 100).quantize(Decimal("0.1"))


def reliability(year: int) -> list[Reliability]:
    """Per unit: claims filed, confirmed, rejected, revoked, pending; checked, found untrue."""
    counts = (
        Claim.objects.filter(filed_on__year=year)
        .values("unit_id")
        .annotate(
            filed=Count("id"),
            confirmed=Count("id", filter=Q(status=ClaimStatus.CONFIRMED)),
            rejected=Count("id", filter=Q(status=ClaimStatus.REJECTED)),
            revoked=Count("id", filter=Q(status=ClaimStatus.REVOKED)),
            pending=Count("id", filter=Q(status=ClaimStatus.PENDING)),
        )
    )
    checks = (
        SpotCheck.objects.filter(draw__year=year)
        .exclude(result="")
        .values("claim__unit_id")
        .annotate(checked=Count("id"), untrue=Count("id", filter=Q(result=CheckResult.UNTRUE)))
    )
    by_unit: dict[int, dict[str, int]] = defaultdict(dict)
    for row in counts:
        by_unit[row["unit_id"]].update(row)
    for row in checks:
        by_unit[row["claim__unit_id"]].update(row)
    units = Unit.objects.in_bulk(list(by_unit))
    out = [
        Reliability(
            unit=units[pk],
            filed=row.get("filed", 0),
            confirmed=row.get("confirmed", 0),
            rejected=row.get("rejected", 0),
            revoked=row.get("revoked", 0),
            pending=row.get("pending", 0),
            checked=row.get("checked", 0),
            untrue=row.get("untrue", 0),
        )
        for pk, row in by_unit.items()
    ]
    return sorted(out, key=lambda r: (r.unit.kind, r.unit.code))
