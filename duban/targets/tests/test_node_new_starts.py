"""A completed start node counts as a new start for the unit's targets (开工 is measured from
the stage dates the node sets), once the unit's claim of it is confirmed."""

from __future__ import annotations

from decimal import Decimal

import time_machine

from duban.claims.choices import ClaimStatus
from duban.claims.models import Claim
from duban.claims.services import confirm
from duban.core.asof import Month
from duban.projects.choices import Stage
from duban.projects.models import ProjectNode
from duban.projects.services import complete_node
from duban.projects.tests.test_node_plans import NodePlanCase
from duban.targets.choices import MetricKind
from duban.targets.queries import unit_totals
from tests.support.dispatch import photo
from tests.support.factories import day, make_metric, make_target


@time_machine.travel("2021-05-10 09:00 +0800", tick=False)
class NewStartsFromNodesTests(NodePlanCase):
    def test_with_its_evidence_the_start_node_moves_the_stage_and_the_units_new_starts(
        self,
    ) -> None:
        target = make_target(metric=make_metric(MetricKind.NEW_STARTS), value=Decimal(5))
        before = unit_totals(target, Month(2021, 5)).get(self.street.pk, 0)
        complete_node(
            self.nodes["开工"], actor=self.reporter, on=day("2021-05-06"),
            evidence_files=[photo("施工许可证.png")],
        )  # fmt: skip
        # The unit's start is a claim: not counted until confirmed (issue 15).
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.SIGNED)
        self.assertEqual(unit_totals(target, Month(2021, 5)).get(self.street.pk, 0), before)
        claim = Claim.objects.get(project=self.project, status=ClaimStatus.PENDING)
        confirm(claim, actor=self.supervisor, expected_version=claim.version)
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.STARTED)
        self.assertEqual(self.project.started_on, day("2021-05-06"))
        after = unit_totals(target, Month(2021, 5))[self.street.pk]
        self.assertEqual(after, before + 1)
        node = ProjectNode.objects.get(pk=self.nodes["开工"].pk)
        self.assertEqual(node.completed_on, day("2021-05-06"))
        self.assertEqual(node.evidence_files.get().original_name, "施工许可证.png")
