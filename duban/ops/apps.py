from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and verified restore (SECURITY.md G1, G2). No models of its own."""

    name = "duban.ops"
    label = "ops"
    verbose_name = "运维"
