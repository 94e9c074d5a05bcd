"""A target's drill-down at province scale: the counted projects, a page at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from duban.core.roles import Role
from duban.targets import views
from tests.support.factories import make_project, make_target, make_unit, make_user


@pytest.mark.django_db
def test_the_drilldown_lists_every_counted_project_once_a_page_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "DRILLDOWN_PAGE_SIZE", 2)
    unit = make_unit()
    started = [make_project(unit=unit, started_on=dt.date(2021, m, 1)) for m in (1, 2, 3, 4, 5)]
    make_project(unit=unit, started_on=dt.date(2020, 6, 1))  # started before the year
    target = make_target()
    client = Client()
    client.force_login(make_user(role=Role.SUPERVISOR))
    url = reverse("targets:drilldown", args=[target.pk]) + "?as_of=2021-09"
    seen = []
    for number in (1, 2, 3):
        page = client.get(url, {"page": number})
        assert page.status_code == 200
        assert page.context["page"].paginator.count == 5
        seen += [p for p, _ in page.context["rows"]]
    assert sorted(p.pk for p in seen) == sorted(p.pk for p in started)
    assert "第 1 / 3 页" in client.get(url).content.decode()
