from django.apps import AppConfig

from duban.assessment.events import EVENTS
from duban.audit import catalogue


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    label = "assessment"
    verbose_name = "考评"

    def ready(self) -> None:
        # The method-draft events join the audit catalogue (duban/audit/catalogue.py).
        catalogue.register(EVENTS)
