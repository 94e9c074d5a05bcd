"""The ledger and the target table render in Chinese in a real browser (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from duban.accounts.models import User
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.VAR_DIR) / "screenshots"


def test_the_ledger_and_target_pages_render_chinese(
    page: Any, live_server: Any, login: Any
) -> None:
    call_command("load_demo", verbosity=0)
    user = User.objects.get(username="fgj")
    user.set_password(PASSWORD)
    user.save()
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, user)

    page.goto(f"{live_server.url}/projects/?as_of=2021-09&sort=-investment")
    assert "项目台账" in page.inner_text("h1")
    assert page.locator("table.grid tbody tr").count() == 50
    page.screenshot(path=str(SHOTS / "ledger.png"), full_page=False)

    page.goto(f"{live_server.url}/targets/?as_of=2021-09")
    assert "目标任务及分解" in page.inner_text("h1")
    assert "亿元以上项目新开工" in page.inner_text("table.grid")
    # The deliberately under-decomposed foreign-funded target shows its gap.
    assert "缺口" in page.inner_text("table.grid")
    page.screenshot(path=str(SHOTS / "targets.png"), full_page=False)

    page.goto(f"{live_server.url}/?as_of=2021-09")
    # Chinese glyphs have width: a CJK font is installed and used.
    width = page.evaluate(
        "() => { const s = document.createElement('span'); s.textContent = '鼓楼区重点项目';"
        " document.body.appendChild(s); return s.getBoundingClientRect().width; }"
    )
    assert width > 50
    page.screenshot(path=str(SHOTS / "home.png"), full_page=False)
