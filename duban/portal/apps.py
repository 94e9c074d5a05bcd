from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top of the house: the front page and the demo district, composed from every app."""

    name = "duban.portal"
    label = "portal"
    verbose_name = "门户"
