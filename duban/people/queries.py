"""Named reads of people, through scoping."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from duban.core.actors import Viewer
from duban.core.scoping import restrict
from duban.people.models import Contact, EnterpriseFlag, Pairing, Visit
from duban.problems.models import Enterprise


def contacts_of(user: Viewer, unit_id: int) -> QuerySet[Contact]:
    return restrict(Contact.objects.filter(unit_id=unit_id), user, "unit.view")


def pairings(user: Viewer) -> QuerySet[Pairing]:
    return restrict(
        Pairing.objects.select_related(
            "leader", "contact", "enterprise", "project", "unit"
        ).prefetch_related(Prefetch("visits", queryset=Visit.objects.order_by("-on", "-id"))),
        user,
        "unit.view",
    )


def flags(user: Viewer) -> QuerySet[EnterpriseFlag]:
    """The flagged enterprises the user may see (a unit: its own)."""
    visible = restrict(Enterprise.objects.all(), user, "problem.view")
    return EnterpriseFlag.objects.select_related("enterprise", "enterprise__unit").filter(
        enterprise__in=visible
    )
