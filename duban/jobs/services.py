"""Every write of the jobs app. Starting a job: checked against the role matrix, recorded,
audited, and handed to Celery once the transaction commits (a worker never looks for a row
that is not there yet); without a broker, Celery runs it in-process at that moment
(task_always_eager). Running one: claimed once (a conditional update), its progress written as
it goes (each step its own small write, so the page polling it sees it at once), its end
recorded with the result or the error, and audited."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor
from duban.accounts.models import User
from duban.audit.services import record
from duban.celery import app
from duban.core.actors import SystemActor
from duban.core.asof import Month
from duban.jobs.kinds import KINDS
from duban.jobs.models import Job, JobStatus

# The task that runs a job (duban/jobs/jobs.py), looked up by name: the task module calls this
# one, so it cannot be imported here.
RUN_JOB = "duban.jobs.jobs.run_job"


def start_job(kind: str, *, actor: User, params: dict[str, Any] | None = None) -> Job:
    spec = KINDS.get(kind)
    if spec is None or spec.action is None:
        raise ValidationError(_("未知任务：%(kind)s") % {"kind": kind})
    if not actor.can(spec.action):
        raise PermissionDenied(spec.action)
    params = dict(params or {})
    if spec.needs_month:
        try:
            params["month"] = str(Month.parse(str(params.get("month", ""))))
        except ValueError as exc:
            raise ValidationError(_("请选择月份（YYYY-MM）")) from exc
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, params=params, started_by=actor, actor_name=actor.username
        )
        record("job.started", actor=actor, obj=job, detail={"kind": kind, "params": params})
        transaction.on_commit(lambda: app.tasks[RUN_JOB].delay(job.pk))
    return job


logger = logging.getLogger(__name__)


def _actor(job: Job) -> Actor:
    return job.started_by if job.started_by is not None else SystemActor(f"job:{job.kind}")


def run(job_id: int) -> str:
    """Run a queued job; a job already claimed (another worker, a redelivery) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("started_by").get(pk=job_id)
    kind = KINDS[job.kind]

    def progress(percent: int, step: str) -> None:
        Job.objects.filter(pk=job_id).update(progress=max(1, min(percent, 99)), message=step[:200])

    try:
        result = kind.run(job.params, _actor(job), progress)
    except Exception as exc:  # a job's failure is shown on its page, not lost in a log
        logger.exception("后台任务失败：%s #%s", job.kind, job.pk)
        with transaction.atomic():
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
            )
            record("job.failed", actor=_actor(job), obj=job, detail={"error": str(exc)[:200]})
        return "failed"
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            progress=100,
            message="",
            result=result,
            finished_at=timezone.now(),
        )
        record("job.finished", actor=_actor(job), obj=job, detail={"kind": job.kind})
    return "done"


def run_scheduled(kind: str, params: dict[str, Any] | None = None) -> str:
    """A job of the beat schedule: recorded as a Job (shown on the page), run at once."""
    job = Job.objects.create(kind=kind, params=params or {}, actor_name=f"beat:{kind}")
    return run(job.pk)
