from django.apps import AppConfig


class RolloverConfig(AppConfig):
    """The year rollover (储备一批, 续建): 发改局 opens the next year from the current one,
    carrying projects, problems and targets by the steps registered in `duban.core.rollover`,
    and the old year becomes read-only (`duban.core.yearlock`)."""

    name = "duban.rollover"
    label = "rollover"
    verbose_name = "年度结转"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete, pre_save

        from duban.audit.catalogue import register
        from duban.core import rollover, yearlock
        from duban.rollover import guard
        from duban.rollover.events import EVENTS
        from duban.rollover.models import is_closed
        from duban.rollover.services import steps

        register(EVENTS)
        yearlock.configure(labels=guard.YEAR_BOUND, is_closed=is_closed)
        pre_save.connect(guard.refuse_closed_year, dispatch_uid="rollover.guard.save")
        pre_delete.connect(guard.refuse_closed_year, dispatch_uid="rollover.guard.delete")
        for step in steps.BUILT_IN:
            rollover.register(step)
