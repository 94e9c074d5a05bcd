"""Starting a job: checked against the role matrix, recorded, audited, and handed to Celery
once the transaction commits (a worker never looks for a row that is not there yet). Without
a broker, Celery runs it in-process at that moment (task_always_eager)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import Month
from duban.jobs import jobs
from duban.jobs.kinds import KINDS
from duban.jobs.models import Job


def start_job(kind: str, *, actor: User, params: dict[str, Any] | None = None) -> Job:
    spec = KINDS.get(kind)
    if spec is None or spec.action is None:
        raise ValidationError(f"未知任务：{kind}")
    if not actor.can(spec.action):
        raise PermissionDenied(spec.action)
    params = dict(params or {})
    if spec.needs_month:
        try:
            params["month"] = str(Month.parse(str(params.get("month", ""))))
        except ValueError as exc:
            raise ValidationError("请选择月份（YYYY-MM）") from exc
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, params=params, started_by=actor, actor_name=actor.username
        )
        record("job.started", actor=actor, obj=job, detail={"kind": kind, "params": params})
        transaction.on_commit(lambda: jobs.run_job.delay(job.pk))
    return job
