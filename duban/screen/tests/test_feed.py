"""The LED marquee feed: the published rankings and headlines as plain text or JSON, in
characters a GB2312 controller can draw, from the same data as the screen."""

from __future__ import annotations

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.screen.queries import gb2312_safe
from tests.support.factories import SYSTEM, Personas, make_unit

MARCH = Month(2021, 3)
RARE = "𠮷"  # a character outside GB2312 (and GBK)


class FeedTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        third = make_unit(code="sc", name=f"丙{RARE}街道", short_name=f"丙{RARE}")
        cls.district = scored_district([cls.street, cls.other_street, third])
        make_method()
        compute_month(MARCH, actor=SYSTEM)
        publish_month(MARCH, actor=SYSTEM)

    def setUp(self) -> None:
        cache.clear()
        self.client.force_login(self.supervisor)

    def test_the_json_feed_lists_every_ranked_unit_in_gb2312_safe_lines(self) -> None:
        data = self.client.get(reverse("screen:feed_json"), {"as_of": "2021-03"}).json()
        text = "\n".join(data["lines"])
        text.encode("gb2312")  # every character drawable, on GB2312 and GBK controllers alike
        text.encode("gbk")
        assert "街镇组考评排名：1.鼓西 72.00" in text
        assert f"丙{RARE}" not in text and "丙□" in text

    def test_the_text_feed_is_served_in_the_encoding_the_controller_asks_for(self) -> None:
        response = self.client.get(
            reverse("screen:feed_text"), {"as_of": "2021-03", "encoding": "gb2312"}
        )
        assert response["Content-Type"] == "text/plain; charset=gb2312"
        lines = response.content.decode("gb2312").splitlines()
        assert any(line.startswith("街镇组考评排名：") for line in lines)
        utf8 = self.client.get(reverse("screen:feed_text"), {"as_of": "2021-03"})
        assert utf8.content.decode("utf-8").splitlines() == lines
        bad = self.client.get(reverse("screen:feed_text"), {"encoding": "latin-1"})
        assert bad.status_code == 404

    def test_an_unpublished_month_says_so(self) -> None:
        data = self.client.get(reverse("screen:feed_json"), {"as_of": "2021-04"}).json()
        assert data["published"] is False
        assert "2021年4月考评结果尚未发布" in data["lines"]

    def test_the_public_feed_is_off_unless_the_public_screen_is_on(self) -> None:
        self.client.logout()
        assert self.client.get(reverse("screen:public_feed_text")).status_code == 404
        with override_settings(DUBAN_PUBLIC_SCREEN=True):
            response = self.client.get(reverse("screen:public_feed_json"), {"as_of": "2021-03"})
        assert response.status_code == 200
        assert response.json()["lines"]

    def test_a_unit_reporter_gets_the_aggregate_feed_only(self) -> None:
        self.client.force_login(self.reporter)
        assert self.client.get(reverse("screen:feed_json")).status_code == 200
        self.client.force_login(self.sysadmin)
        assert self.client.get(reverse("screen:feed_json")).status_code == 403


def test_characters_outside_gb2312_become_a_visible_gap() -> None:
    safe = gb2312_safe(f"鼓楼{RARE}区 · 2021年—全区")
    assert safe == "鼓楼□区   2021年-全区"
    safe.encode("gb2312")
    assert safe.encode("gbk").decode("gbk") == safe
