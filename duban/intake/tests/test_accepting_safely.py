"""Accepting proposals can no longer corrupt the live target table.

Another place's or another year's plan is refused without an explicit confirmation; a target
already in the table is never silently doubled (update, keep both or skip, values side by
side); the accepted target counts what the text says (category, 亿元以上, 其中, period,
commitment).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.core.models import StaleVersionError
from duban.intake import services
from duban.intake.models import IntakeDocument, Proposal
from duban.intake.queries import Placement
from duban.intake.text import load_paste
from duban.orgs.models import District
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from duban.targets.queries import progress_for
from tests.support.factories import Personas, day, make_category, make_metric, make_project

GULOU_2021 = "鼓楼区2021年项目攻坚行动方案\n鼓楼区全年新开工项目50个。"
QUANGANG_2021 = "泉港区2021年项目攻坚行动方案\n泉港区全年新开工项目50个，泉港区建成项目30个。"


class _Accepting(Personas):
    """The district (鼓楼区), its metrics and categories, and helpers to read and accept."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        District.objects.create(name="鼓楼区", code="350102")
        cls.new_starts = make_metric(MetricKind.NEW_STARTS, code="ns", name="新开工项目数")
        cls.investment = make_metric(
            MetricKind.NEW_START_INVESTMENT, code="nsi", name="新开工项目总投资", unit="万元"
        )
        cls.growth = make_metric(MetricKind.MANUAL, code="gdp", name="地区生产总值增长", unit="%")
        cls.industry = make_category(name="工业")
        cls.services_category = make_category(name="服务业")

    def _read(self, text: str) -> IntakeDocument:
        return services.create_document(load_paste(text), actor=self.supervisor)

    def _accept(self, proposal: Proposal, **kwargs: object) -> Target:
        proposal.refresh_from_db()
        placement = kwargs.pop("placement", None) or Placement(year=2021, metric=self.new_starts)
        return services.accept_proposal(
            proposal,
            actor=self.supervisor,
            expected_version=proposal.version,
            placement=placement,
            **kwargs,
        )

    def _existing(self, value: int = 40) -> Target:
        first = self._read(GULOU_2021.replace("50个", f"{value}个")).proposals.first()
        return self._accept(first)


class AcceptingTests(_Accepting):
    # -- subject area and year -------------------------------------------------------------

    def test_the_document_area_and_year_are_read_when_it_is_stored(self) -> None:
        document = self._read(QUANGANG_2021)
        self.assertEqual((document.area, document.year), ("泉港区", 2021))

    def test_another_districts_plan_is_refused_without_an_explicit_confirmation(self) -> None:
        proposal = self._read(QUANGANG_2021).proposals.first()
        with self.assertRaises(services.SubjectMismatch) as refused:
            self._accept(proposal)
        self.assertIn("泉港区", refused.exception.reasons[0])
        self.assertFalse(Target.objects.exists())
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "pending")
        self.assertTrue(
            AuditEvent.objects.filter(event="intake.proposal_refused", outcome="failure").exists()
        )

    def test_a_confirmed_choice_is_accepted_and_the_confirmation_is_audited(self) -> None:
        proposal = self._read(QUANGANG_2021).proposals.first()
        target = self._accept(proposal, confirm_subject=True)
        self.assertEqual(target.value, 50)
        event = AuditEvent.objects.get(event="intake.proposal_accepted")
        self.assertIn("泉港区", str(event.detail["confirmed_subject"]))

    def test_a_plan_of_another_year_needs_the_same_confirmation(self) -> None:
        proposal = self._read(GULOU_2021.replace("2021", "2024")).proposals.first()
        with self.assertRaises(services.SubjectMismatch) as refused:
            self._accept(proposal)
        self.assertIn("2024", refused.exception.reasons[0])

    def test_the_districts_own_plan_of_the_tables_year_goes_straight_in(self) -> None:
        target = self._accept(self._read(GULOU_2021).proposals.first())
        self.assertEqual((target.year, target.value, target.unit), (2021, 50, None))

    # -- duplicates ------------------------------------------------------------------------

    def test_a_duplicate_is_not_written_until_the_reviewer_chooses(self) -> None:
        existing = self._existing()
        proposal = self._read(GULOU_2021).proposals.first()
        with self.assertRaises(services.DuplicateTargets) as asked:
            self._accept(proposal)
        self.assertEqual(asked.exception.candidates, [existing])
        self.assertEqual(Target.objects.count(), 1)

    def test_update_writes_the_new_value_into_the_existing_target(self) -> None:
        existing = self._existing()
        proposal = self._read(GULOU_2021).proposals.first()
        target = self._accept(
            proposal,
            on_duplicate="update",
            duplicate=existing,
            duplicate_version=existing.version,
        )
        self.assertEqual(target.pk, existing.pk)
        self.assertEqual(Target.objects.get().value, 50)
        self.assertTrue(AuditEvent.objects.filter(event="target.updated").exists())

    def test_an_update_against_a_stale_version_is_refused(self) -> None:
        existing = self._existing()
        stale = existing.version
        Target.objects.filter(pk=existing.pk).update(version=stale + 1)
        proposal = self._read(GULOU_2021).proposals.first()
        with self.assertRaises(StaleVersionError):
            self._accept(
                proposal, on_duplicate="update", duplicate=existing, duplicate_version=stale
            )
        self.assertEqual(Target.objects.get().value, 40)

    def test_keep_both_adds_a_second_target(self) -> None:
        self._existing()
        self._accept(self._read(GULOU_2021).proposals.first(), on_duplicate="keep")
        self.assertEqual(sorted(Target.objects.values_list("value", flat=True)), [40, 50])

    def test_skip_leaves_the_table_as_it_was_and_links_the_proposal(self) -> None:
        existing = self._existing()
        proposal = self._read(GULOU_2021).proposals.first()
        self._accept(proposal, on_duplicate="skip", duplicate=existing)
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.target), ("skipped", existing))
        self.assertEqual(Target.objects.get().value, 40)
        self.assertTrue(AuditEvent.objects.filter(event="intake.proposal_skipped").exists())

    def test_another_category_or_period_is_not_a_duplicate(self) -> None:
        self._existing()
        text = "鼓楼区2021年方案\n全年工业新开工项目13个；上半年新开工项目20个。"
        industry, first_half = self._read(text).proposals.all()
        self._accept(industry, placement=Placement(2021, self.new_starts, category=self.industry))
        self._accept(first_half, placement=Placement(2021, self.new_starts, due_month=6))
        self.assertEqual(Target.objects.count(), 3)

    # -- the target counts what the text says -----------------------------------------------

    def test_an_accepted_target_counts_only_what_its_text_restricts_it_to(self) -> None:
        text = "鼓楼区2021年方案\n全年工业新开工亿元以上项目13个。"
        proposal = self._read(text).proposals.get()
        self.assertEqual((proposal.category_hint, proposal.floor_wan), ("工业", Decimal(10000)))
        target = self._accept(
            proposal,
            placement=Placement(
                2021,
                self.new_starts,
                category=self.industry,
                min_total_investment_wan=proposal.floor_wan,
            ),
        )
        started = {"started_on": day("2021-03-10")}
        make_project(category=self.industry, total_investment_wan=Decimal(20000), **started)
        make_project(category=self.industry, total_investment_wan=Decimal(5000), **started)
        make_project(
            category=self.services_category, total_investment_wan=Decimal(20000), **started
        )
        (progress,) = progress_for([target], Month(2021, 9))
        self.assertEqual(progress.actual, 1)

    def test_a_half_year_target_counts_only_up_to_june(self) -> None:
        proposal = self._read("鼓楼区2021年方案\n上半年新开工项目20个。").proposals.get()
        self.assertEqual(proposal.due_month, 6)
        target = self._accept(proposal, placement=Placement(2021, self.new_starts, due_month=6))
        make_project(started_on=day("2021-05-10"))
        make_project(started_on=day("2021-08-10"))
        (progress,) = progress_for([target], Month(2021, 9))
        self.assertEqual(progress.actual, 1)
        with translation.override(settings.LANGUAGE_CODE):
            self.assertEqual(target.period_label, "上半年")

    def test_qizhong_becomes_a_narrower_target_under_its_broader_one(self) -> None:
        text = "鼓楼区2021年方案\n全年工业新开工项目13个，其中战略性新兴产业项目12个。"
        whole, subset = self._read(text).proposals.all()
        self.assertEqual(subset.parent, whole)
        with self.assertRaisesMessage(Exception, "请先接受它的上级目标"):
            self._accept(subset, placement=Placement(2021, self.new_starts, strategic_only=True))
        broader = self._accept(
            whole, placement=Placement(2021, self.new_starts, category=self.industry)
        )
        narrower = self._accept(
            subset,
            placement=Placement(2021, self.new_starts, category=self.industry, strategic_only=True),
        )
        self.assertEqual(narrower.broader, broader)
        self.assertTrue(narrower.strategic_only)
        self.assertIsNone(narrower.parent)  # parent stays the decomposition to units

    def test_a_floor_and_a_stretch_figure_become_one_target_with_both_values(self) -> None:
        text = "鼓楼区2021年方案\n地区生产总值确保增长8%，力争10%。"
        floor, stretch = self._read(text).proposals.all()
        self.assertEqual((floor.commitment, stretch.commitment), ("floor", "stretch"))
        self.assertEqual(stretch.partner, floor)
        target = self._accept(stretch, placement=Placement(2021, self.growth))
        self.assertEqual(
            (target.value, target.stretch_value, target.commitment, target.comparator),
            (Decimal(8), Decimal(10), "floor", "growth"),
        )
        statuses = set(Proposal.objects.values_list("status", "target"))
        self.assertEqual(statuses, {("accepted", target.pk)})

    def test_a_lone_stretch_target_keeps_its_commitment(self) -> None:
        proposal = self._read("鼓楼区2021年方案\n力争新开工项目70个。").proposals.get()
        target = self._accept(
            proposal, placement=Placement(2021, self.new_starts, commitment=proposal.commitment)
        )
        self.assertEqual(target.commitment, "stretch")


class ReviewPageAcceptanceTests(_Accepting):
    """The same guards through the review page."""

    def _post(self, proposal: Proposal, **fields: object) -> object:
        self.client.force_login(self.supervisor)
        proposal.refresh_from_db()
        data = {
            "version": proposal.version,
            "value": str(proposal.value),
            "value_unit": proposal.unit,
            "metric_text": proposal.metric,
            "comparator": proposal.comparator,
            "year": 2021,
            "metric": self.new_starts.pk,
            "unit": "",
            "due_month": proposal.due_month,
        }
        fields.setdefault("as_of", "2021-09")
        unprefixed = ("on_duplicate", "duplicate", "action", "as_of")
        extra = {k: v for k, v in fields.items() if k in unprefixed or k.startswith("duplicate_")}
        data |= {k: v for k, v in fields.items() if k not in extra}
        posted = {f"p{proposal.pk}-{k}": v for k, v in data.items() if v is not False}
        return self.client.post(
            reverse("intake:decide", args=[proposal.pk]), posted | {"action": "accept"} | extra
        )

    def test_the_review_page_warns_about_another_district_and_asks_for_the_tick(self) -> None:
        document = self._read(QUANGANG_2021)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("intake:review", args=[document.pk]) + "?as_of=2021-09")
        self.assertContains(page, "文件所述地区为泉港区，本系统为鼓楼区")
        self.assertContains(page, "确认采用", count=3)  # the note and one tick per proposal
        response = self._post(document.proposals.first())
        self.assertFalse(Target.objects.exists())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(f"{document.get_absolute_url()}?as_of="))
        self._post(document.proposals.first(), confirm_subject="on")
        self.assertEqual(Target.objects.count(), 1)

    def test_a_duplicate_answers_with_both_values_side_by_side(self) -> None:
        self._existing()
        proposal = self._read(GULOU_2021).proposals.first()
        response = self._post(proposal)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "目标表中已有相同指标", status_code=409)
        self.assertContains(response, "50个", status_code=409)
        self.assertContains(response, "40个", status_code=409)
        existing = Target.objects.get()
        self._post(
            proposal,
            on_duplicate="update",
            duplicate=existing.pk,
        )
        existing.refresh_from_db()
        self.assertEqual(existing.value, 50)

    def test_an_update_from_a_page_read_before_someone_else_changed_the_target_is_refused(
        self,
    ) -> None:
        existing = self._existing()
        read_version = existing.version
        Target.objects.filter(pk=existing.pk).update(version=read_version + 1)
        proposal = self._read(GULOU_2021).proposals.first()
        response = self._post(
            proposal,
            on_duplicate="update",
            duplicate=existing.pk,
            **{f"duplicate_version_{existing.pk}": read_version},
        )
        self.assertEqual(response.status_code, 302)
        existing.refresh_from_db()
        self.assertEqual(existing.value, 40)
        page = self.client.get(response["Location"])
        self.assertContains(page, "已被他人修改")

    def test_values_on_the_review_page_never_print_in_scientific_notation(self) -> None:
        document = self._read("鼓楼区2021年方案\n全年新开工项目40个，新增企业100家。")
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("intake:review", args=[document.pk])).content.decode()
        self.assertNotIn("E+", page)
        self.assertIn('value="40"', page)
        self.assertIn('value="100"', page)

    def test_the_target_table_shows_floor_and_stretch(self) -> None:
        floor, _stretch = self._read(
            "鼓楼区2021年方案\n确保新开工项目60个，力争70个。"
        ).proposals.all()
        self._accept(floor)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("targets:table") + "?as_of=2021-09")
        self.assertContains(page, "确保")
        self.assertContains(page, "力争 70个")
