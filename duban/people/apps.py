from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """The people of the mechanism (方案 三(一)): each unit's 主要领导, 分管领导 and 联络员;
    leaders' 挂钩 to enterprises and projects with a 帮扶 log; enterprise flags (困难企业,
    重点企业直通车). Below tasks, above problems (it reads enterprises and projects)."""

    name = "duban.people"
    label = "people"
    verbose_name = "人员与挂钩帮扶"

    def ready(self) -> None:
        from duban.audit.catalogue import register
        from duban.people import panels
        from duban.people.events import EVENTS

        register(EVENTS)
        panels.register()
