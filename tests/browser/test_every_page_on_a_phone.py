"""Every page on a phone, in both languages, and English without leftovers (issue 20).

Unit officials file and check from their phones: each persona of the demo district opens every
page it can (tests/browser/site.py derives the list from the URL resolver and the links the
pages carry) at 390×844. The page never scrolls sideways (tables scroll inside their own box
or become cards) and the closed menu takes less than 15% of the first screen. In English no
interface text is left in Chinese: what remains Chinese is stored data (unit, project and
category names, explanations), stripped by value, or a formal document marked `lang="zh"`
(docs/i18n.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from duban.accounts.models import User
from duban.intake import services as intake_services
from duban.intake.text import load_paste
from tests.browser import site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MENU_SHARE = 0.15
# A short work-report sentence, so the intake review page has a read document to show.
PASTE = "2021年，全区实施亿元以上重点项目460个，新开工亿元以上项目168个，建成投产118个。"


@pytest.fixture
def district(settings: Any) -> list[site.Crawl]:
    settings.DUBAN_AS_OF = "2021-09"
    call_command("load_demo", verbosity=0)
    User.objects.update(must_change_password=False)
    intake_services.create_document(load_paste(PASTE), actor=User.objects.get(username="fgj"))
    crawls = [site.crawl(name, requests_per_route=3) for name in site.PERSONAS]
    assert site.uncovered(crawls) == set(), "pages no walk reaches: add a link or an exemption"
    return crawls


def _walk(
    browser: Any, live_server: Any, crawls: list[site.Crawl], locale: str, skip: set[str]
) -> Any:
    """Yield (persona, route, url, report, page) for every page every persona opens."""
    for crawl in crawls:
        client = site.client_for(crawl.username)
        context = browser.new_context(viewport=PHONE, locale=locale)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        try:
            for route, urls in sorted(crawl.pages.items()):
                if route in skip:
                    continue
                response = page.goto(f"{live_server.url}{urls[0]}")
                assert response is not None and response.status == 200, (crawl.username, urls[0])
                yield crawl.username, route, urls[0], site.page_report(page), page
        finally:
            context.close()


def test_every_page_fits_a_phone_with_a_compact_menu(
    district: list[site.Crawl], browser: Any, live_server: Any
) -> None:
    too_wide, tall_menu, walked = [], [], 0
    for locale in ("zh-CN", "en-US"):
        for who, route, url, report, _page in _walk(
            browser, live_server, district, locale, site.NOT_A_PHONE_PAGE
        ):
            walked += 1
            if report["width"] > PHONE["width"]:
                too_wide.append(f"{locale} {who} {url} ({route}): {report['width']}px")
            if report["menu"] > PHONE["height"] * MENU_SHARE:
                tall_menu.append(f"{locale} {who} {url}: menu {report['menu']:.0f}px")
    assert walked > 100
    assert not too_wide, "\n".join(too_wide)
    assert not tall_menu, "\n".join(tall_menu)


def test_the_login_page_fits_a_phone(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert site.page_report(page)["width"] <= PHONE["width"]
    context.close()


def test_english_pages_leave_no_interface_text_in_chinese(
    district: list[site.Crawl], browser: Any, live_server: Any
) -> None:
    data = site.stored_text()
    found: dict[str, list[str]] = {}
    for who, _route, url, report, page in _walk(
        browser, live_server, district, "en-US", set(site.CHINESE_ON_PURPOSE)
    ):
        assert page.evaluate("document.documentElement.lang") == "en", url
        for text in site.leftovers(report["texts"], data):
            found.setdefault(text, []).append(f"{who} {url}")
    assert {text: places[:2] for text, places in found.items()} == {}
