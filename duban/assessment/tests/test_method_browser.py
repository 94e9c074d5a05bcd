"""The method editor and the what-if comparison in a real browser (CSP on), in Chinese and
English, at desktop width and at 390 px; screenshots land in var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.core.roles import Role
from tests.support.factories import SYSTEM, make_unit, make_user

SHOTS = Path("var/screenshots")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_draft_is_edited_tried_on_published_months_and_adopted(
    page: Any, login: Any, live_server: Any, settings: Any
) -> None:
    settings.DUBAN_AS_OF = "2021-03"
    SHOTS.mkdir(parents=True, exist_ok=True)
    office = make_unit(code="fgj", name="区发改局（重点办）", kind="department")
    supervisor = make_user(Role.SUPERVISOR, office, username="fgj")
    scored_district()
    make_method()
    compute_month(Month(2021, 3), actor=SYSTEM)
    publish_month(Month(2021, 3), actor=SYSTEM)
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )
    failed: list[str] = []
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    login(page, supervisor)
    page.goto(f"{live_server.url}/assessment/methods/?as_of=2021-03")
    assert "排名后1名且未完成新开工完成率任务" in page.content()
    page.click("text=起草修改（复制现行办法）")
    page.wait_for_load_state("networkidle")
    assert "/assessment/methods/drafts/" in page.url
    editor = page.url
    # Only investment counts under the draft.
    page.fill("input[name=weight_0]", "0")
    page.fill("input[name=weight_1]", "100")
    page.fill("input[name=weight_2]", "0")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "草稿已保存" in page.content()
    page.click("text=试算对比")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "2021年3月" in text and "↑2" in text  # 丙 rises from third to first
    for lang in ("zh", "en"):
        if lang == "en":  # the switch sits in the header at desktop width (a menu on phones)
            page.set_viewport_size({"width": 1440, "height": 900})
            page.click("button[name=language][value=en]")
            page.wait_for_load_state("networkidle")
        for width, tag in ((1440, "desktop"), (390, "390")):
            page.set_viewport_size({"width": width, "height": 900})
            pages = (
                (editor, "editor"),
                (f"{editor}whatif/", "whatif"),
                (f"{live_server.url}/assessment/methods/?as_of=2021-03", "methods"),
                (f"{live_server.url}/assessment/quarter/?as_of=2021-03", "quarter"),
            )
            for url, name in pages:
                page.goto(url)
                page.screenshot(path=str(SHOTS / f"method-{name}-{lang}-{tag}.png"), full_page=True)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth > window.innerWidth + 1"
                )
                assert not overflow, f"{name} {lang} {tag} scrolls sideways"
                if lang == "en" and name == "whatif":
                    assert "Rank change" in page.content()
    page.goto(f"{editor}whatif/")
    page.fill("input[name=change_note]", "试算后采用")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "/assessment/methods/" in page.url
    assert errors == [] and failed == []
