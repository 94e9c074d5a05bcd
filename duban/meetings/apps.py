from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings (周协调会, 月调度会, 一企一议协调会, 季度通报会, 专题会) and their decisions, each
    decision tracked as a task; minutes as an official document. Above assessment: the
    quarterly 通报会 record reads the speaking lists."""

    name = "duban.meetings"
    label = "meetings"
    verbose_name = "会议与议定事项"

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.meetings.events import EVENTS

        register(EVENTS)
