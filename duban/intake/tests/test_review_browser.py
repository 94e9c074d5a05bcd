"""One screenshot of the highlighted document in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from duban.core.roles import Role
from duban.intake.services import create_document
from duban.intake.text import load_file
from tests.support.factories import PASSWORD, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.VAR_DIR) / "screenshots"
PLAN = Path(__file__).resolve().parent.parent / "evaluation" / "documents" / "seed_002_plan.txt"


def test_the_review_page_highlights_the_document(page: Any, live_server: Any, login: Any) -> None:
    office = make_unit(code="fgj", name="区发改局", short_name="发改局")
    user = make_user(Role.SUPERVISOR, office, username="fgj")
    document = create_document(load_file(PLAN), actor=user)
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, user)
    page.goto(f"{live_server.url}/intake/{document.pk}/")
    assert "审核目标建议" in page.inner_text("h1")
    marks = page.locator(".intake-text .mark")
    assert marks.count() == 34
    # The highlight really is painted: its background differs from the text around it.
    colour = marks.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    marks.first.click()
    assert "focus" in (marks.first.get_attribute("class") or "")
    page.screenshot(path=str(SHOTS / "intake_review.png"), full_page=False)
    assert PASSWORD  # the persona signed in through the real form
