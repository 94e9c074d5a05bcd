from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "duban.transfer"
    label = "transfer"
    verbose_name = "导入导出"

    def ready(self) -> None:
        # Registers the defusedxml start-up check (SECURITY.md E3).
        from duban.transfer import checks  # noqa: F401
