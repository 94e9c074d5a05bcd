from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    """Problems (协调事项, 一企一议) on projects and enterprises, tracked to closure.

    Below reports and lights on purpose: a problem needs only units, leaders and projects, so a
    monthly report can raise one, and the warnings and the assessment can count them."""

    name = "duban.problems"
    label = "problems"
    verbose_name = "协调事项"
