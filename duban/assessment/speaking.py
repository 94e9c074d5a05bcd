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

from django.utils.translation import gettext, gettext_noop

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


# The words of the rules (marked for the English catalogue; documents keep the Chinese).
TOP_ONE = gettext_noop("排名第1名")
TOP_N = gettext_noop("排名前%(n)s名")
BOTTOM_N = gettext_noop("排名后%(n)s名")
LAST = gettext_noop("排名末位")
MET_ALL = gettext_noop("完成任务")
MISSED_ALL = gettext_noop("未完成任务")
MET_TASK = gettext_noop("完成%(task)s任务")
MISSED_TASK = gettext_noop("未完成%(task)s任务")
AND = gettext_noop("且")


def describe(rule: SpeakingRule, labels: Mapping[str, str], *, translate: bool = False) -> str:
    """A rule in the plan's words, e.g. "排名后2名且未完成服务业开竣工合计数任务". Documents (the
    bulletin) keep the Chinese; pages pass `translate=True` for the reader's language."""
    t = gettext if translate else _same
    parts = []
    for c in rule.when:
        if c.rank == "top":
            parts.append(t(TOP_ONE) if c.n == 1 else t(TOP_N) % {"n": c.n})
        elif c.rank == "bottom":
            parts.append(t(BOTTOM_N) % {"n": c.n})
        elif c.rank == "last":
            parts.append(t(LAST))
        else:
            codes = c.task.split(",")
            if c.task == ALL_TASKS or len(codes) > 1:
                parts.append(t(MET_ALL) if c.met else t(MISSED_ALL))
            else:
                task = labels[c.task]
                parts.append((t(MET_TASK) if c.met else t(MISSED_TASK)) % {"task": task})
    return t(AND).join(parts)


def _same(text: str) -> str:
    return text
