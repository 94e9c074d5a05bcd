"""The big screen's data: published only, public variant aggregates only, cached."""

from __future__ import annotations

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from tests.support.factories import SYSTEM, Personas, make_unit

MARCH = Month(2021, 3)


class ScreenTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        third = make_unit(code="sc", name="丙街道", short_name="项目<svg onload=1>")
        cls.district = scored_district([cls.street, cls.other_street, third])
        make_method()
        compute_month(MARCH, actor=SYSTEM)

    def setUp(self) -> None:
        cache.clear()

    def test_the_screen_needs_a_login_with_screen_view(self) -> None:
        assert self.client.get(reverse("screen:index")).status_code == 302
        self.client.force_login(self.sysadmin)
        assert self.client.get(reverse("screen:data")).status_code == 403
        self.client.force_login(self.leader_user)
        assert self.client.get(reverse("screen:index")).status_code == 200

    def test_b6_unpublished_scores_never_reach_the_screen(self) -> None:
        self.client.force_login(self.supervisor)
        data = self.client.get(reverse("screen:data"), {"as_of": "2021-03"}).json()
        assert data["published"] is False and data["rankings"] == []
        assert "72" not in str(data["charts"]["rankings"])
        publish_month(MARCH, actor=self.supervisor)
        data = self.client.get(reverse("screen:data"), {"as_of": "2021-03"}).json()
        assert data["rankings"][0]["rows"][0] == {
            "rank": 1,
            "unit": "鼓西",
            "total": 72.0,
            "total_text": "72.00",
        }

    def test_the_public_screen_is_off_unless_enabled(self) -> None:
        assert self.client.get(reverse("screen:public")).status_code == 404
        assert self.client.get(reverse("screen:public_data")).status_code == 404

    @override_settings(DUBAN_PUBLIC_SCREEN=True)
    def test_the_public_screen_shows_aggregates_only_without_login(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        assert self.client.get(reverse("screen:public")).status_code == 200
        data = self.client.get(reverse("screen:public_data"), {"as_of": "2021-03"}).json()
        assert data["rankings"]
        assert "red_projects" not in data and "overdue_problems" not in data
        text = str(data)
        for person in (self.supervisor, self.reporter, self.leader_user):
            assert person.first_name not in text and person.username not in text

    def test_d2_unit_names_are_escaped_inside_the_svg_charts(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        self.client.force_login(self.supervisor)
        data = self.client.get(reverse("screen:data"), {"as_of": "2021-03"}).json()
        svg = data["charts"]["rankings"][0]
        assert "<svg onload=1>" not in svg and "项目&lt;svg onload=1&gt;" in svg

    def test_published_data_is_served_from_the_cache(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        self.client.force_login(self.supervisor)
        url = reverse("screen:data")
        self.client.get(url, {"as_of": "2021-03"})
        # Session read, user and the one query for the published runs' ids and hashes (the
        # session's idle clock is written at most once a minute, not on this request).
        with self.assertNumQueries(3):
            again = self.client.get(url, {"as_of": "2021-03"})
        assert again.json()["rankings"]

    def test_a_new_revision_changes_what_the_screen_shows(self) -> None:
        from decimal import Decimal

        from duban.assessment.services import add_adjustment

        publish_month(MARCH, actor=self.supervisor)
        self.client.force_login(self.supervisor)
        url = reverse("screen:data")
        first = self.client.get(url, {"as_of": "2021-03"}).json()
        add_adjustment(
            actor=self.supervisor, unit=self.street, month=MARCH, points=Decimal(5), reason="加分"
        )
        compute_month(MARCH, actor=self.supervisor)
        assert self.client.get(url, {"as_of": "2021-03"}).json() == first  # draft: not shown
        publish_month(MARCH, actor=self.supervisor)
        second = self.client.get(url, {"as_of": "2021-03"}).json()
        assert second["rankings"][0]["revision"] == 1

    @override_settings(DUBAN_PUBLIC_SCREEN=True)
    def test_the_public_data_costs_one_query_once_cached(self) -> None:
        publish_month(MARCH, actor=self.supervisor)
        url = reverse("screen:public_data")
        self.client.get(url, {"as_of": "2021-03"})
        with self.assertNumQueries(1):
            self.client.get(url, {"as_of": "2021-03"})

    def test_warming_both_payloads_computes_the_red_lights_once(self) -> None:
        """The public payload is cut from the internal one, so publishing computes the red
        lights (seconds at province scale) once for both."""
        from unittest import mock

        from duban.screen import queries

        with mock.patch.object(queries, "red_lights", wraps=queries.red_lights) as spy:
            with self.captureOnCommitCallbacks(execute=True):
                publish_month(MARCH, actor=self.supervisor)
            public = queries.payload(MARCH, public=True)
            internal = queries.payload(MARCH, public=False)
        assert spy.call_count == 1
        assert set(internal) - set(public) == set(queries.PRIVATE_KEYS)
        assert {k: internal[k] for k in public} == public
