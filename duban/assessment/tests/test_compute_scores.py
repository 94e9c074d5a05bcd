"""Computing, ranking, revising and publishing a month's scores."""

from __future__ import annotations

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from duban.assessment.choices import RunStatus
from duban.assessment.models import ItemScore, ScoreRun, UnitScore
from duban.assessment.queries import quarterly_lists, runs_for_month
from duban.assessment.services import (
    add_adjustment,
    compute_month,
    create_method_version,
    publish_month,
)
from duban.assessment.tests.factories import STREET_ITEMS, make_method, scored_district
from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.targets.services import decide_revision, request_revision
from tests.support.factories import Personas

D = Decimal
MARCH = Month(2021, 3)


class ScoresTestCase(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from tests.support.factories import make_unit

        # A and B are the personas' two streets (so their reporters belong to scored units).
        third = make_unit(code="sc", name="丙街道", short_name="丙")
        cls.district = scored_district([cls.street, cls.other_street, third])
        cls.a, cls.b, cls.c = cls.district["units"]
        cls.method = make_method()

    def totals(self) -> dict[str, tuple[Decimal, int]]:
        run = ScoreRun.objects.filter(group="street").order_by("-revision").first()
        return {s.unit.code: (s.total, s.rank) for s in run.scores.select_related("unit")}


class ComputeTests(ScoresTestCase):
    def test_scores_follow_the_method_and_rank_within_the_group(self) -> None:
        compute_month(MARCH, actor=self.supervisor, groups=["street"])
        totals = self.totals()
        # A: 2/4×40=20 + 300/1000×40=12 + 2/2×20=20; B: 40+12+20; C: 10 + 500/500×40 + 0/1×20
        assert totals["gudong"] == (D("52.00"), 2)
        assert totals["guxi"] == (D("72.00"), 1)
        assert totals["sc"] == (D("50.00"), 3)

    def test_ties_share_a_rank_and_display_in_unit_order(self) -> None:
        add_adjustment(
            actor=self.supervisor, unit=self.c, month=MARCH, points=D(2), reason="承办观摩活动"
        )
        compute_month(MARCH, actor=self.supervisor, groups=["street"])
        run = ScoreRun.objects.get(group="street")
        rows = [(s.unit.code, s.rank, s.position) for s in run.scores.select_related("unit")]
        assert ("gudong", 2, 2) in rows and ("sc", 2, 3) in rows
        assert ("guxi", 1, 1) in rows

    def test_a_drill_down_reproduces_the_total_exactly_from_its_listed_inputs(self) -> None:
        add_adjustment(
            actor=self.supervisor, unit=self.a, month=MARCH, points=D("-1.5"), reason="数据不实"
        )
        compute_month(MARCH, actor=self.supervisor, groups=["street"])
        for score in UnitScore.objects.prefetch_related("items"):
            added = D(0)
            for item in score.items.all():
                if item.mode == "points":
                    listed = sum((D(s["points"]) for s in item.sources), D(0))
                    assert listed == item.numerator
                    points = max(min(listed, item.weight), -item.weight)
                elif item.denominator:
                    targets = [s for s in item.sources if s["type"] == "target"]
                    if targets:
                        assert sum(D(s["task"]) for s in targets) == item.denominator
                        assert sum(D(s["actual"]) for s in targets) == item.numerator
                    rate = (item.numerator / item.denominator).quantize(
                        D("0.0001"), rounding=ROUND_HALF_UP
                    )
                    assert rate == item.rate
                    used = min(rate, 1) if item.capped else rate
                    points = (item.weight * used).quantize(D("0.01"), rounding=ROUND_HALF_UP)
                else:
                    points = item.weight
                assert points == item.points, item
                added += points
            assert added == score.total

    def test_the_sources_name_the_targets_and_the_reports(self) -> None:
        compute_month(MARCH, actor=self.supervisor, groups=["street"])
        item = ItemScore.objects.get(unit_score__unit=self.a, kind="new_start_rate")
        target = self.district["targets"]["gudong"][0]
        assert item.sources[0]["id"] == target.pk
        assert item.sources[0]["district_target"] == target.parent_id
        assert (item.sources[0]["original"], item.sources[0]["actual"]) == ("4.00", "2")
        timely = ItemScore.objects.get(unit_score__unit=self.c, kind="report_timeliness")
        assert timely.sources == [
            {"type": "reports", "due": 1, "on_time": 0, "due_date": "2021-04-05"}
        ]

    def test_f4_recomputing_an_unpublished_month_gives_identical_output(self) -> None:
        first = compute_month(MARCH, actor=self.supervisor)[0][0]
        before = list(UnitScore.objects.values_list("unit_id", "total", "rank", "position"))
        again = compute_month(MARCH, actor=self.supervisor)
        assert again[0][1] == "unchanged"
        assert again[0][0].content_sha256 == first.content_sha256
        assert list(UnitScore.objects.values_list("unit_id", "total", "rank", "position")) == (
            before
        )
        assert ScoreRun.objects.count() == 1

    def test_f4_the_content_hash_does_not_depend_on_when_it_is_computed(self) -> None:
        with time_machine.travel("2021-04-06 09:00 +0800", tick=False):
            first = compute_month(MARCH, actor=self.supervisor)[0][0].content_sha256
        ScoreRun.objects.all().delete()
        with time_machine.travel("2021-05-20 18:00 +0800", tick=False):
            second = compute_month(MARCH, actor=self.supervisor)[0][0].content_sha256
        assert first == second

    def test_the_command_is_idempotent(self) -> None:
        out = StringIO()
        call_command("compute_scores", "--month", "2021-03", stdout=out)
        call_command("compute_scores", "--month", "2021-03", stdout=out)
        assert "created" in out.getvalue() and "unchanged" in out.getvalue()
        assert ScoreRun.objects.count() == 1


class PublishTests(ScoresTestCase):
    def test_publishing_freezes_the_month_and_writes_an_audit_row(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        run = ScoreRun.objects.get()
        assert run.status == RunStatus.PUBLISHED and run.published_by == self.supervisor
        event = AuditEvent.objects.get(event="score.published")
        assert event.after["sha256"] == run.content_sha256

    def test_only_the_publisher_role_may_publish(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        for user in (self.reviewer, self.reporter, self.leader_user, self.sysadmin):
            with self.assertRaises(PermissionDenied):
                publish_month(MARCH, actor=user)

    def test_publishing_twice_is_refused(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        with self.assertRaises(ValidationError):
            publish_month(MARCH, actor=self.supervisor)

    def test_f3_changing_a_weight_and_recomputing_a_published_month_makes_a_marked_revision(
        self,
    ) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        original = ScoreRun.objects.get()
        original_scores = list(original.scores.values_list("unit_id", "total", "rank"))
        items = [dict(i) for i in STREET_ITEMS]
        items[0]["weight"] = D(50)
        items[1]["weight"] = D(30)  # base weights still sum to 100
        v2 = create_method_version(
            actor=self.supervisor, year=2021, group="street", name="测试考评办法",
            items=items, statement_item="new_start_rate", pace="year", change_note="提高新开工分值",
        )  # fmt: skip
        assert v2.version == 2 and self.method.items.get(kind="new_start_rate").weight == 40
        result = compute_month(MARCH, actor=self.supervisor, reason="考评办法调整")
        revision, outcome = result[0]
        assert outcome == "revision"
        assert revision.revision == 1 and revision.supersedes == original
        assert revision.method == v2 and revision.status == RunStatus.DRAFT
        assert revision.content_sha256 != original.content_sha256
        original.refresh_from_db()
        assert original.status == RunStatus.PUBLISHED
        assert list(original.scores.values_list("unit_id", "total", "rank")) == original_scores
        # Recomputing again does not stack revisions.
        assert compute_month(MARCH, actor=self.supervisor)[0][1] == "unchanged"
        publish_month(MARCH, actor=self.supervisor)
        assert ScoreRun.objects.filter(status=RunStatus.PUBLISHED).count() == 2

    def test_f3_a_published_month_recomputed_without_changes_stays_as_it_is(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        assert compute_month(MARCH, actor=self.supervisor)[0][1] == "unchanged"
        assert ScoreRun.objects.count() == 1

    def test_b6_drafts_are_visible_only_to_the_scoring_roles(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        assert runs_for_month(self.supervisor, MARCH)
        for user in (self.reviewer, self.reporter, self.leader_user, self.outsider):
            assert runs_for_month(user, MARCH) == []
        publish_month(MARCH, actor=self.supervisor)
        assert runs_for_month(self.reporter, MARCH)[0].status == RunStatus.PUBLISHED

    def test_b6_a_revision_draft_stays_hidden_behind_the_published_run(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        add_adjustment(actor=self.supervisor, unit=self.c, month=MARCH, points=D(3), reason="加分")
        compute_month(MARCH, actor=self.supervisor)
        assert runs_for_month(self.supervisor, MARCH)[0].revision == 1
        assert runs_for_month(self.reporter, MARCH)[0].revision == 0

    def test_the_publish_command_needs_a_publisher(self) -> None:
        from django.core.management.base import CommandError

        call_command("compute_scores", "--month", "2021-03", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("publish_scores", "--month", "2021-03", "--actor", self.reporter.username)
        call_command(
            "publish_scores", "--month", "2021-03", "--actor", self.supervisor.username,
            stdout=StringIO(),
        )  # fmt: skip
        assert ScoreRun.objects.get().status == RunStatus.PUBLISHED


class QuarterAndRevisionTests(ScoresTestCase):
    def test_quarterly_lists_follow_the_method_rule(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        (street,) = quarterly_lists(2021, 1)
        assert [s.unit.code for s in street.top] == ["guxi"]
        # A (2/4) and C (1/4) missed the new-start task; the lowest ranked of them is C.
        assert [s.unit.code for s in street.bottom] == ["sc"]

    def test_the_method_decides_between_original_and_revised_targets(self) -> None:
        target = self.district["targets"]["gudong"][0]  # A's new-start task: 4
        revision = request_revision(
            target, actor=self.reporter, revised_value=D(2), reason="项目用地调整"
        )
        decide_revision(revision, actor=self.supervisor, approve=True)
        target.refresh_from_db()
        assert target.value == D(4)  # the original stays
        compute_month(MARCH, actor=self.supervisor)
        assert self.totals()["gudong"][0] == D("52.00")
        create_method_version(
            actor=self.supervisor, year=2021, group="street", name="按调整后目标",
            items=STREET_ITEMS, target_basis="revised", pace="year",
        )  # fmt: skip
        compute_month(MARCH, actor=self.supervisor)
        assert self.totals()["gudong"][0] == D("72.00")  # 2/2 × 40 instead of 2/4 × 40
        item = ItemScore.objects.filter(unit_score__unit=self.a, kind="new_start_rate").latest("id")
        assert item.sources[0]["original"] == "4.00" and item.sources[0]["revised"] == "2.00"

    def test_a_revision_without_a_reason_is_refused(self) -> None:
        target = self.district["targets"]["gudong"][0]
        with self.assertRaises(ValidationError):
            request_revision(target, actor=self.supervisor, revised_value=D(2), reason=" ")

    def test_another_units_reporter_cannot_revise_a_target(self) -> None:
        target = self.district["targets"]["gudong"][0]
        with self.assertRaises(PermissionDenied):
            request_revision(target, actor=self.other_reporter, revised_value=D(2), reason="理由")


class ContentHashFormatTests(ScoresTestCase):
    """The hash of a run is sha256 over one documented line per unit and item. The format must
    never change: a published run whose hash no longer matches its recomputation would get a
    spurious revision."""

    def test_the_hash_is_the_documented_lines(self) -> None:
        from duban.assessment.engine import compute_group
        from duban.assessment.services import current_method

        method = current_method(2021, "street")
        assert method is not None
        result = compute_group(method, MARCH)

        def num(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        lines = [f"{MARCH}|{method.group}|{method.pk}|{method.version}|{method.pace}\n"]
        for r in result.rows:
            lines.append(f"U|{r.unit_id}|{num(r.total)}|{r.rank}|{r.position}|{r.task_met}\n")
            for i in r.items:
                sources = json.dumps(i.sources, ensure_ascii=False, sort_keys=True, default=str)
                lines.append(
                    f"I|{i.kind}|{num(i.weight)}|{i.capped}|{num(i.numerator)}|"
                    f"{num(i.denominator)}|{num(i.rate)}|{num(i.points)}|{sources}\n"
                )
        expected = hashlib.sha256("".join(lines).encode()).hexdigest()
        assert result.content_sha256 == expected
        assert len(result.rows) == 3 and all(r.items for r in result.rows)
