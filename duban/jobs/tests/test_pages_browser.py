"""The pages of issue 21 in a real browser, Chinese and English, desktop and 390 px wide: the
API tokens page (system administrator), the reminders page and a job's progress page (发改局),
and the API's docs page (Swagger UI from our own static files, under the CSP)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from duban.accounts.models import User
from duban.core.roles import Role
from duban.reminders import services as reminders
from duban.reminders.models import Delivery, Rule
from tests.support.factories import SYSTEM, make_unit, make_user

SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1"))


def _shoot(page: Any, live_server: Any, path: str, name: str) -> None:
    for lang in ("zh-hans", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        for size, label in (({"width": 1440, "height": 900}, "desktop"), (PHONE, "phone")):
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").count() == 1, path
            assert _fits(page), f"{path} {lang} {label} 超出屏幕宽度"
            page.screenshot(path=str(SHOTS / f"{name}-{lang}-{label}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_issue_21_pages(page: Any, login: Any, live_server: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    unit = make_unit(code="gudong", name="鼓东街道", short_name="鼓东")
    make_user(Role.REPORTER, unit, username="gudong")
    supervisor = make_user(Role.SUPERVISOR, make_unit(code="fgj", name="区发改局"), username="fgj")
    sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
    reminders.ensure_default_rules()
    reminders.add_channel(
        actor=SYSTEM, kind="dingtalk", unit=unit, secret="SEC1", name="鼓东工作群",
        target="https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789",
    )  # fmt: skip
    Delivery.objects.create(
        rule=Rule.objects.get(kind="report_late"), dedup_key="k1", occasion="2021-09",
        on=dt.date(2021, 10, 9), unit=unit, channel_kind="dingtalk", recipient="dingtalk:1",
        subject="2021年9月月报已于10月8日截止，2个项目逾期未报", status="failed", attempts=5,
        last_error="机器人拒收（310000）：sign not match", next_attempt_at=timezone.now(),
    )  # fmt: skip

    login(page, sysadmin)
    page.goto(f"{live_server.url}/api/tokens/")
    page.select_option("select[name=user]", value=str(User.objects.get(username="gudong").pk))
    page.fill("input[name=name]", "统计局平台")
    page.click("button[type=submit].primary")
    token = page.locator("code.token").inner_text()
    assert token.startswith("dbn_")
    _shoot(page, live_server, "/api/tokens/", "api-tokens")
    page.context.clear_cookies()

    login(page, supervisor)
    _shoot(page, live_server, "/reminders/", "reminders")
    rule = Rule.objects.get(kind="report_late")
    _shoot(page, live_server, f"/reminders/rules/{rule.pk}/", "reminders-rule")
    page.goto(f"{live_server.url}/jobs/")
    page.fill("input[name=month]", "2021-03")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/jobs/*/")
    page.wait_for_selector("dl.facts")  # the result, once the job has finished
    _shoot(page, live_server, page.url.replace(live_server.url, ""), "job")

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 12
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)
