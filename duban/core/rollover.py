"""Carry-forward steps of the year rollover (储备一批, 续建), registered by the apps that own the
records that move.

Opening the next year touches projects, problems, targets and, later, tasks and rectification
findings: each lives in its own app, and the rollover app sits above them all. So each app
registers one `CarryStep` in its `AppConfig.ready` (as with panels): the rollover previews
every step (what moves, what stays), then applies them in order inside one transaction. A
later app (tasks, findings) adds its own step without the rollover knowing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RolloverPlan:
    """What opening `to_year` from `from_year` should do, beyond each step's defaults:
    which 储备 projects are promoted into the new plan (by primary key)."""

    from_year: int
    to_year: int
    promote: frozenset[int] = frozenset()


@dataclass(frozen=True)
class StepPreview:
    """A step's answer before anything runs: how many records move, and a few of them by
    name for the page (what moves, what stays)."""

    moves: int
    stays: int = 0
    moving: Sequence[str] = ()
    staying: Sequence[str] = ()
    notes: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class CarryStep:
    """One app's part of the rollover. `key` names it in the preview's counts (projects,
    tasks, problems, targets); `apply` runs inside the rollover's transaction and returns how
    many records it carried, writing its own audit rows as the actor."""

    key: str
    label: Any
    order: int
    preview: Callable[[RolloverPlan], StepPreview]
    apply: Callable[[RolloverPlan, Any], int]


_steps: dict[str, CarryStep] = {}


def register(step: CarryStep) -> None:
    """Add (or replace, on a second `ready()`) the step of this key."""
    _steps[step.key] = step


def steps() -> list[CarryStep]:
    """Every registered step, in order."""
    return sorted(_steps.values(), key=lambda s: (s.order, s.key))
