from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "duban.projects"
    label = "projects"
    verbose_name = "项目"

    def ready(self) -> None:
        # Panels are registered once every app is loaded (they import models).
        from duban.audit import catalogue
        from duban.projects import events, panels

        panels.register()
        catalogue.register(events.EVENTS)
