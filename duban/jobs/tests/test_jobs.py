"""Long work runs as a job: started from the page by a role that may, run by Celery (in-process
without a broker), its progress and result shown on its page; the schedule's jobs too."""

from __future__ import annotations

import subprocess
import sys

from django.core.exceptions import PermissionDenied

from duban.audit.models import AuditEvent
from duban.celery import app
from duban.jobs import jobs, services
from duban.jobs.models import Job, JobStatus
from tests.support.factories import Personas


class JobTests(Personas):
    def setUp(self) -> None:
        # In-process whatever REDIS_URL says: test_worker.py runs the real worker.
        # (The Django settings' CELERY_ names take precedence in app.conf.)
        self._eager = app.conf.CELERY_TASK_ALWAYS_EAGER
        app.conf.CELERY_TASK_ALWAYS_EAGER = True

    def tearDown(self) -> None:
        app.conf.CELERY_TASK_ALWAYS_EAGER = self._eager

    def test_a_started_job_runs_and_its_page_shows_the_result(self) -> None:
        self.client.force_login(self.supervisor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/jobs/start/", {"kind": "recompute", "month": "2021-03"})
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
        assert (job.status, job.progress) == (JobStatus.DONE, 100)
        assert job.result["month"] == "2021-03"
        assert set(job.result["lights"]) >= {"red", "yellow", "green"}
        status = self.client.get(f"/jobs/{job.pk}/status/").json()
        assert status["finished"] and status["progress"] == 100
        page = self.client.get(f"/jobs/{job.pk}/").content.decode()
        assert "progress.js" in page and "2021-03" in page
        events = set(AuditEvent.objects.values_list("event", flat=True))
        assert {"job.started", "job.finished"} <= events

    def test_who_may_start_what(self) -> None:
        for user in (self.reporter, self.reviewer, self.sysadmin):
            with self.assertRaises(PermissionDenied):
                services.start_job("recompute", actor=user, params={"month": "2021-03"})
            self.client.force_login(user)
            assert self.client.get("/jobs/").status_code == 403
        with self.assertRaises(PermissionDenied):
            services.start_job("remind", actor=self.reviewer)
        self.client.force_login(self.supervisor)
        assert self.client.get("/jobs/").status_code == 200

    def test_a_failing_job_says_why_and_runs_once(self) -> None:
        job = Job.objects.create(kind="recompute", params={"month": "not a month"})
        assert jobs.run_job.delay(job.pk).get() == "failed"
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and "not a month" in job.error
        assert jobs.run_job.delay(job.pk).get() == "skipped"

    def test_the_beat_schedule_runs_the_daily_and_monthly_jobs(self) -> None:
        schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
        assert schedule == {
            "duban.jobs.jobs.escalate_overdue",
            "duban.jobs.jobs.disable_dormant",
            "duban.jobs.jobs.remind",
            "duban.jobs.jobs.recompute_previous_month",
            "duban.jobs.jobs.expire_imports",
        }
        app.loader.import_default_modules()
        assert schedule <= set(app.tasks)
        assert jobs.escalate_overdue.delay().get() == "done"
        assert jobs.disable_dormant.delay().get() == "done"
        done = Job.objects.filter(status=JobStatus.DONE).values_list("kind", flat=True)
        assert set(done) == {"escalate_overdue", "disable_dormant"}


def test_the_web_process_knows_the_job_task_without_a_worker_s_autodiscovery() -> None:
    """A page starts a job in a process that never ran a worker: the task must be registered
    by the app's start-up, not only by Celery's autodiscovery in a worker."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'duban.settings'; "
        "django.setup(); from duban.celery import app; from duban.jobs.services import RUN_JOB; "
        "assert RUN_JOB in app.tasks, sorted(app.tasks)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
