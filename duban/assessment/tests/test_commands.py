"""`duban scores` and `duban speaking-lists`: the JSON other checks read, shape and arithmetic."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from duban.assessment.services import compute_month, create_method_version, publish_month
from duban.assessment.tests.test_compute_scores import MARCH, ScoresTestCase
from tests.support.factories import SYSTEM

D = Decimal
SCORE_KEYS = {"unit", "group", "rank", "total", "method_version", "items"}
ITEM_KEYS = {"code", "applicable", "weight", "effective_weight", "rate", "points"}


def run(*args: str) -> list[dict[str, object]]:
    out = StringIO()
    call_command(*args, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert isinstance(data, list)
    return data


class CommandTests(ScoresTestCase):
    def setUp(self) -> None:
        # C has no investment task, so its investment item does not apply and is rescaled.
        self.district["targets"]["sc"][1].delete()

    def check_scores(self, rows: list[dict[str, object]]) -> None:
        assert rows and all(set(r) == SCORE_KEYS for r in rows)
        for r in rows:
            assert r["group"] in ("street", "park", "department")
            items = r["items"]
            assert isinstance(items, list) and all(set(i) == ITEM_KEYS for i in items)
            assert abs(sum(i["points"] for i in items) - r["total"]) < 0.01  # type: ignore[operator]
            base = [i for i in items if i["code"] != "adjustments" and i["applicable"]]
            assert abs(sum(i["effective_weight"] for i in base) - 100) < 0.01

    def test_scores_prints_one_object_per_unit_with_its_items(self) -> None:
        compute_month(MARCH, actor=self.supervisor)
        rows = run("scores", "--month", "2021-03")
        self.check_scores(rows)
        assert [(r["unit"], r["rank"], r["method_version"]) for r in rows] == [
            ("鼓西街道", 1, 1), ("鼓东街道", 2, 2 - 1), ("丙街道", 3, 1),
        ]  # fmt: skip
        c = rows[2]["items"]
        inv = next(i for i in c if i["code"] == "investment_rate")  # type: ignore[union-attr]
        assert inv == {"code": "investment_rate", "applicable": False, "weight": 40.0,
                       "effective_weight": 0.0, "rate": None, "points": 0.0}  # fmt: skip
        ns = next(i for i in c if i["code"] == "new_start_rate")  # type: ignore[union-attr]
        assert (ns["weight"], ns["effective_weight"], ns["rate"], ns["points"]) == (
            40.0, 66.6667, 0.25, 16.67,
        )  # fmt: skip

    def test_scores_of_a_month_never_computed_are_computed_without_storing(self) -> None:
        from duban.assessment.models import ScoreRun

        rows = run("scores", "--month", "2021-03")
        self.check_scores(rows)
        assert len(rows) == 3 and not ScoreRun.objects.exists()

    def test_speaking_lists_follow_the_rules_of_the_published_method(self) -> None:
        create_method_version(
            actor=SYSTEM, year=2021, group="street", name="通报会规则",
            items=[{"kind": "new_start_rate", "weight": D(40)},
                   {"kind": "investment_rate", "weight": D(40)},
                   {"kind": "report_timeliness", "weight": D(20)}],
            pace="year",
            speaking=[{"role": "present", "when": [{"rank": "top", "n": 1}]},
                      {"role": "statement", "when": [{"rank": "bottom", "n": 2},
                                                     {"task": "new_start_rate", "met": False}]}],
        )  # fmt: skip
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        rows = run("speaking_lists", "--quarter", "2021Q1")
        assert all(set(r) == {"unit", "group", "rank", "task_met", "role"} for r in rows)
        # 鼓西 first (present); 鼓东 2/4 and 丙 1/4 missed the new-start task and are the
        # bottom two: both make a statement.
        assert [(r["unit"], r["rank"], r["task_met"], r["role"]) for r in rows] == [
            ("鼓西街道", 1, True, "present"),
            ("鼓东街道", 2, False, "statement"),
            ("丙街道", 3, False, "statement"),
        ]

    def test_a_bad_quarter_is_refused(self) -> None:
        try:
            run("speaking_lists", "--quarter", "2021-3")
        except CommandError as exc:
            assert "YYYYQn" in str(exc)
        else:
            raise AssertionError("accepted 2021-3")
