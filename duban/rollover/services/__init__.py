"""Opening the next year: preview every carry-forward step, then run them all in one
transaction, record the rollover (which closes the old year) and audit it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.audit.services import record
from duban.core import rollover
from duban.core.rollover import RolloverPlan, StepPreview
from duban.rollover.models import Rollover
from duban.targets.models import Target

# The keys the preview always answers, whether or not an app registered a step for them
# (tasks and findings arrive with their own apps).
KEYS = ("projects", "tasks", "problems", "targets")


@dataclass(frozen=True)
class Preview:
    plan: RolloverPlan
    steps: list[tuple[rollover.CarryStep, StepPreview]]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KEYS, 0)
        for step, preview in self.steps:
            out[step.key] = out.get(step.key, 0) + preview.moves
        return out


def plan_for(from_year: int, to_year: int, promote: frozenset[int] = frozenset()) -> RolloverPlan:
    if to_year != from_year + 1:
        raise ValidationError(_("只能从本年度开启下一年度（如 2021 → 2022）。"))
    return RolloverPlan(from_year=from_year, to_year=to_year, promote=promote)


def preview(plan: RolloverPlan) -> Preview:
    """What would move and what would stay, step by step; writes nothing."""
    return Preview(plan=plan, steps=[(step, step.preview(plan)) for step in rollover.steps()])


def run(plan: RolloverPlan, *, actor: Actor) -> Rollover:
    """Carry everything forward and close the old year, all or nothing, audited."""
    require(actor, "year.rollover")
    if Rollover.objects.filter(from_year=plan.from_year).exists():
        raise ValidationError(_("%(from_year)s年度已经结转过。") % {"from_year": plan.from_year})
    with transaction.atomic():
        counts = dict.fromkeys(KEYS, 0)
        for step in rollover.steps():
            counts[step.key] = counts.get(step.key, 0) + step.apply(plan, actor)
        done = Rollover.objects.create(
            from_year=plan.from_year,
            to_year=plan.to_year,
            counts=counts,
            promoted=sorted(plan.promote),
            actor=person(actor),
            actor_name=actor.get_username(),
        )
        record(
            "rollover.run",
            actor=actor,
            obj=done,
            detail={"from": plan.from_year, "to": plan.to_year, **counts},
        )
    return done


def confirm_targets(year: int, *, actor: Actor) -> int:
    """发改局 confirms the new year's targets: the drafts become the plan."""
    require(actor, "year.rollover")
    with transaction.atomic():
        drafts = Target.objects.filter(year=year, draft=True)
        count = drafts.count()
        if count:
            drafts.update(draft=False)
            record(
                "rollover.targets_confirmed",
                actor=actor,
                object_type="targets.target",
                object_repr=f"{year}年目标",
                detail={"year": year, "count": count},
            )
    return count
