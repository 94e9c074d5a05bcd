"""The assessment pages: who sees what, query counts, method versions, the bulletin."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

from duban.assessment.models import (
    AssessmentMethod,
    Bulletin,
    MethodDraft,
    ScoreRun,
    UnitScore,
)
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
        with self.assertNumQueries(6):
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
    """发改局 drafts a method (a copy of the adopted one), edits it, sees every published month
    under the draft beside the published ranking, then adopts it as a new version."""

    def start(self) -> MethodDraft:
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("assessment:draft_start", args=["street"]), {"month": "2021-01"}
        )
        draft = MethodDraft.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/{draft.pk}/")
        return draft

    def form_data(self, draft: MethodDraft) -> dict[str, object]:
        form = self.client.get(reverse("assessment:draft", args=[draft.pk])).context["form"]
        data: dict[str, object] = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value in (None, False):
                continue
            data[name] = value
        return data

    def test_a_draft_copies_the_adopted_method_and_is_audited(self) -> None:
        draft = self.start()
        method = AssessmentMethod.objects.get()
        assert draft.based_on == method
        assert [i["code"] for i in draft.spec["items"]] == [
            "new_start_rate", "investment_rate", "report_timeliness", "adjustments",
        ]  # fmt: skip
        assert draft.spec["speaking"][1]["when"][1] == {"task": "new_start_rate", "met": False}
        assert AuditEvent.objects.filter(event="method.draft_created").count() == 1

    def test_saving_the_editor_untouched_changes_nothing(self) -> None:
        draft = self.start()
        before = dict(draft.spec)
        response = self.client.post(
            reverse("assessment:draft", args=[draft.pk]), self.form_data(draft)
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        draft.refresh_from_db()
        assert draft.spec == before and draft.version == 1

    def test_editing_weights_and_params_saves_the_draft_with_a_version_check(self) -> None:
        draft = self.start()
        data = self.form_data(draft)
        data["weight_0"] = "50"  # new starts 40 → 50
        data["weight_1"] = "30"  # investment 40 → 30: still 100
        data["params_1"] = '{"extra_cap": "5"}'
        response = self.client.post(reverse("assessment:draft", args=[draft.pk]), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        draft.refresh_from_db()
        items = {i["code"]: i for i in draft.spec["items"]}
        assert items["new_start_rate"]["weight"] == "50"
        assert items["investment_rate"]["params"] == {"extra_cap": "5"}
        assert draft.version == 2
        assert AuditEvent.objects.filter(event="method.draft_saved").count() == 1
        # The same form again (loaded at version 1) is refused: someone saved since.
        data["weight_0"] = "45"
        data["weight_1"] = "35"
        response = self.client.post(reverse("assessment:draft", args=[draft.pk]), data)
        assert response.status_code == 200 and "已被他人修改" in response.content.decode()

    def test_weights_that_do_not_sum_to_100_are_refused_with_the_sum(self) -> None:
        draft = self.start()
        data = self.form_data(draft)
        data["weight_0"] = "45"
        response = self.client.post(reverse("assessment:draft", args=[draft.pk]), data)
        assert response.status_code == 200
        assert "基础分项分值合计应为100，现为105" in response.content.decode()

    def test_the_what_if_page_shows_every_published_month_beside_the_draft(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        draft = self.start()
        data = self.form_data(draft)
        # Only investment counts under the draft: C (500/500) rises from 3rd to 1st.
        data["weight_0"], data["weight_1"], data["weight_2"] = "0", "100", "0"
        self.client.post(reverse("assessment:draft", args=[draft.pk]), data)
        page = self.client.get(reverse("assessment:draft_whatif", args=[draft.pk]))
        months = page.context["months"]
        assert [m.month for m in months] == [MARCH]
        rows = {r.unit_id: r for r in months[0].rows}
        c = rows[self.district["units"][2].pk]
        assert (c.published_rank, c.draft_rank, c.change) == (3, 1, 2)
        assert (c.published_total, c.draft_total) == (Decimal("50.00"), Decimal("100.00"))
        assert "↑2" in page.content.decode()

    def test_adopting_writes_a_new_audited_version_and_closes_the_draft(self) -> None:
        draft = self.start()
        url = reverse("assessment:draft_adopt", args=[draft.pk])
        response = self.client.post(url, {"version": draft.version, "change_note": "试算后采用"})
        assert response.status_code == 302
        versions = AssessmentMethod.objects.filter(group="street").order_by("version")
        assert [m.version for m in versions] == [1, 2]
        draft.refresh_from_db()
        assert draft.adopted_as == versions[1] and not draft.is_open
        assert versions[1].change_note == "试算后采用"
        assert AuditEvent.objects.filter(event="method.draft_adopted").count() == 1
        # Adopting twice is refused.
        self.client.post(url, {"version": draft.version, "change_note": "再次"})
        assert AssessmentMethod.objects.filter(group="street").count() == 2

    def test_the_editor_offers_every_registered_kind(self) -> None:
        from duban.assessment.items import REGISTRY

        draft = self.start()
        page = self.client.get(reverse("assessment:draft", args=[draft.pk])).content.decode()
        for kind in REGISTRY.values():
            assert kind.label in page

    def test_only_the_supervisor_edits_methods(self) -> None:
        draft = self.start()
        for user in (self.reviewer, self.reporter, self.leader_user):
            self.client.force_login(user)
            assert self.client.get(reverse("assessment:draft", args=[draft.pk])).status_code == 403
            url = reverse("assessment:draft_start", args=["street"])
            assert self.client.post(url, {"month": "2021-01"}).status_code == 403

    def test_the_methods_page_states_the_speaking_rules_in_words(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("assessment:methods"), {"as_of": "2021-03"})
        assert "排名后1名且未完成新开工完成率任务" in page.content.decode()


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
