"""The claims app's side of `duban.projects.facts`: a reporter's fact change becomes a claim."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models.expressions import BaseExpression

from duban.accounts.actors import Actor
from duban.claims import queries, services
from duban.projects.models import Project


class ClaimGate:
    """Files one claim per fact (see `duban.projects.facts.FactGate`)."""

    def file_field_change(
        self, project: Project, *, actor: Actor, field: str, new_value: Any
    ) -> None:
        services.file_field_change(project, actor=actor, field=field, new_value=new_value)

    def file_stage(
        self, project: Project, *, actor: Actor, to_stage: str, on: dt.date, evidence_note: str
    ) -> None:
        services.file_stage(
            project, actor=actor, to_stage=to_stage, on=on, evidence_note=evidence_note
        )

    def file_listing(
        self,
        project: Project,
        *,
        actor: Actor,
        year: int,
        kind: str,
        planned_investment_wan: Decimal,
    ) -> None:
        services.file_listing(
            project, actor=actor, year=year, kind=kind,
            planned_investment_wan=planned_investment_wan,
        )  # fmt: skip

    def has_pending_claim(self) -> BaseExpression:
        return queries.has_pending_claim()
