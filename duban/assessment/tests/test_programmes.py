"""Programmes (工程) in the assessment: the bulletin groups the district's targets by programme
when the district keeps programmes (and says nothing of them when it does not); the drill-down
groups a score's target inputs by programme on request."""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

from duban.assessment.bulletin import build_content, document
from duban.assessment.choices import BulletinKind
from duban.assessment.models import UnitScore
from duban.assessment.services import compute_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.core.officialdoc import Table
from duban.projects.models import Programme
from duban.targets.models import Target
from tests.support.factories import SYSTEM, Personas, make_category, make_target, make_unit


def _tables(content: dict[str, object]) -> list[str]:
    return [b.caption for b in document(content, "", charts=False).body if isinstance(b, Table)]


@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class BulletinProgrammeTests(Personas):
    def test_the_bulletin_has_a_table_by_programme_only_when_there_are_programmes(self) -> None:
        make_target(value=Decimal(95), title="服务业新开工", category=make_category())
        content = build_content(BulletinKind.MONTHLY, 2021, 9)
        self.assertEqual(content["programmes"], [])
        self.assertFalse([c for c in _tables(content) if "各工程" in c])
        programme = Programme.objects.create(code="industry", name="产业发展和科技创新提升工程")
        make_target(value=Decimal(120), title="新增限上商贸业企业", programme=programme)
        content = build_content(BulletinKind.MONTHLY, 2021, 9)
        self.assertEqual(
            content["programmes"],
            [{"programme": "产业发展和科技创新提升工程", "targets": 1, "on_pace": 0, "behind": 1}],
        )
        self.assertTrue([c for c in _tables(content) if "各工程目标任务推进情况" in c])


class DrillDownProgrammeTests(Personas):
    def test_the_drill_down_groups_target_sources_by_programme_on_request(self) -> None:
        scored_district([self.street, self.other_street, make_unit(code="sc", name="丙街道")])
        make_method()
        compute_month(Month(2021, 3), actor=SYSTEM)
        programme = Programme.objects.create(code="industry", name="产业发展和科技创新提升工程")
        # The district targets name the programme; the units' shares follow their parent.
        Target.objects.filter(parent__isnull=True).update(programme=programme)
        self.client.force_login(self.supervisor)
        score = UnitScore.objects.get(unit=self.street)
        url = reverse("assessment:score", args=[score.pk])
        plain = self.client.get(url).content.decode()
        grouped = self.client.get(url, {"group": "programme"}).content.decode()
        self.assertNotIn('<span class="badge">产业发展和科技创新提升工程</span>', plain)
        self.assertIn('<span class="badge">产业发展和科技创新提升工程</span>', grouped)
        # Grouping changes the order of the inputs, never the arithmetic.
        self.assertIn("20.00 + 12.00 + 20.00 + 0.00", grouped)
