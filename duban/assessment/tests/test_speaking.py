"""The quarterly speaking lists, built from the plan's sentences (section 五(四) of the seed):

区委、区政府每季度召开一次通报会，安排综合考评排名前列的街镇、完成任务的园区、区直单位主要领导
上台介绍经验；排名后两名且未完成服务业开竣工合计数任务的街镇、未完成任务的园区及排名末位且未
完成任务的区直单位主要领导在会上作表态发言。
"""

from __future__ import annotations

from duban.assessment.demo import SPEAKING
from duban.assessment.language import ALL_TASKS, SpeakingRule
from duban.assessment.speaking import Standing, describe, roles

SERVICES = "services"  # the demo method's code of the 服务业开竣工合计数 item


def street_rules() -> list[SpeakingRule]:
    return [SpeakingRule.from_dict(r) for r in SPEAKING["street"]]


def park_rules() -> list[SpeakingRule]:
    return [SpeakingRule.from_dict(r) for r in SPEAKING["park"]]


def department_rules() -> list[SpeakingRule]:
    return [SpeakingRule.from_dict(r) for r in SPEAKING["department"]]


def streets(*rows: tuple[int, bool]) -> list[Standing]:
    """(rank, completed 服务业开竣工合计数) per street, unit ids 1, 2, 3 …"""
    return [Standing(n, rank, {SERVICES: met}) for n, (rank, met) in enumerate(rows, start=1)]


def test_the_top_ranked_street_presents_experience() -> None:
    group = streets((1, False), (2, True), (3, True), (4, True), (5, True))
    assert roles(street_rules(), group)[1] == "present"
    assert [u for u, r in roles(street_rules(), group).items() if r == "present"] == [1]


def test_a_street_in_the_bottom_two_that_missed_the_services_task_makes_a_statement() -> None:
    group = streets((1, True), (2, True), (3, True), (4, False), (5, False))
    got = roles(street_rules(), group)
    assert got[4] == "statement" and got[5] == "statement"


def test_a_bottom_two_street_that_met_its_task_does_not_speak() -> None:
    group = streets((1, True), (2, True), (3, False), (4, True), (5, True))
    got = roles(street_rules(), group)
    assert got[4] is None and got[5] is None
    # Third from the bottom and missing the task: not in the bottom two, so no statement.
    assert got[3] is None


def test_a_street_that_missed_another_task_but_met_the_services_task_does_not_speak() -> None:
    group = [Standing(1, 1, {SERVICES: True}), Standing(2, 2, {SERVICES: True, "trade": False})]
    assert roles(street_rules(), group) == {1: "present", 2: None}


def test_every_park_that_completed_its_task_presents_whatever_its_rank() -> None:
    group = [Standing(n, n, {"new_starts": True, "investment": True}) for n in range(1, 5)]
    assert set(roles(park_rules(), group).values()) == {"present"}


def test_every_park_that_missed_its_task_makes_a_statement_and_does_not_present() -> None:
    group = [
        Standing(
            1, 1, {"new_starts": False, "investment": True}
        ),  # ranked first, but missed a task
        Standing(2, 2, {"new_starts": True, "investment": True}),
        Standing(3, 3, {"new_starts": True, "investment": False}),
    ]
    assert roles(park_rules(), group) == {1: "statement", 2: "present", 3: "statement"}


def test_the_top_ranked_department_presents_and_only_the_last_that_missed_speaks() -> None:
    group = [
        Standing(1, 1, {"lead": True}),
        Standing(2, 2, {"lead": False}),  # missed, but not last: no statement
        Standing(3, 3, {"lead": False}),  # last and missed: statement
    ]
    assert roles(department_rules(), group) == {1: "present", 2: None, 3: "statement"}


def test_a_last_ranked_department_that_met_its_task_does_not_speak() -> None:
    group = [Standing(1, 1, {"lead": True}), Standing(2, 2, {"lead": True})]
    assert roles(department_rules(), group) == {1: "present", 2: None}


def test_units_tied_for_last_are_all_last_and_units_tied_first_all_present() -> None:
    group = [
        Standing(1, 1, {"lead": True}),
        Standing(2, 1, {"lead": True}),
        Standing(3, 3, {"lead": False}),
        Standing(4, 3, {"lead": False}),
    ]
    assert roles(department_rules(), group) == {
        1: "present", 2: "present", 3: "statement", 4: "statement",
    }  # fmt: skip


def test_a_unit_without_the_named_task_cannot_have_failed_it() -> None:
    group = [Standing(1, 1, {}), Standing(2, 2, {})]
    assert roles(street_rules(), group) == {1: "present", 2: None}


def test_the_rules_read_as_the_plan_says_them() -> None:
    labels = {SERVICES: "服务业开竣工合计数"}
    street = street_rules()
    assert [describe(r, labels) for r in street] == [
        "排名第1名",
        "排名后2名且未完成服务业开竣工合计数任务",
    ]
    assert [describe(r, labels) for r in park_rules()] == ["完成任务", "未完成任务"]
    assert [describe(r, labels) for r in department_rules()] == [
        "排名第1名",
        "排名末位且未完成任务",
    ]
    assert all(c.task in ("", SERVICES) for r in street for c in r.when)
    assert ALL_TASKS == "*"
