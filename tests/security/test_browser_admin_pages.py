"""The login with TOTP and the admins' pages, in a real browser (A4, B4, H2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duban.core.roles import Role
from tests.support.factories import make_unit, make_user

SHOTS = Path("var/screenshots")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a4_b4_admins_log_in_with_totp_and_land_on_their_own_page(
    page: Any, login: Any, live_server: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    unit = make_unit(name="鼓东街道", short_name="鼓东")
    make_user(Role.REPORTER, unit, username="gudong", phone="13812341234", first_name="陈晓燕")
    sysadmin = make_user(Role.SYSADMIN, username="sysadmin", first_name="系统管理员")
    auditadmin = make_user(Role.AUDITADMIN, username="auditadmin", first_name="审计管理员")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "sysadmin")
    page.fill("input[name=password]", "Zx!duban-Test-2021")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/otp/" in page.url
    page.screenshot(path=str(SHOTS / "security-otp-enrol.png"), full_page=True)
    from conftest import _second_step

    _second_step(page, sysadmin)
    assert page.url.endswith("/accounts/users/")
    assert "138****1234" in page.content()
    assert "13812341234" not in page.content()
    page.screenshot(path=str(SHOTS / "security-users.png"), full_page=True)

    page.context.clear_cookies()
    login(page, auditadmin)
    assert page.url.endswith("/audit/")
    assert "auth.login" in page.content()
    page.screenshot(path=str(SHOTS / "security-audit.png"), full_page=True)
