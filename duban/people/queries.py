"""Named reads of people, through scoping."""

from __future__ import annotations

from django.db.models import Case, Prefetch, QuerySet, Value, When

from duban.core.actors import Viewer
from duban.core.scoping import restrict
from duban.people.choices import ContactRole
from duban.people.models import Contact, EnterpriseFlag, Pairing, Visit
from duban.problems.models import Enterprise

# 主要领导 first, then 分管领导, then 联络员 (the order the plan names them).
ROLE_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(ContactRole.values)),
    default=Value(9),
)


def contacts_of(user: Viewer, unit_id: int) -> QuerySet[Contact]:
    return restrict(Contact.objects.filter(unit_id=unit_id), user, "unit.view").order_by(
        ROLE_ORDER, "id"
    )


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
