"""Celery tasks (named `jobs.py`, found by `app.autodiscover_tasks(related_name="jobs")`).

`run_job` runs a job someone started on the page; the others are the beat schedule's
(duban/celery.py), each recorded as a Job too, so its outcome is visible on the jobs page.
"""

from __future__ import annotations

from typing import Any

from duban.celery import app
from duban.core.asof import default_month
from duban.jobs import services


@app.task(name="duban.jobs.jobs.run_job", acks_late=True)
def run_job(job_id: int) -> str:
    return services.run(job_id)


def _scheduled(kind: str, params: dict[str, Any] | None = None) -> str:
    return services.run_scheduled(kind, params)


@app.task(name="duban.jobs.jobs.escalate_overdue")
def escalate_overdue() -> str:
    return _scheduled("escalate_overdue")


@app.task(name="duban.jobs.jobs.disable_dormant")
def disable_dormant() -> str:
    return _scheduled("disable_dormant")


@app.task(name="duban.jobs.jobs.remind")
def remind() -> str:
    return _scheduled("remind")


@app.task(name="duban.jobs.jobs.recompute_previous_month")
def recompute_previous_month() -> str:
    return _scheduled("recompute", {"month": str(default_month())})


@app.task(name="duban.jobs.jobs.expire_imports")
def expire_imports() -> str:
    return _scheduled("expire_imports")
