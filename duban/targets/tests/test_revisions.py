"""调整目标: the original stays, a revision needs a reason and 发改局's approval."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.targets.choices import RevisionStatus
from duban.targets.models import TargetRevision
from duban.targets.queries import effective_value, revised_values
from duban.targets.services import decide_revision, request_revision
from tests.support.factories import Personas, make_metric, make_target


class RevisionTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        metric = make_metric()
        cls.parent = make_target(metric=metric, value=Decimal(10))
        cls.own = make_target(metric=metric, unit=cls.street, parent=cls.parent, value=Decimal(6))
        cls.other = make_target(
            metric=metric, unit=cls.other_street, parent=cls.parent, value=Decimal(4)
        )

    def test_a_unit_requests_and_the_supervisor_approves_keeping_the_original(self) -> None:
        revision = request_revision(
            self.own, actor=self.reporter, revised_value=Decimal(5), reason="用地未能按期交付"
        )
        assert revised_values([self.own.pk]) == {}  # pending counts for nothing
        decide_revision(revision, actor=self.supervisor, approve=True, note="同意")
        self.own.refresh_from_db()
        assert self.own.value == Decimal(6)
        revised = revised_values([self.own.pk])
        assert effective_value(self.own, "original", revised) == Decimal(6)
        assert effective_value(self.own, "revised", revised) == Decimal(5)
        events = list(AuditEvent.objects.values_list("event", flat=True))
        assert "target.revision_requested" in events and "target.revision_approved" in events

    def test_a_decided_revision_cannot_be_decided_again(self) -> None:
        revision = request_revision(
            self.own, actor=self.supervisor, revised_value=Decimal(5), reason="调整"
        )
        decide_revision(revision, actor=self.supervisor, approve=False)
        with self.assertRaises(ValidationError):
            decide_revision(revision, actor=self.supervisor, approve=True)

    def test_only_the_supervisor_decides(self) -> None:
        revision = request_revision(
            self.own, actor=self.reporter, revised_value=Decimal(5), reason="调整"
        )
        for user in (self.reporter, self.reviewer, self.leader_user):
            with self.assertRaises(PermissionDenied):
                decide_revision(revision, actor=user, approve=True)

    def test_the_page_lets_a_reporter_request_for_its_own_unit_only(self) -> None:
        self.client.force_login(self.reporter)
        url = reverse("targets:revisions")
        page = self.client.get(url, {"as_of": "2021-03"})
        assert page.status_code == 200
        choices = [c[0].value for c in page.context["form"].fields["target"].choices if c[0]]
        assert choices == [self.own.pk]
        self.client.post(
            f"{url}?as_of=2021-03",
            {"target": self.other.pk, "revised_value": "3", "reason": "越权"},
        )
        assert not TargetRevision.objects.exists()
        self.client.post(
            f"{url}?as_of=2021-03",
            {"target": self.own.pk, "revised_value": "５", "reason": "征迁延期"},
        )
        revision = TargetRevision.objects.get()
        assert revision.revised_value == Decimal(5) and revision.requested_by == self.reporter
        response = self.client.post(url, {"action": "approve", "revision": revision.pk})
        assert response.status_code == 403

    def test_each_choice_names_the_unit_and_the_original_value(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("targets:revisions"), {"as_of": "2021-03"})
        labels = [str(c[1]) for c in page.context["form"].fields["target"].choices if c[0]]
        assert labels == [f"{self.street.label} · {self.own.display_title}（原目标 6.00）"]

    def test_the_supervisor_approves_on_the_page(self) -> None:
        revision = request_revision(
            self.own, actor=self.reporter, revised_value=Decimal(5), reason="调整"
        )
        self.client.force_login(self.supervisor)
        self.client.post(
            reverse("targets:revisions"), {"action": "approve", "revision": revision.pk}
        )
        revision.refresh_from_db()
        assert (
            revision.status == RevisionStatus.APPROVED and revision.approved_by == self.supervisor
        )
