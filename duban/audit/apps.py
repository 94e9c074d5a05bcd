from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duban.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from duban.audit import (
            checks,  # noqa: F401  (registers the retention check, C4)
            receivers,  # noqa: F401  (records the foundation's signals)
        )
