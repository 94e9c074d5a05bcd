"""Every write to problems and enterprises: raising, moving along the one path, escalation.

Each function takes the acting user (None for the system's own periodic commands), runs in one
transaction and writes its audit row inside it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import now as business_now
from duban.core.asof import today
from duban.core.roles import Role
from duban.core.scoping import restrict
from duban.core.services import save_versioned, snapshot
from duban.orgs.models import Leader, Unit
from duban.problems.choices import (
    OPEN_PROBLEM_STATES,
    PROBLEM_TRANSITIONS,
    RAISER_MOVES,
    ProblemStatus,
)
from duban.problems.models import Enterprise, Problem, ProblemNote
from duban.projects.models import Project


def create_enterprise(*, actor: Actor, name: str, unit: Unit) -> Enterprise:
    with transaction.atomic():
        enterprise = Enterprise(name=name.strip(), unit=unit)
        enterprise.full_clean()
        enterprise.save()
        record("enterprise.created", actor=actor, obj=enterprise, after=snapshot(enterprise))
    return enterprise


def raise_problem(
    *,
    actor: Actor,
    project: Project | None = None,
    enterprise: Enterprise | None = None,
    type: str,
    title: str,
    description: str,
    department: Unit,
    leader: Leader,
    deadline: dt.date,
    raised_on: dt.date | None = None,
) -> Problem:
    """Record a problem on a project or an enterprise the actor may see."""
    require(actor, "problem.raise")
    if (project is None) == (enterprise is None):
        raise ValidationError(_("问题须且只能对应一个项目或一家企业"))
    if isinstance(actor, User):
        if (
            project is not None
            and not restrict(Project.objects.filter(pk=project.pk), actor, "project.view").exists()
        ):
            raise PermissionDenied("project.view")
        if (
            enterprise is not None
            and not restrict(
                Enterprise.objects.filter(pk=enterprise.pk), actor, "problem.view"
            ).exists()
        ):
            raise PermissionDenied("problem.view")
    raised_on = raised_on or today()
    if deadline < raised_on:
        raise ValidationError({"deadline": _("办理期限：不能早于提出日期")})
    owner = project.unit if project is not None else enterprise.unit  # type: ignore[union-attr]
    with transaction.atomic():
        problem = Problem(
            project=project,
            enterprise=enterprise,
            owner_unit=owner,
            type=type,
            title=title.strip(),
            description=description.strip(),
            department=department,
            leader=leader,
            deadline=deadline,
            raised_on=raised_on,
            raised_by=person(actor),
        )
        problem.full_clean()
        problem.save()
        record("problem.raised", actor=actor, obj=problem, after=snapshot(problem))
    return problem


def may_coordinate(actor: User, problem: Problem) -> bool:
    """发改局 coordinates any problem; a lead-department reviewer those assigned to its unit;
    a leader those linked to them."""
    if not actor.can("problem.coordinate"):
        return False
    if actor.role == Role.SUPERVISOR:
        return True
    if actor.role == Role.REVIEWER:
        return problem.department_id == actor.unit_id
    if actor.role == Role.LEADER:
        return problem.leader_id == actor.leader_id
    return False


def may_confirm(actor: User, problem: Problem) -> bool:
    """The raising side confirms or reopens: the raiser, their unit's reporters, or 发改局."""
    if actor.role == Role.SUPERVISOR:
        return True
    if not actor.can("problem.raise"):
        return False
    if problem.raised_by_id == actor.pk:
        return True
    return actor.role == Role.REPORTER and actor.unit_id == problem.owner_unit_id


def move_problem(
    problem: Problem,
    *,
    actor: Actor,
    to_status: str,
    note: str = "",
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Problem:
    """Move a problem along its one allowed path; anything else is refused with the reason."""
    allowed = PROBLEM_TRANSITIONS.get(problem.status, frozenset())
    if to_status not in allowed:
        raise ValidationError(
            _("状态不能从“%(status)s”变为“%(label)s”")
            % {"status": problem.get_status_display(), "label": ProblemStatus(to_status).label}
        )
    if isinstance(actor, User):
        ok = (
            may_confirm(actor, problem)
            if to_status in RAISER_MOVES
            else may_coordinate(actor, problem)
        )
        if not ok:
            raise PermissionDenied("problem.transition")
    if to_status == ProblemStatus.REOPENED and not note.strip():
        raise ValidationError({"note": _("办理说明：重新打开须说明原因")})
    on = on or today()
    with transaction.atomic():
        before = problem.status
        problem.status = to_status
        fields = ["status", "last_note"]
        problem.last_note = note.strip()[:255]
        if to_status == ProblemStatus.RESOLVED:
            problem.resolved_on = on
            fields.append("resolved_on")
        elif to_status == ProblemStatus.CONFIRMED:
            problem.confirmed_on = on
            fields.append("confirmed_on")
        elif to_status == ProblemStatus.REOPENED:
            problem.resolved_on = None
            problem.escalated_at = None
            fields += ["resolved_on", "escalated_at"]
        save_versioned(
            problem,
            expected_version=problem.version if expected_version is None else expected_version,
            fields=fields,
        )
        ProblemNote.objects.create(
            problem=problem,
            from_status=before,
            to_status=to_status,
            note=problem.last_note,
            actor=person(actor),
            on=on,
        )
        record(
            "problem.status_changed",
            actor=actor,
            obj=problem,
            before={"status": before},
            after={"status": to_status},
            detail={"note": problem.last_note},
        )
    return problem


def escalate_overdue_problems(*, actor: Actor, on: dt.date | None = None) -> int:
    """Escalate open problems past their deadline to their leader.

    Idempotent: each row is claimed by a conditional update on its current state, so a second
    run (or two runs at once) escalates nothing twice and writes no second audit row.
    """
    on = on or today()
    now = business_now()
    problems = 0
    for problem in Problem.objects.filter(
        status__in=OPEN_PROBLEM_STATES, deadline__lt=on, escalated_at__isnull=True
    ):
        with transaction.atomic():
            claimed = Problem.objects.filter(pk=problem.pk, escalated_at__isnull=True).update(
                escalated_at=now, version=F("version") + 1, updated_at=now
            )
            if claimed:
                problems += 1
                record(
                    "problem.escalated",
                    actor=actor,
                    obj=problem,
                    detail={
                        "deadline": problem.deadline.isoformat(),
                        "leader": str(problem.leader_id),
                        "on": on.isoformat(),
                    },
                )
    return problems
