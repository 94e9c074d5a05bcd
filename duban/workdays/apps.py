from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    """China's official working-day calendar (法定节假日与调休), which every deadline stated in
    working days follows. Low in the house: it needs no unit, project or account."""

    name = "duban.workdays"
    label = "workdays"
    verbose_name = "工作日历"
