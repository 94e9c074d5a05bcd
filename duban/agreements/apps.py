from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    """目标责任书: per unit and year, drawn from the decomposition, signed on paper and then
    locked. Above assessment, because an agreement names the method that applies."""

    name = "duban.agreements"
    label = "agreements"
    verbose_name = "目标责任书"

    def ready(self) -> None:
        from duban.agreements import panels
        from duban.agreements.events import EVENTS
        from duban.audit.catalogue import register

        register(EVENTS)
        panels.register()
