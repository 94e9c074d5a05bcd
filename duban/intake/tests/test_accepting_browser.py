"""In headless Chromium: another district's plan is refused until confirmed, and a duplicate
is resolved with both values side by side, through the review page as a supervisor uses it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from duban.core.roles import Role
from duban.intake.models import IntakeDocument
from duban.orgs.models import District
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from tests.support.factories import make_metric, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.VAR_DIR) / "screenshots"
QUANGANG = "泉港区2021年项目攻坚行动方案\n泉港区全年新开工项目50个。"
GULOU = "鼓楼区2021年项目攻坚行动方案\n鼓楼区全年新开工项目50个。"


def _paste(page: Any, base: str, text: str) -> IntakeDocument:
    page.goto(f"{base}/intake/?as_of=2021-09")
    page.fill("textarea[name=text]", text)
    page.click("form.intake-upload button[type=submit]")
    page.wait_for_load_state("networkidle")
    return IntakeDocument.objects.order_by("-id").first()


def test_wrong_district_and_duplicate_are_refused_or_resolved_in_the_browser(
    page: Any, live_server: Any, login: Any, settings: Any
) -> None:
    settings.DUBAN_AS_OF = "2021-09"
    District.objects.create(name="鼓楼区", code="350102")
    metric = make_metric(MetricKind.NEW_STARTS, code="ns", name="新开工项目数")
    office = make_unit(code="fgj", name="区发改局", short_name="发改局")
    user = make_user(Role.SUPERVISOR, office, username="fgj")
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, user)

    # Another district's plan: refused without the tick, accepted with it.
    document = _paste(page, live_server.url, QUANGANG)
    assert "文件所述地区为泉港区，本系统为鼓楼区" in page.inner_text(".intake-mismatch")
    form = page.locator(f"#p-{document.proposals.first().pk}")
    form.locator("select[name$=metric]").select_option(str(metric.pk))
    form.locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    assert "已拒绝" in page.inner_text(".messages, body")
    assert not Target.objects.exists()
    page.screenshot(path=str(SHOTS / "intake_wrong_district_refused.png"), full_page=False)
    form = page.locator(f"#p-{document.proposals.first().pk}")
    form.locator("select[name$=metric]").select_option(str(metric.pk))
    form.locator("input[name$=confirm_subject]").check()
    form.locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    assert Target.objects.get().value == Decimal(50)

    # The district's own plan states the same target again: the table is not doubled.
    Target.objects.update(value=Decimal(40))
    document = _paste(page, live_server.url, GULOU)
    assert page.locator(".intake-mismatch").count() == 0
    form = page.locator(f"#p-{document.proposals.first().pk}")
    form.locator("select[name$=metric]").select_option(str(metric.pk))
    form.locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    conflict = page.locator(".intake-conflict")
    assert conflict.is_visible()
    rows = conflict.locator("tbody tr")
    assert "50个" in rows.nth(0).inner_text() and "40个" in rows.nth(1).inner_text()
    page.screenshot(path=str(SHOTS / "intake_duplicate_side_by_side.png"), full_page=False)
    conflict.locator("button[value=update]").click()
    page.wait_for_load_state("networkidle")
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal(50)]
    assert "已写入目标任务" in page.inner_text("body")
