"""The board, a light's explanation and a letter in a real browser (CSP on, Chinese text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from duban.core.asof import Month
from duban.core.roles import Role
from duban.projects.choices import Listing
from duban.reports.choices import Confidence, ReportStatus
from duban.supervision.queries import compute_lights
from duban.supervision.services import compute_snapshots, issue_letter
from duban.supervision.tests.factories import make_district
from tests.support.factories import (
    SYSTEM,
    make_listing,
    make_project,
    make_report,
    make_unit,
    make_user,
)

SHOTS = Path("var/screenshots")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_board_explains_a_red_light_and_shows_its_letter(
    page: Any, login: Any, live_server: Any, settings: Any
) -> None:
    settings.DUBAN_AS_OF = "2021-09"
    SHOTS.mkdir(parents=True, exist_ok=True)
    make_district()
    office = make_unit(code="fgj", name="区发改局（重点办）", kind="department")
    supervisor = make_user(Role.SUPERVISOR, office, username="fgj")
    units = [make_unit(code=c, name=n, short_name=s) for c, n, s in (
        ("gudong", "鼓东街道", "鼓东"), ("guxi", "鼓西街道", "鼓西"),
        ("nanjie", "南街街道", "南街"),
    )]  # fmt: skip
    for i, (unit, done) in enumerate(zip(units, ("950", "700", "300"), strict=True)):
        p = make_project(unit=unit, code=f"GL2021000{i}", name=f"{unit.short_name}商业综合体项目")
        make_listing(p, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        for m in range(1, 10):
            make_report(p, month=m, investment_wan=D(done) / 9, status=ReportStatus.APPROVED,
                        confidence=Confidence.HIGH)  # fmt: skip
    for m in range(1, 10):
        compute_snapshots(Month(2021, m), actor=SYSTEM)
    red = next(x for x in compute_lights(Month(2021, 9)) if x.colour == "red")
    letter = issue_letter(
        red, actor=supervisor, deadline=dt.date(2099, 1, 1), month=Month(2021, 9),
        issued_on=dt.date(2021, 10, 8),
    )  # fmt: skip

    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, supervisor)
    page.goto(f"{live_server.url}/supervision/?as_of=2021-09")
    assert page.locator("h1").first.inner_text().startswith("预警看板")
    assert page.locator("table.lights tbody tr").count() == 2
    page.screenshot(path=str(SHOTS / "warnings-board.png"), full_page=True)
    page.click("text=南街商业综合体项目")
    page.wait_for_load_state("networkidle")
    assert "超过红灯阈值20个百分点" in page.content()
    assert page.locator("ol.history li").count() == 9
    page.screenshot(path=str(SHOTS / "warnings-light.png"), full_page=True)
    page.goto(f"{live_server.url}/supervision/letters/{letter.pk}/")
    assert "鼓楼督〔2021〕1号" in page.locator("h1").inner_text()
    page.screenshot(path=str(SHOTS / "warnings-letter.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e]
