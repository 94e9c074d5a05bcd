"""Who speaks at the quarterly bulletin meeting (通报会), from a method's speaking rules.

A pure function of the group's ranking and each unit's task completion, so the plan's
sentences are tested directly (tests/test_speaking.py):

* 街镇 — the top-ranked present experience; those ranked in the bottom two AND not completing
  the 服务业开竣工合计数 task make a statement;
* 园区 — parks that completed their task present; parks that did not make a statement;
* 区直 — the top-ranked present; the unit ranked last AND not completing its task makes a
  statement.

Rank positions use the shared ranks (1, 2, 2, 4): a unit is in the top N when its rank ≤ N, in
the bottom N when fewer than N units rank below it, and last when none does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from duban.assessment.language import ALL_TASKS, Condition, SpeakingRule


@dataclass(frozen=True)
class Standing:
    """A unit's place in its group and which of its task items it completed."""

    unit_id: int
    rank: int
    met: Mapping[str, bool]

    def task_met(self, task: str) -> bool:
        """Completed `task` (an item code, several joined by commas, or "*" for every task
        item). A unit with no task for
        an item cannot have failed it."""
        if task == ALL_TASKS:
            return all(self.met.values())
        return all(self.met.get(code, True) for code in task.split(","))


def holds(condition: Condition, unit: Standing, group: Sequence[Standing]) -> bool:
    if condition.rank:
        below = sum(1 for other in group if other.rank > unit.rank)
        if condition.rank == "top":
            return unit.rank <= condition.n
        if condition.rank == "bottom":
            return below < condition.n
        return below == 0
    return unit.task_met(condition.task) == condition.met


def roles(rules: Sequence[SpeakingRule], group: Sequence[Standing]) -> dict[int, str | None]:
    """{unit id: "present" | "statement" | None}: the first rule (in order) a unit meets every
    condition of gives its role."""
    out: dict[int, str | None] = {}
    for unit in group:
        out[unit.unit_id] = next(
            (r.role for r in rules if all(holds(c, unit, group) for c in r.when)), None
        )
    return out


def describe(rule: SpeakingRule, labels: Mapping[str, str]) -> str:
    """A rule in the plan's words, e.g. "排名后2名且未完成服务业开竣工合计数任务"."""
    parts = []
    for c in rule.when:
        if c.rank == "top":
            parts.append("排名第1名" if c.n == 1 else f"排名前{c.n}名")
        elif c.rank == "bottom":
            parts.append(f"排名后{c.n}名")
        elif c.rank == "last":
            parts.append("排名末位")
        else:
            codes = c.task.split(",")
            name = "任务" if c.task == ALL_TASKS or len(codes) > 1 else f"{labels[c.task]}任务"
            parts.append(("完成" if c.met else "未完成") + name)
    return "且".join(parts)
