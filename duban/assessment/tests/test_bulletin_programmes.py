"""The bulletin groups the district's targets by programme (工程) when the district keeps
programmes, and says nothing of them when it does not."""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings

from duban.assessment.bulletin import build_content, document
from duban.assessment.choices import BulletinKind
from duban.core.officialdoc import Table
from duban.projects.models import Programme
from tests.support.factories import Personas, make_category, make_target


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
