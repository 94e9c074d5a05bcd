from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (/api/v1/, issue 21): per-client tokens bound to a user, the pages'
    scoping, an OpenAPI 3 schema, and the open-data endpoint (off by default)."""

    name = "duban.api"
    label = "api"
    verbose_name = "数据接口"

    def ready(self) -> None:
        from duban.api.events import EVENTS
        from duban.audit.catalogue import register

        register(EVENTS)
