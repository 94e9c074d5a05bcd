"""The Celery app of duban's background jobs (docs/jobs.md).

With `REDIS_URL` (or `CELERY_BROKER_URL`) set, jobs go to Redis and a worker runs them
(`celery -A duban worker`, and `celery -A duban beat` for the schedule); without, every job runs
in-process at once (`task_always_eager`), so the embedded demo needs no broker. Job modules are
named `jobs.py` in each app.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")

app = Celery("duban")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")

# What used to be cron lines (README): the daily and monthly jobs, in Asia/Shanghai.
app.conf.beat_schedule = {
    "escalate-overdue": {
        "task": "duban.jobs.jobs.escalate_overdue",
        "schedule": crontab(hour=7, minute=0),
    },
    "disable-dormant": {
        "task": "duban.jobs.jobs.disable_dormant",
        "schedule": crontab(hour=2, minute=30),
    },
    # Reminders are idempotent (deduplicated, quiet hours respected): every half hour.
    "remind": {"task": "duban.jobs.jobs.remind", "schedule": crontab(minute="*/30")},
    # After the reporting window: the month before's lights and (draft) scores, recomputed
    # daily through the middle of the month (idempotent; a published month is never altered).
    "recompute-month": {
        "task": "duban.jobs.jobs.recompute_previous_month",
        "schedule": crontab(hour=6, minute=0, day_of_month="1-15"),
    },
    "expire-imports": {"task": "duban.jobs.jobs.expire_imports", "schedule": crontab(minute=15)},
}
