from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from duban.accounts import signals  # noqa: F401  (connects the receivers)
