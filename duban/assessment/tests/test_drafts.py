"""Method drafts through the services: copy, versioned edits, what-if, adoption."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.assessment.language import MethodSpec
from duban.assessment.models import AssessmentMethod
from duban.assessment.services import (
    adopt_draft,
    compute_month,
    publish_month,
    save_draft,
    start_draft,
)
from duban.assessment.tests.test_compute_scores import MARCH, ScoresTestCase
from duban.assessment.whatif import compare
from duban.audit.models import AuditEvent
from duban.core.models import StaleVersionError

D = Decimal


class DraftTests(ScoresTestCase):
    def reweighted(self, spec: dict[str, object], **weights: str) -> dict[str, object]:
        items = [
            {**i, "weight": weights.get(i["code"], i["weight"])}
            for i in spec["items"]  # type: ignore[attr-defined]
        ]
        return {**spec, "items": items}

    def test_a_draft_is_edited_with_a_version_check_and_adopted_as_a_new_version(self) -> None:
        draft = start_draft(actor=self.supervisor, year=2021, group="street")
        spec = self.reweighted(draft.spec, new_start_rate="60", investment_rate="20")
        save_draft(draft, actor=self.supervisor, expected_version=1, name="新办法", spec=spec)
        assert draft.version == 2
        with pytest.raises(StaleVersionError):
            save_draft(draft, actor=self.supervisor, expected_version=1, name="x", spec=spec)
        method = adopt_draft(
            draft, actor=self.supervisor, expected_version=2, change_note="提高新开工分值"
        )
        assert (method.version, method.name) == (2, "新办法")
        assert method.items.get(code="new_start_rate").weight == D(60)
        assert AssessmentMethod.objects.get(version=1).items.get(code="new_start_rate").weight == 40
        events = list(AuditEvent.objects.filter(event__startswith="method.draft").values_list(
            "event", flat=True
        ))  # fmt: skip
        assert events == ["method.draft_created", "method.draft_saved", "method.draft_adopted"]
        with pytest.raises(StaleVersionError):
            adopt_draft(draft, actor=self.supervisor, expected_version=3, change_note="again")

    def test_an_invalid_draft_is_refused_and_only_the_supervisor_drafts(self) -> None:
        draft = start_draft(actor=self.supervisor, year=2021, group="street")
        with pytest.raises(ValidationError, match="合计应为100"):
            save_draft(
                draft, actor=self.supervisor, expected_version=1, name="x",
                spec=self.reweighted(draft.spec, new_start_rate="41"),
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            start_draft(actor=self.reporter, year=2021, group="street")

    def test_what_if_compares_every_published_month_with_movement(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        draft = start_draft(actor=self.supervisor, year=2021, group="street")
        spec = MethodSpec.from_dict(
            self.reweighted(
                draft.spec, new_start_rate="0", investment_rate="100", report_timeliness="0"
            )
        )
        (march,) = compare(spec)
        moves = {r.unit_id: (r.published_rank, r.draft_rank, r.change) for r in march.rows}
        # Investment only: C 500/500 first; A and B 300/1000 share second.
        assert moves == {self.c.pk: (3, 1, 2), self.a.pk: (2, 2, 0), self.b.pk: (1, 2, -1)}
        assert march.moved == 2
