"""A section as a later tasks app would contribute it (AGREEMENT_SECTIONS in its
`agreement.py`), used by the test of the hook."""

from __future__ import annotations

from duban.agreements.content import Section
from duban.orgs.models import Unit


def work_tasks(unit: Unit, year: int) -> Section | None:
    if unit.code != "gudong":
        return None
    return Section(
        title="工作任务",
        columns=["序号", "任务", "完成时限"],
        rows=[["1", f"{year}年老旧小区整治（{unit.label}）", "12月底前"]],
    )


AGREEMENT_SECTIONS = [work_tasks]
