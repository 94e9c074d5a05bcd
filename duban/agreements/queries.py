"""Named reads of responsibility agreements, for the page and `duban agreements` alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.agreements.choices import AgreementStatus
from duban.agreements.models import Agreement
from duban.agreements.services import units_owing
from duban.core.actors import Viewer
from duban.core.roles import Role
from duban.core.scoping import restrict
from duban.orgs.models import Unit


@dataclass(frozen=True)
class Standing:
    """Where one unit stands for the year: its agreement, or none drawn yet."""

    unit: Unit
    agreement: Agreement | None

    @property
    def status(self) -> str:
        return self.agreement.status if self.agreement else ""

    @property
    def signed(self) -> bool:
        return self.status == AgreementStatus.SIGNED


def standings(user: Viewer, year: int) -> list[Standing]:
    """Every unit owing an agreement for the year (as the user may see them), with its
    agreement if one exists: the page's table of who has signed and who has not."""
    agreements = {
        a.unit_id: a for a in restrict(Agreement.objects.filter(year=year), user, "agreement.view")
    }
    units = units_owing(year)
    units += [a.unit for a in agreements.values() if a.unit not in units]
    if getattr(user, "role", "") == Role.REPORTER:
        units = [u for u in units if u.pk == getattr(user, "unit_id", None)]
    return [Standing(unit=u, agreement=agreements.get(u.pk)) for u in units]


def summary(year: int) -> list[dict[str, Any]]:
    """The command line's answer: one object per agreement of the year (keys unit, year,
    targets, status, signed_on)."""
    rows = Agreement.objects.filter(year=year).select_related("unit")
    return [
        {
            "unit": a.unit.name,
            "year": a.year,
            "targets": a.target_count,
            "status": a.status,
            "signed_on": a.signed_on.isoformat() if a.signed_on else None,
        }
        for a in rows
    ]
