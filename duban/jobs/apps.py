from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs (issue 21): long work (recomputing scores and lights, reminders, the
    daily escalations) runs as Celery tasks; a page starts one and shows its progress."""

    name = "duban.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.jobs import jobs  # noqa: F401  (registers the tasks with the Celery app)
        from duban.jobs.events import EVENTS

        register(EVENTS)
