from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "duban.reports"
    label = "reports"
    verbose_name = "月调度"

    def ready(self) -> None:
        # Panels are registered once every app is loaded (they import models).
        from duban.reports import panels

        panels.register()
