"""The reference-data pages in a real browser: Chinese and English, desktop and 390 px wide
(the table becomes cards, nothing wider than the screen); screenshots in var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.support.factories import make_category, make_leader, make_metric, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_the_reference_pages_read_in_both_languages_at_every_width(
    browser: Any, live_server: Any, login: Any, locale: str
) -> None:
    from duban.core.roles import Role
    from duban.orgs.choices import UnitKind

    office = make_unit(code="fgj", name="区发改局", kind=UnitKind.DEPARTMENT, short_name="发改局")
    make_unit(code="gudong", name="鼓东街道", short_name="鼓东")
    make_category(name="服务业", lead_department=office)
    make_leader(name="张三（示例）")
    make_metric(name="新增限上商贸业企业数（示例）", kind="manual")
    supervisor = make_user(Role.SUPERVISOR, office, username="fgj_shot")
    SHOTS.mkdir(parents=True, exist_ok=True)
    english = locale.startswith("en")
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        page = context.new_page()
        try:
            login(page, supervisor)
            for path, name in (
                ("/reference/", "index"),
                ("/reference/units/", "units"),
                ("/reference/categories/", "categories"),
                ("/reference/light-rules/new/", "rule-new"),
            ):
                page.goto(f"{live_server.url}{path}")
                heading = page.locator("h1").inner_text()
                if name == "index":
                    assert heading == ("Reference data" if english else "参考数据")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} is {overflow}px wider than {width}px"
                page.screenshot(
                    path=str(SHOTS / f"refdata-{name}-{locale}-{width}.png"), full_page=True
                )
            page.goto(f"{live_server.url}/reference/units/")
            assert page.get_by_text("鼓东街道").count() == 1
        finally:
            context.close()
