"""The year pages in a real browser, Chinese and English, desktop and 390 px: the agreements of
a year (who has not signed), one agreement, the rollover preview, and the targets grouped by
programme; none scrolls sideways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from duban.agreements import services as agreements
from duban.core.roles import Role
from duban.orgs.models import District
from duban.projects.choices import Listing
from duban.projects.models import Programme
from tests.support.dispatch import photo
from tests.support.factories import (
    SYSTEM,
    make_category,
    make_listing,
    make_project,
    make_target,
    make_unit,
    make_user,
)

SHOTS = Path("var/screenshots")
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_year_pages_read_in_both_languages_at_any_width(
    page: Any, login: Any, live_server: Any, settings: Any
) -> None:
    settings.DUBAN_AS_OF = "2021-09"
    SHOTS.mkdir(parents=True, exist_ok=True)
    District.objects.create(name="鼓楼区")
    office = make_unit(code="fgj", name="区发改局（重点办）", kind="department")
    supervisor = make_user(Role.SUPERVISOR, office, username="fgj")
    programme = Programme.objects.create(
        code="industry", name="产业发展和科技创新提升工程", tasks="推动产业链升级\n推进服务业提质"
    )
    district = make_target(
        value=Decimal(30), title="服务业新开工项目数", category=make_category(programme=programme)
    )
    units = [make_unit(code=c, name=n, short_name=s) for c, n, s in (
        ("gudong", "鼓东街道", "鼓东"), ("guxi", "鼓西街道", "鼓西"),
        ("wufeng", "五凤街道", "五凤"),
    )]  # fmt: skip
    for n, unit in enumerate(units):
        make_target(unit=unit, parent=district, value=Decimal(10))
        project = make_project(unit=unit, code=f"GL2021{n:04d}", name=f"{unit.short_name}综合体")
        make_listing(project, kind=Listing.CONTINUING if n else Listing.RESERVE)
    drafts = agreements.generate(2021, actor=SYSTEM)
    for n, draft in enumerate(drafts):
        issued = agreements.issue(draft, actor=SYSTEM, expected_version=draft.version,
                                  issued_on=dt.date(2021, 2, 26))  # fmt: skip
        if n:
            agreements.sign(issued, actor=SYSTEM, expected_version=issued.version,
                            signed_on=dt.date(2021, 3, 1), scans=[photo()])  # fmt: skip

    login(page, supervisor)
    pages = {
        "agreements": f"{live_server.url}/agreements/?year=2021",
        "agreement": f"{live_server.url}/agreements/{drafts[1].pk}/",
        "rollover": f"{live_server.url}/rollover/?from=2021",
        "home-by-programme": f"{live_server.url}/?group=programme",
        "programmes": f"{live_server.url}/targets/programmes/",
    }
    for language in ("zh-hans", "en"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            for name, url in pages.items():
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(SHOTS / f"year-{name}-{language}-{size}.png"),
                                full_page=True)  # fmt: skip
                assert _fits(page), f"{name} {language} {size} 横向溢出"
        page.goto(pages["agreements"])
        pending = page.locator("section.card p").nth(1).inner_text()
        assert "鼓东" in pending and "鼓西" not in pending
        page.goto(pages["rollover"])
        assert page.locator("input[name=promote]").count() == 1
