from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "duban.targets"
    label = "targets"
    verbose_name = "目标任务"

    def ready(self) -> None:
        # Panels are registered once every app is loaded (they import models).
        from duban.targets import panels

        panels.register()
