"""The assessment pages: who sees what, query counts, method versions, the bulletin."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

from duban.assessment.models import AssessmentMethod, Bulletin, ScoreRun, UnitScore
from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.audit.models import AuditEvent
from duban.core.asof import Month
from tests.support.factories import SYSTEM, Personas, make_unit

MARCH = Month(2021, 3)


class PagesTestCase(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        third = make_unit(code="sc", name="丙街道<script>alert(1)</script>", short_name="丙")
        cls.district = scored_district([cls.street, cls.other_street, third])
        make_method()
        compute_month(MARCH, actor=SYSTEM)


class RankingPageTests(PagesTestCase):
    def test_b6_a_reporter_sees_no_draft_score_anywhere(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("assessment:index"), {"as_of": "2021-03"})
        assert page.status_code == 200
        assert "72.00" not in page.content.decode()
        score = UnitScore.objects.first()
        assert self.client.get(reverse("assessment:score", args=[score.pk])).status_code == 404

    def test_the_supervisor_sees_the_draft_marked_as_such(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("assessment:index"), {"as_of": "2021-03"}).content.decode()
        assert "草稿" in page and "72.00" in page
        assert "<script>alert(1)</script>" not in page

    def test_the_ranking_page_costs_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.supervisor)
        with self.assertNumQueries(10):
            self.client.get(reverse("assessment:index"), {"as_of": "2021-03"})

    def test_published_scores_are_read_only_for_everyone(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("assessment:index"), {"as_of": "2021-03"}).content.decode()
        assert "72.00" in page and "发布本月结果" not in page
        response = self.client.post(reverse("assessment:compute"), {"month": "2021-03"})
        assert response.status_code == 403
        assert self.client.post(
            reverse("assessment:publish"), {"month": "2021-03"}
        ).status_code == (403)

    def test_the_drill_down_shows_inputs_and_arithmetic(self) -> None:
        self.client.force_login(self.supervisor)
        score = UnitScore.objects.get(unit=self.street)
        page = self.client.get(reverse("assessment:score", args=[score.pk])).content.decode()
        assert "2.00 ÷ 4.00 = 50.00%" in page
        assert "20.00 + 12.00 + 20.00 + 0.00" in page
        for project in self.district["projects"]:
            if project.unit_id == self.street.pk:
                assert project.code in page

    def test_publishing_from_the_page(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(reverse("assessment:publish"), {"month": "2021-03"})
        assert ScoreRun.objects.get().status == "published"


class MethodPageTests(PagesTestCase):
    def test_editing_a_method_writes_a_new_version(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("assessment:method_edit", args=["street"])
        form = self.client.get(url, {"as_of": "2021-01"}).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        for name, field in form.fields.items():
            if name.startswith(("use_", "weight_", "capped_")) and field.initial not in (
                None,
                False,
            ):
                data[name] = field.initial
        data["weight_new_start_rate"] = "45"
        data["weight_investment_rate"] = "35"  # base weights still sum to 100
        data["change_note"] = "提高新开工分值"
        response = self.client.post(f"{url}?as_of=2021-01", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        versions = AssessmentMethod.objects.filter(group="street").order_by("version")
        assert [m.version for m in versions] == [1, 2]
        assert versions[0].items.get(kind="new_start_rate").weight == Decimal(40)
        assert versions[1].items.get(kind="new_start_rate").weight == Decimal(45)
        assert AuditEvent.objects.filter(event="method.version_created").count() == 2

    def test_the_editor_offers_every_registered_kind(self) -> None:
        from duban.assessment.items import REGISTRY

        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("assessment:method_edit", args=["park"])).content.decode()
        for kind in REGISTRY.values():
            assert kind.label in page

    def test_a_method_without_weights_is_refused_with_a_message_naming_the_field(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("assessment:method_edit", args=["park"])
        response = self.client.post(
            url,
            {
                "name": "园区办法",
                "target_basis": "original",
                "pace": "year",
                "quarterly_top_n": 1,
                "quarterly_bottom_n": 1,
                "change_note": "新建",
                "use_new_start_rate": "on",
            },
        )
        assert response.status_code == 200
        assert "“新开工完成率”已选用，请填写分值" in response.content.decode()
        assert not AssessmentMethod.objects.filter(group="park").exists()

    def test_only_the_supervisor_edits_methods(self) -> None:
        for user in (self.reviewer, self.reporter, self.leader_user):
            self.client.force_login(user)
            url = reverse("assessment:method_edit", args=["street"])
            assert self.client.get(url).status_code == 403


class BulletinTests(PagesTestCase):
    def setUp(self) -> None:
        publish_month(MARCH, actor=self.supervisor)

    def test_the_quarterly_bulletin_docx_parses_back_with_rankings_and_lists(self) -> None:
        from docx import Document

        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("assessment:bulletin_docx", args=["quarterly", 2021, 1]))
        assert response.status_code == 200
        doc = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        # The title is set on two balanced lines (GB/T 9704-2012 §7.3.3).
        assert "关于2021年第1季度\n重点项目考评情况的通报" in text
        assert "项目办〔2021〕13号" in text
        assert "介绍经验" in text and "表态发言" in text and "特此通报。" in text
        ranking = doc.tables[0]
        # The caption is the table's first row, repeated with the headings on every page.
        assert ranking.rows[0].cells[0].text.startswith("表1")
        header = [c.text for c in ranking.rows[1].cells]
        assert header[:2] == ["排名", "单位"] and header[-1] == "总分"
        rows = [[c.text for c in r.cells] for r in ranking.rows[2:]]
        assert rows[0][1] == "鼓西街道" and rows[0][-1] == "72.00"
        assert [r[0] for r in rows] == ["1", "2", "3"]
        assert AuditEvent.objects.filter(event="bulletin.downloaded").exists()

    def test_the_bulletin_has_a_chart_image_when_a_cjk_font_is_installed(self) -> None:
        from docx import Document

        from duban.core.officialdoc.charts import cjk_family

        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("assessment:bulletin_docx", args=["monthly", 2021, 3]))
        doc = Document(io.BytesIO(response.content))
        images = [r for r in doc.part.rels.values() if "image" in r.reltype]
        # Without a Chinese font no chart is drawn (one of empty boxes would be worse).
        assert bool(images) == (cjk_family() is not None)

    def test_publishing_a_bulletin_freezes_its_content_with_a_number(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("assessment:bulletin", args=["monthly", 2021, 3])
        self.client.post(url, {"number": "鼓项目办〔2021〕3号"})
        bulletin = Bulletin.objects.get()
        assert bulletin.number == "鼓项目办〔2021〕3号"
        assert bulletin.content["groups"][0]["rows"][0]["total"] == "72.00"
        page = self.client.get(url).content.decode()
        assert "鼓项目办〔2021〕3号" in page and "已发布" in page

    def test_an_unpublished_bulletin_is_a_draft_only_its_publisher_previews(self) -> None:
        self.client.force_login(self.reporter)
        url = reverse("assessment:bulletin", args=["monthly", 2021, 3])
        assert self.client.get(url).status_code == 403

    @override_settings(DUBAN_REPORT_DUE_DAY=10)
    def test_the_due_day_comes_from_settings(self) -> None:
        from duban.reports.queries import due_date

        assert due_date(2021, 12).isoformat() == "2022-01-10"


class DrillDownPrivacyTests(PagesTestCase):
    def test_a_reporter_reads_another_units_published_score_without_its_projects(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        self.client.force_login(self.reporter)
        other = UnitScore.objects.get(unit=self.other_street)
        page = self.client.get(reverse("assessment:score", args=[other.pk])).content.decode()
        assert "72.00" in page
        for project in self.district["projects"]:
            if project.unit_id == self.other_street.pk:
                assert project.code not in page
