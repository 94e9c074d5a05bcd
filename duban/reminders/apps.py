from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders (催报、提醒, issue 21): rules as data, channels officials read (email, WeCom,
    DingTalk, Feishu, the in-app inbox), deliveries retried, deduplicated and logged."""

    name = "duban.reminders"
    label = "reminders"
    verbose_name = "提醒"

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.reminders.events import EVENTS

        register(EVENTS)
