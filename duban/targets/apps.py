from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "duban.targets"
    label = "targets"
    verbose_name = "目标任务"
