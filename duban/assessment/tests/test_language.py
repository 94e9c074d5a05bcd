"""The method language: validation, the scoring forms, not-applicable items and rescaling."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from duban.assessment.engine import compute_group
from duban.assessment.language import MethodSpec, item_from_dict
from duban.assessment.models import AssessmentMethod
from duban.assessment.scoring import (
    effective_weights,
    event_points,
    rank_points,
    rate_points,
    step_points,
    veto_points,
)
from duban.assessment.services import add_adjustment, create_method_version
from duban.assessment.tests.test_compute_scores import MARCH, ScoresTestCase
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.supervision.queries import thresholds_for, trajectory
from duban.supervision.rules import expected_share
from tests.support.factories import SYSTEM

D = Decimal


def spec(items: list[dict[str, object]], **kw: object) -> MethodSpec:
    return MethodSpec(
        year=2021, group="street", name="办法", items=tuple(item_from_dict(i) for i in items),
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


# --- validation --------------------------------------------------------------------------------


def test_base_weights_must_sum_to_100() -> None:
    errors = spec([{"kind": "new_start_rate", "weight": D(60)}]).errors()
    assert errors == {"weights": "基础分项分值合计应为100，现为60"}
    assert spec([{"kind": "new_start_rate", "weight": D(100)}]).errors() == {}


def test_a_kind_may_be_used_several_times_under_its_own_codes_but_codes_are_unique() -> None:
    ok = spec([
        {"code": "trade", "kind": "target", "weight": D(50), "params": {"metrics": ["t"]}},
        {"code": "hightech", "kind": "target", "weight": D(50), "params": {"metrics": ["h"]}},
    ])  # fmt: skip
    assert ok.errors() == {}
    twice = spec([{"code": "x", "kind": "target", "weight": D(50)}] * 2)
    assert "items[2].code" in twice.errors()


def test_bonus_caps_are_explicit_and_veto_items_use_the_veto_form() -> None:
    errors = spec([
        {"kind": "new_start_rate", "weight": D(100)},
        {"kind": "adjustments", "weight": D(0)},
        {"code": "v", "kind": "veto", "weight": D(0), "form": "rate"},
    ]).errors()  # fmt: skip
    assert "items[2].weight" in errors and "items[3].form" in errors


def test_speaking_rules_must_name_task_items_of_the_method() -> None:
    from duban.assessment.language import SpeakingRule

    rule = SpeakingRule.from_dict({"role": "statement", "when": [{"task": "nope", "met": False}]})
    errors = spec([{"kind": "new_start_rate", "weight": D(100)}], speaking=(rule,)).errors()
    assert "speaking[1]" in errors


# --- the forms, pure -----------------------------------------------------------------------------


def test_rescaling_spreads_the_inapplicable_weight_over_the_applicable_base_items() -> None:
    items = [
        ("ns", "base", D(25), True, True),
        ("cp", "base", D(20), True, False),  # no task: not applicable
        ("inv", "base", D(25), True, True),
        ("svc", "base", D(15), True, False),  # no task
        ("time", "base", D(15), True, True),
        ("bonus", "bonus", D(10), False, False),
    ]
    got = effective_weights(items, "rescale")
    # 25/65 × 100 = 38.4615…, 15/65 × 100 = 23.0769…; the last takes the remainder.
    assert got == {
        "ns": (True, D("38.4615")), "cp": (False, D(0)), "inv": (True, D("38.4615")),
        "svc": (False, D(0)), "time": (True, D("23.0770")), "bonus": (True, D(10)),
    }  # fmt: skip
    assert sum(w for ok, w in (got[c] for c in ("ns", "cp", "inv", "svc", "time")) if ok) == 100


def test_full_and_zero_policies_keep_every_item_at_its_written_weight() -> None:
    items = [("a", "base", D(60), True, True), ("b", "base", D(40), True, False)]
    assert effective_weights(items, "full") == {"a": (True, D(60)), "b": (True, D(40))}


def test_extra_credit_above_target_is_capped() -> None:
    assert rate_points(D(20), D("1.1000"), capped=True, extra_cap=D(5)) == D("22.00")
    assert rate_points(D(20), D("1.5000"), capped=True, extra_cap=D(5)) == D("25.00")
    assert rate_points(D(20), D("0.5000"), capped=True, extra_cap=D(5)) == D("10.00")


def test_steps_give_full_at_100_half_at_80_and_none_below() -> None:
    steps = [["1", "1"], ["0.8", "0.5"]]
    assert step_points(D(10), D("1.0000"), steps) == D("10.00")
    assert step_points(D(10), D("0.9"), steps) == D("5.00")
    assert step_points(D(10), D("0.7999"), steps) == D("0.00")


def test_points_by_rank_in_group() -> None:
    table = ["1", "0.8", "0.6"]
    assert [rank_points(D(10), n, table, "0.4") for n in (1, 2, 3, 4, 9)] == [
        D("10.00"), D("8.00"), D("6.00"), D("4.00"), D("4.00"),
    ]  # fmt: skip


def test_per_event_deductions_stop_at_the_cap_and_base_items_at_zero() -> None:
    assert event_points("deduction", D(5), D(3), D(1)) == D("-3.00")
    assert event_points("deduction", D(5), D(9), D(1)) == D("-5.00")
    assert event_points("base", D(10), D(4), D(3)) == D("0.00")
    assert event_points("bonus", D(4), D(1), D("1.5")) == D("1.50")


def test_a_veto_zeroes_or_caps_the_total() -> None:
    assert veto_points(D("87.5"), D(1), "zero", D(0)) == D("-87.50")
    assert veto_points(D("87.5"), D(1), "cap", D(60)) == D("-27.50")
    assert veto_points(D("57.5"), D(1), "cap", D(60)) == D("0.00")
    assert veto_points(D("87.5"), D(0), "zero", D(0)) == D("0.00")


# --- the engine --------------------------------------------------------------------------------


class EngineTests(ScoresTestCase):
    def items_of(self, result: object, unit: object) -> dict[str, object]:
        row = next(r for r in result.rows if r.unit_id == unit.pk)  # type: ignore[attr-defined]
        return {i.code: i for i in row.items}

    def test_no_unit_gets_full_marks_on_an_item_it_has_no_task_for(self) -> None:
        # C (丙) has no investment task: the item does not apply, and its other base weights
        # (new starts 40, timeliness 20) are rescaled to 100.
        self.district["targets"]["sc"][1].delete()
        result = compute_group(AssessmentMethod.objects.get(), MARCH)
        items = self.items_of(result, self.c)
        inv = items["investment_rate"]
        assert (inv.applicable, inv.points, inv.effective_weight) == (False, D(0), D(0))
        assert items["new_start_rate"].effective_weight == D("66.6667")
        assert items["report_timeliness"].effective_weight == D("33.3333")
        # 1 of 4 new starts: 66.6667 × 0.25 = 16.67; no report on time: 0.
        assert items["new_start_rate"].points == D("16.67")
        row = next(r for r in result.rows if r.unit_id == self.c.pk)
        assert row.total == D("16.67") == sum(i.points for i in row.items)
        # A keeps its written weights (every item applies).
        a = self.items_of(result, self.a)
        assert [a[c].effective_weight for c in ("new_start_rate", "investment_rate")] == [40, 40]

    def test_the_method_may_give_full_marks_instead(self) -> None:
        self.district["targets"]["sc"][1].delete()
        create_method_version(
            actor=SYSTEM, year=2021, group="street", name="无任务按满分",
            items=[{"kind": "new_start_rate", "weight": D(40)},
                   {"kind": "investment_rate", "weight": D(40)},
                   {"kind": "report_timeliness", "weight": D(20)}],
            not_applicable="full", pace="year",
        )  # fmt: skip
        method = AssessmentMethod.objects.order_by("-version").first()
        assert method is not None
        items = self.items_of(compute_group(method, MARCH), self.c)
        assert items["investment_rate"].points == D("40.00")

    def test_a_veto_zeroes_the_total_as_a_negative_item(self) -> None:
        create_method_version(
            actor=SYSTEM, year=2021, group="street", name="含一票否决",
            items=[{"kind": "new_start_rate", "weight": D(100)},
                   {"kind": "veto", "weight": D(0), "params": {"mode": "zero"}}],
            pace="year",
        )  # fmt: skip
        add_adjustment(
            actor=SYSTEM, unit=self.b, month=MARCH, points=D(0), reason="发生安全生产事故",
            veto=True,
        )  # fmt: skip
        method = AssessmentMethod.objects.order_by("-version").first()
        assert method is not None
        result = compute_group(method, MARCH)
        b = next(r for r in result.rows if r.unit_id == self.b.pk)
        assert b.total == D(0) and {i.code: i.points for i in b.items}["veto"] == D("-100.00")
        assert b.rank == 3

    def test_a_validation_error_names_the_weight_sum(self) -> None:
        with pytest.raises(ValidationError, match="合计应为100"):
            create_method_version(
                actor=SYSTEM, year=2021, group="street", name="x",
                items=[{"kind": "new_start_rate", "weight": D(90)}],
            )  # fmt: skip


class TrajectoryTests(ScoresTestCase):
    def test_scores_use_the_same_trajectory_curve_as_the_lights(self) -> None:
        curve = TrajectoryCurve.objects.create(
            code="front", name="开门红", shares=[10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100]
        )
        import datetime as dt

        LightRule.objects.create(
            effective_from=dt.date(2021, 1, 1), yellow_gap_pp=D(10), red_gap_pp=D(20),
            node_overdue_yellow_days=0, node_overdue_red_days=30, forecast_yellow_ratio=D(85),
            curve=curve,
        )  # fmt: skip
        percent, name = trajectory(MARCH)
        assert (percent, name) == (expected_share(thresholds_for(MARCH).shares, 3), "开门红")
        create_method_version(
            actor=SYSTEM, year=2021, group="street", name="序时",
            items=[{"kind": "new_start_rate", "weight": D(100)}], pace="trajectory",
        )  # fmt: skip
        method = AssessmentMethod.objects.order_by("-version").first()
        assert method is not None
        items = self.items_of_a(compute_group(method, MARCH))
        source = items.sources[0]
        # A's year task is 4 new starts; by March the curve expects 27%: 1.08.
        assert source["task"] == "1.08" and source["share"] == "27%（开门红）"

    def items_of_a(self, result: object) -> object:
        row = next(r for r in result.rows if r.unit_id == self.a.pk)  # type: ignore[attr-defined]
        return row.items[0]
