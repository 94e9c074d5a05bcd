"""Facts that scores count, and the gate that turns a unit's change of one into a claim.

A project's fields hold the CONFIRMED values: targets, lights and scores count them as they
stand. When a unit's reporter changes one of the facts below (through the edit form, a stage
move or a plan listing), the change does not reach the project; it goes through the gate,
which the claims app (above this one) registers in its `AppConfig.ready`, and is filed as a
claim (认定) for the category's lead department to confirm. The gate is called explicitly by
the services of this app, inside their transaction, so the claim and its audit row are part of
the same write (this is not a signal: nothing is skipped silently).

Without a registered gate (a stripped-down install) a reporter's change of a fact is refused
rather than applied unconfirmed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Value
from django.db.models.expressions import BaseExpression
from django.utils.translation import gettext as _

from duban.core.roles import Role

if TYPE_CHECKING:
    from duban.accounts.actors import Actor
    from duban.projects.models import Project

# The project fields a score, a target or a light counts (DESIGN.md 10, issue 15). The
# responsible unit is one, though a reporter is never offered it (only 发改局 moves a project).
FACT_FIELDS: tuple[str, ...] = (
    "category",
    "industry",
    "strategic_emerging",
    "foreign_funded",
    "total_investment_wan",
    "unit",
    "stats_status",
)


class FactGate(Protocol):
    """What the claims app does with a fact a unit changed (each files one claim per fact)."""

    def file_field_change(
        self, project: Project, *, actor: Actor, field: str, new_value: Any
    ) -> None: ...

    def file_stage(
        self, project: Project, *, actor: Actor, to_stage: str, on: dt.date, evidence_note: str
    ) -> None: ...

    def file_listing(
        self,
        project: Project,
        *,
        actor: Actor,
        year: int,
        kind: str,
        planned_investment_wan: Decimal,
    ) -> None: ...

    def has_pending_claim(self) -> BaseExpression:
        """Over a project queryset: whether a claim of the project awaits a decision."""
        ...


_gate: list[FactGate] = []


def register_gate(gate: FactGate) -> None:
    """Install the gate (the claims app, once, from its ready(); a second call replaces it)."""
    _gate[:] = [gate]


def gate() -> FactGate:
    if not _gate:
        raise ValidationError(_("该项更改须经牵头部门认定，但认定功能未启用"))
    return _gate[0]


def needs_confirmation(actor: Actor) -> bool:
    """A unit's reporter claims; 发改局, a lead department within its categories and the
    system's jobs (imports, the demo) record facts directly, audited."""
    return getattr(actor, "role", None) == Role.REPORTER


def has_pending_claim() -> BaseExpression:
    """Over a project queryset: whether a claim of the project awaits a decision, for the
    ledger's badge (never, without a gate). An expression, so the ledger reads it with its
    rows instead of in a query of its own."""
    return _gate[0].has_pending_claim() if _gate else Value(False, output_field=BooleanField())
