from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Verified facts (认定) and spot checks (抽查).

    Below targets on purpose: the targets count the confirmed facts held on the projects, and
    their drill-down reads the confirmation behind each one from here."""

    name = "duban.claims"
    label = "claims"
    verbose_name = "事实认定"

    def ready(self) -> None:
        # Registered once every app is loaded (the gate and the panels import models).
        from duban.audit import catalogue
        from duban.claims import events, gate, panels
        from duban.projects import facts

        catalogue.register(events.EVENTS)
        facts.register_gate(gate.ClaimGate())
        panels.register()
