from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefdataConfig(AppConfig):
    name = "duban.refdata"
    label = "refdata"
    verbose_name = _("参考数据")

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.refdata.events import EVENTS

        register(EVENTS)
