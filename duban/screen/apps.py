from django.apps import AppConfig


class ScreenConfig(AppConfig):
    name = "duban.screen"
    label = "screen"
    verbose_name = "大屏"
