from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "duban.intake"
    label = "intake"
    verbose_name = "文件识别"
