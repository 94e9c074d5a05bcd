"""Batch review in a real browser, on a phone (390px) in Chinese and in English: the queue's
figures and warnings fit without sideways scrolling, and one tap approves every clean report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from duban.accounts.models import User
from duban.core.asof import Month
from duban.reports import queries, services
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from tests.support.dispatch import photo
from tests.support.factories import PASSWORD, SYSTEM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.VAR_DIR) / "screenshots"
PHONE = {"width": 390, "height": 844}
WIDE_ELEMENTS = (
    "() => [...document.querySelectorAll('body *')]"
    ".filter(e => e.getBoundingClientRect().right > 391).slice(0, 15)"
    ".map(e => e.tagName + '.' + e.className)"
)


def _fits(page: Any, shot: str) -> None:
    page.screenshot(path=str(SHOTS / shot), full_page=False)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (width, page.evaluate(WIDE_ELEMENTS))


def test_a_reviewer_approves_the_clean_reports_in_one_tap_on_a_phone_in_both_languages(
    page: Any, live_server: Any, login: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DUBAN_AS_OF = "2021-09"
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo", verbosity=0)
    reviewer = User.objects.get(username="swj")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    # The demo files no photos; units attach them to every other waiting report here.
    for row in queries.review_rows(reviewer, Month(2021, 9))[::2]:
        report = row.report
        services.attach_evidence(actor=SYSTEM, report=report, uploads=[photo("现场.png")])
    rows = queries.review_rows(reviewer, Month(2021, 9))
    clean = [row.report.pk for row in rows if row.clean]
    flagged = [row.report.pk for row in rows if not row.clean]
    assert clean and flagged, "the demo's September queue has clean and flagged reports"
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, reviewer)
    url = f"{live_server.url}/reports/?as_of=2021-09"
    page.goto(url)
    page.locator("#queue").screenshot(path=str(SHOTS / "batch-review-desktop.png"))
    page.set_viewport_size(PHONE)

    page.goto(url)
    assert page.locator("table.queue tbody tr").count() == len(rows)
    assert page.locator("table.queue thead").is_hidden()  # rows stack as cards
    _fits(page, "batch-review-phone.png")

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(url)
    assert "Approve all without warnings" in page.inner_text("#queue")
    _fits(page, "batch-review-phone-en.png")
    page.locator("button[value=approve_clean]").click()
    page.wait_for_load_state("networkidle")
    assert f"{len(clean)} monthly reports approved" in page.inner_text(".messages")
    _fits(page, "batch-review-phone-en-done.png")

    status = dict(MonthlyReport.objects.filter(pk__in=clean + flagged).values_list("pk", "status"))
    assert {status[pk] for pk in clean} == {ReportStatus.APPROVED}
    assert {status[pk] for pk in flagged} == {ReportStatus.SUBMITTED}
    assert page.locator("table.queue tbody tr").count() == len(flagged)
