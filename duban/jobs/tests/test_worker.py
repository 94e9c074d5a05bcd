"""A real Celery worker takes jobs from Redis (db 7 in the tests, so parallel suites do not
collide) and runs them: the Redis of REDIS_URL, else the one on this machine's standard port
(it runs here and in CI). Skipped only where no Redis answers."""

from __future__ import annotations

import os
import socket
import time
import urllib.parse

import pytest
from celery.contrib.testing.worker import start_worker

from duban.celery import app
from duban.jobs import jobs
from duban.jobs.models import Job, JobStatus

REDIS_URL = os.environ.get("REDIS_URL", "") or "redis://127.0.0.1:6379/0"


def _redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2):
            return True
    except OSError:
        return False


def _db7(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/7"))


@pytest.mark.skipif(not _redis_answers(REDIS_URL), reason="no Redis answers on this machine")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_job_from_redis() -> None:
    # The Django settings' CELERY_ names take precedence in app.conf.
    # A queue of this run's own, so two suites sharing the machine's Redis (SQLite and
    # PostgreSQL side by side) never take each other's jobs.
    queue = f"duban-test-{os.getpid()}"
    saved = (
        app.conf.CELERY_BROKER_URL,
        app.conf.CELERY_TASK_ALWAYS_EAGER,
        app.conf.get("CELERY_TASK_DEFAULT_QUEUE", "celery"),
    )
    app.conf.CELERY_BROKER_URL = _db7(REDIS_URL)
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.CELERY_TASK_DEFAULT_QUEUE = queue
    try:
        with start_worker(
            app, perform_ping_check=False, pool="solo", loglevel="WARNING", queues=[queue]
        ):
            job = Job.objects.create(kind="escalate_overdue", actor_name="test")
            # An explicit connection: the app's producer pool may already be bound to the broker
            # an earlier (eager) test configured.
            with app.connection_for_write(_db7(REDIS_URL)) as connection:
                jobs.run_job.apply_async(args=[job.pk], queue=queue, connection=connection)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.status in (JobStatus.DONE, JobStatus.FAILED):
                    break
                time.sleep(0.2)
        assert job.status == JobStatus.DONE, job.error
        assert job.started_at is not None and job.finished_at is not None
    finally:
        (
            app.conf.CELERY_BROKER_URL,
            app.conf.CELERY_TASK_ALWAYS_EAGER,
            app.conf.CELERY_TASK_DEFAULT_QUEUE,
        ) = saved
