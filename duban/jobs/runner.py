"""Running one job: claimed once (a conditional update), its progress written as it goes (each
step its own small write, so the page polling it sees it at once), its end recorded with the
result or the error, and audited."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from duban.accounts.actors import Actor
from duban.audit.services import record
from duban.core.actors import SystemActor
from duban.jobs.kinds import KINDS
from duban.jobs.models import Job, JobStatus

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
