"""The demo's 2021 methods (示例) in the method language, checked against the plan's sentences
and the command-line contracts on the whole demo district."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from duban.assessment.models import AssessmentMethod, ScoreRun
from duban.orgs.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", interactive=False, verbosity=0)


def json_of(*args: str) -> list[dict[str, Any]]:
    out = StringIO()
    call_command(*args, "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert isinstance(rows, list)
    return rows


def test_the_methods_are_labelled_examples_and_their_base_weights_sum_to_100(demo: object) -> None:
    for method in AssessmentMethod.objects.filter(year=2021):
        assert "示例" in method.name
        base = sum(i.weight for i in method.items.all() if i.role == "base")
        assert base == 100, method


def test_every_month_from_january_to_september_is_published(demo: object) -> None:
    published = set(
        ScoreRun.objects.filter(year=2021, status="published").values_list("month", "group")
    )
    assert published == {(m, g) for m in range(1, 10) for g in ("street", "park", "department")}


@pytest.mark.parametrize("month", ["2021-01", "2021-06", "2021-09"])
def test_scores_json_adds_up_and_gives_no_full_marks_without_a_task(
    demo: object, month: str
) -> None:
    rows = json_of("scores", "--month", month)
    assert {r["group"] for r in rows} == {"street", "park", "department"}
    assert len(rows) == Unit.objects.filter(is_active=True).count()
    for r in rows:
        assert abs(sum(i["points"] for i in r["items"]) - r["total"]) < 0.01
        base = [i for i in r["items"] if i["code"] not in ("bonus", "veto", "late_letters",
                                                             "late_problems")]  # fmt: skip
        assert abs(sum(i["effective_weight"] for i in base if i["applicable"]) - 100) < 0.01
        for i in r["items"]:
            if not i["applicable"]:
                assert i["points"] == 0 and i["rate"] is None


def in_bottom(row: dict[str, Any], group: list[dict[str, Any]], n: int) -> bool:
    return sum(1 for other in group if other["rank"] > row["rank"]) < n


@pytest.mark.parametrize("quarter", ["2021Q1", "2021Q2", "2021Q3"])
def test_the_plans_three_speaking_rules_hold(demo: object, quarter: str) -> None:
    rows = json_of("speaking_lists", "--quarter", quarter)
    by_group = {g: [r for r in rows if r["group"] == g] for g in ("street", "park", "department")}
    assert {g: len(v) for g, v in by_group.items()} == {
        g: Unit.objects.filter(kind=g, is_active=True).count() for g in by_group
    }
    for r in by_group["street"]:
        # 排名前列的街镇介绍经验；排名后两名且未完成服务业开竣工合计数任务的街镇表态发言。
        expected = (
            "present" if r["rank"] == 1
            else "statement" if in_bottom(r, by_group["street"], 2) and not r["task_met"]
            else None
        )  # fmt: skip
        assert r["role"] == expected, r
    for r in by_group["park"]:
        # 完成任务的园区介绍经验；未完成任务的园区表态发言。
        assert r["role"] == ("present" if r["task_met"] else "statement"), r
    for r in by_group["department"]:
        # 排名前列的区直单位介绍经验；排名末位且未完成任务的区直单位表态发言。
        expected = (
            "present" if r["rank"] == 1
            else "statement" if in_bottom(r, by_group["department"], 1) and not r["task_met"]
            else None
        )  # fmt: skip
        assert r["role"] == expected, r
    assert any(r["role"] == "statement" for r in by_group["street"])
