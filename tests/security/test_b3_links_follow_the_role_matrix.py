"""B3 on the pages: a user is shown only links their role can open.

Each demo persona crawls the pages it can open (tests/browser/site.py: every route without
arguments, then the links the pages carry, bounded per route) and every link it is shown
answers a page, a redirect to an allowed page or a file: never 无权访问 (403), never a 404 for
a thing out of its scope, never the login page. The 挂钩领导 account was shown the bulletin of
a month not yet published, a draft only its publisher may preview (issue 20).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from duban.accounts.models import User
from duban.assessment.models import Bulletin
from tests.browser import site


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0)
        User.objects.update(must_change_password=False)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("username", site.PERSONAS)
def test_every_link_a_persona_is_shown_opens_for_it(
    demo: None, username: str, settings: object
) -> None:
    settings.DUBAN_AS_OF = "2021-09"  # type: ignore[attr-defined]
    crawl = site.crawl(username)
    assert crawl.pages, f"{username} opens no page"
    assert crawl.refused() == {}, f"{username} is shown links it cannot open (url: status, page)"
    assert crawl.to_login() == {}


def _bulletin_links(crawl: site.Crawl) -> list[tuple[str, int, int]]:
    out = []
    for url in crawl.found_on:
        match = resolve(urlsplit(url).path)
        if match.view_name == "assessment:bulletin":
            out.append((match.kwargs["kind"], match.kwargs["year"], match.kwargs["period"]))
    return out


@pytest.mark.django_db
def test_the_leader_is_shown_published_bulletins_only(demo: None, settings: object) -> None:
    settings.DUBAN_AS_OF = "2021-09"  # type: ignore[attr-defined]
    leader = site.crawl("lingdao", requests_per_route=3)
    assert "assessment:index" in leader.pages
    for kind, year, period in _bulletin_links(leader):
        assert Bulletin.objects.filter(kind=kind, year=year, period=period).exists()
    publisher = site.crawl("fgj", requests_per_route=3)
    drafts = [
        link
        for link in _bulletin_links(publisher)
        if not Bulletin.objects.filter(kind=link[0], year=link[1], period=link[2]).exists()
    ]
    assert drafts, "the publisher still previews the draft of the month"
