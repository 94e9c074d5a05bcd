from django.apps import AppConfig


class ScreenConfig(AppConfig):
    name = "duban.screen"
    label = "screen"
    verbose_name = "大屏"

    def ready(self) -> None:
        from duban.assessment.signals import scores_published
        from duban.screen.receivers import warm_after_publication

        # Imported here, not at module level: AppConfig.ready is where Django allows
        # connecting signals once every app's models are loaded.
        scores_published.connect(warm_after_publication, dispatch_uid="screen.warm")
