"""The tasks section of a 街道's monthly reporting page in a real browser at phone width:
the reporter sees its tasks and findings under its projects, the section stacks without
sideways scrolling, and the month's progress saves from the same page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from duban.accounts.actors import DEMO
from duban.core.roles import Role
from duban.tasks import services
from duban.tasks.choices import FindingCategory, TaskKind, TaskSource
from duban.tasks.models import TaskProgress
from tests.support.factories import make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE_IN_TASKS = (
    "() => [...document.querySelectorAll('#tasks *')]"
    ".filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName)"
)


def test_a_reporter_saves_task_progress_from_the_monthly_page_on_a_phone(
    page: Any, live_server: Any, login: Any, settings: Any
) -> None:
    settings.DUBAN_TODAY = "2021-10-08"
    street = make_unit(code="gudong", name="鼓东街道", short_name="鼓东")
    office = make_unit(code="fgj", name="区发改局", kind="department")
    reporter = make_user(Role.REPORTER, street, username="gudong")
    task = services.create_task(
        actor=DEMO, kind=TaskKind.TASK, title="新建长者食堂10家（示例）", source=TaskSource.PLAN,
        lead_unit=street, assigned_on=dt.date(2021, 2, 20), deadline=dt.date(2021, 12, 31),
    )  # fmt: skip
    services.create_task(
        actor=DEMO, kind=TaskKind.FINDING, title="背街小巷垃圾清运不及时（示例）",
        source=TaskSource.INSPECTION, category=FindingCategory.URBAN, lead_unit=street,
        issuer=office, assigned_on=dt.date(2021, 5, 10), deadline=dt.date(2021, 6, 30),
    )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, reporter)
    page.goto(f"{live_server.url}/reports/unit/{street.pk}/2021-09/")
    section = page.inner_text("#tasks")
    assert "新建长者食堂10家（示例）" in section
    assert "背街小巷垃圾清运不及时（示例）" in section
    assert "已逾期" in section
    assert page.evaluate(WIDE_IN_TASKS) == []
    page.fill(f"textarea[name='t{task.pk}-text']", "已完成8家，2家装修中")
    page.click("#tasks button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已保存 1 项任务进展" in page.inner_text(".messages")
    assert TaskProgress.objects.get(task=task, year=2021, month=9).text == "已完成8家，2家装修中"
    # Back on the reporting page, the box holds what was saved.
    assert page.input_value(f"textarea[name='t{task.pk}-text']") == "已完成8家，2家装修中"
