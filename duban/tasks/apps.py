from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Work tasks (工作任务), rectification findings (整改台账) and meeting decisions (议定事项).

    Above reports and problems (a unit's monthly page shows its tasks through a panel slot),
    below supervision (so lights and letters can include tasks) and meetings (whose decisions
    become tasks)."""

    name = "duban.tasks"
    label = "tasks"
    verbose_name = "工作任务与整改台账"

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.tasks import panels
        from duban.tasks.events import EVENTS

        register(EVENTS)
        panels.register()
