"""Letters read the business clock: with the demo at September 2021 and the machine in 2026,
a letter is dated and numbered in 2021 and its reply date may be any day after business
today (in 2021), not after the machine's date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import time_machine
from django.test import override_settings
from django.urls import reverse

from duban.core.asof import Month
from duban.projects.choices import Listing
from duban.supervision.forms import IssueLetterForm
from duban.supervision.models import SupervisionLetter
from duban.supervision.queries import compute_lights
from duban.supervision.tests.factories import SupervisionCase, make_district, make_rule
from tests.support.factories import make_listing, make_project

SEPT = Month(2021, 9)


@time_machine.travel(dt.datetime(2026, 12, 4, 3, tzinfo=dt.UTC), tick=False)
@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class DemoLetterTests(SupervisionCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        make_rule()
        cls.project = make_project(unit=cls.street, code="GL20210042", name="鼓东商业综合体项目")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))

    def test_a_2021_reply_date_is_accepted_and_one_before_business_today_refused(self) -> None:
        self.assertTrue(IssueLetterForm({"deadline": "2021-10-15"}).is_valid())
        self.assertFalse(IssueLetterForm({"deadline": "2021-10-01"}).is_valid())

    def test_a_letter_issued_as_of_september_2021_is_numbered_and_dated_2021(self) -> None:
        light = next(x for x in compute_lights(SEPT) if x.object_id == self.project.pk)
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("supervision:issue_letter", args=["project", self.project.pk])
            + "?as_of=2021-09",
            {"deadline": "2021-10-15"},
        )
        self.assertEqual(response.status_code, 302, light)
        letter = SupervisionLetter.objects.get()
        self.assertEqual(letter.number, "鼓楼督〔2021〕1号")
        self.assertEqual(letter.issued_on, dt.date(2021, 10, 8))
        self.assertEqual(letter.deadline, dt.date(2021, 10, 15))
