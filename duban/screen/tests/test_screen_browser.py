"""The big screen in a real browser at 1920×1080: slides cycle, Chinese text and charts show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.core.roles import Role
from tests.support.factories import make_user

SHOTS = Path("var/screenshots")


@pytest.fixture(autouse=True)
def _live_server_media(settings: Any) -> None:
    """Where settings.MEDIA_URL is None (uploads are never served by URL, E5), Django's
    live-server media handler cannot parse it; tell it to handle nothing. A no-op once
    MEDIA_URL is set."""
    if settings.MEDIA_URL is None:
        from django.test import testcases

        testcases._MediaFilesHandler._should_handle = lambda self, path: False  # type: ignore[method-assign]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_screen_cycles_through_slides_with_chinese_text_and_charts(
    browser: Any, login: Any, live_server: Any
) -> None:
    district = scored_district()
    from decimal import Decimal

    from duban.targets.models import Metric, Target

    for code in ("new_starts",):
        Target.objects.create(
            year=2021, metric=Metric.objects.get(code=code), category=district["category"],
            value=Decimal(8),
        )  # fmt: skip
    make_method()
    supervisor = make_user(Role.SUPERVISOR, username="fgj-screen")
    compute_month(Month(2021, 3), actor=supervisor)
    publish_month(Month(2021, 3), actor=supervisor)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    login(page, supervisor)
    SHOTS.mkdir(parents=True, exist_ok=True)
    titles = []
    for n, expected in (
        (0, "街镇组考评排名"),
        (1, "全区目标任务与序时进度"),
        (2, "分类别开竣工进度"),
    ):
        page.goto(f"{live_server.url}/screen/?as_of=2021-03&interval=0&slide={n}")
        page.wait_for_selector("#screen[data-loaded='1']")
        title = page.text_content("#slide-title")
        titles.append(title)
        assert title == expected
        assert page.locator("#stage svg").count() >= 1
        page.screenshot(path=str(SHOTS / f"assessment-screen-{n}.png"))
    ranking = page.goto(f"{live_server.url}/screen/?as_of=2021-03&interval=0&slide=0")
    assert ranking is not None and ranking.status == 200
    page.wait_for_selector("#screen[data-loaded='1']")
    assert "甲" in page.text_content("#stage") or "乙" in page.text_content("#stage")
    # Cycling by itself: with a one-second interval the slide changes without a reload.
    page.goto(f"{live_server.url}/screen/?as_of=2021-03&interval=1")
    page.wait_for_selector("#screen[data-loaded='1']")
    first = page.get_attribute("#screen", "data-slide")
    page.wait_for_function(
        "first => document.getElementById('screen').getAttribute('data-slide') !== first",
        arg=first,
        timeout=5000,
    )
    context.close()
