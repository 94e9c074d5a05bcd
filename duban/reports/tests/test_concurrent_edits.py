"""No lost updates (SECURITY.md F2): a stale save of a report is refused with a message and
nothing anyone typed is lost. Versions are tested on SQLite and PostgreSQL alike; the row
lock that makes the conditional update safe is tested with a real second connection on
PostgreSQL (SQLite ignores SELECT … FOR UPDATE, so a locking test there would prove nothing).
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.urls import reverse

from duban.core.models import StaleVersionError
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.reports.services import approve_report, save_draft, submit_report
from tests.support.dispatch import TempMedia
from tests.support.factories import (
    Personas,
    make_category,
    make_listing,
    make_project,
    make_unit,
    make_user,
)

NOW = "2021-10-03 10:00 +0800"


def fields(project: Any, **values: Any) -> dict[str, Any]:
    base = {"version": "", "investment_wan": "300", "progress_text": "基础施工",
            "confidence": "high", "confidence_reason": "顺利", "action": "save"}  # fmt: skip
    base.update(values)
    return {(k if k == "action" else f"p{project.pk}-{k}"): v for k, v in base.items()}


@time_machine.travel(NOW, tick=False)
class LostUpdateTests(TempMedia, Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, category=make_category())
        make_listing(cls.project)
        cls.colleague = make_user(username="gudong2", unit=cls.street)
        cls.grid = reverse("reports:unit_month", args=[cls.street.pk, "2021-09"])

    def test_f2_a_save_based_on_a_replaced_version_is_refused_and_the_first_is_kept(self) -> None:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"investment_wan": "100"}, expected_version=None,
        )  # fmt: skip
        save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"investment_wan": "150"}, expected_version=report.version,
        )  # fmt: skip
        with pytest.raises(StaleVersionError):
            save_draft(
                actor=self.colleague, project=self.project, year=2021, month=9,
                data={"investment_wan": "999"}, expected_version=report.version,
            )  # fmt: skip
        with pytest.raises(StaleVersionError):  # a second "create" of an existing report
            save_draft(
                actor=self.colleague, project=self.project, year=2021, month=9,
                data={"investment_wan": "999"}, expected_version=None,
            )  # fmt: skip
        stored = MonthlyReport.objects.get()
        self.assertEqual((stored.investment_wan, stored.version), (Decimal(150), 2))

    def test_f2_saving_the_same_draft_page_twice_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.reporter)
        data = fields(self.project)
        self.assertEqual(self.client.post(self.grid, data).status_code, 302)
        again = self.client.post(self.grid, data)  # the same page sent a second time
        self.assertContains(again, "已被他人修改（或您重复提交了页面）", status_code=409)
        self.assertEqual(MonthlyReport.objects.get().investment_wan, Decimal(300))

    def test_f2_two_people_editing_one_report_at_once_lose_nothing(self) -> None:
        save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"progress_text": "初稿"}, expected_version=None,
        )  # fmt: skip
        self.client.force_login(self.reporter)
        first = self.client.get(self.grid).context["rows"][0][1].initial["version"]
        other = self.client_class()
        other.force_login(self.colleague)
        second = other.get(self.grid).context["rows"][0][1].initial["version"]
        self.assertEqual(first, second)
        saved = self.client.post(self.grid, fields(self.project, version=first, progress_text="甲"))
        self.assertEqual(saved.status_code, 302)
        stale = other.post(
            self.grid, fields(self.project, version=second, progress_text="乙的内容")
        )
        self.assertContains(stale, "本次保存未执行", status_code=409)
        self.assertContains(stale, "乙的内容", status_code=409)  # still on the page to re-apply
        self.assertEqual(MonthlyReport.objects.get().progress_text, "甲")

    def test_f2_a_report_changed_after_the_reviewer_opened_it_is_not_approved(self) -> None:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"progress_text": "x", "confidence": "low", "confidence_reason": "滞后"},
            expected_version=None,
        )  # fmt: skip
        submit_report(report, actor=self.reporter)
        opened = MonthlyReport.objects.get()
        approve_report(MonthlyReport.objects.get(), actor=self.supervisor)
        with pytest.raises(StaleVersionError):
            approve_report(opened, actor=self.supervisor)
        self.assertEqual(MonthlyReport.objects.get().revisions.count(), 2)


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_f2_a_concurrent_save_waits_for_the_row_lock_then_is_refused() -> None:
    """Two connections save the same version at once: the second blocks on the row lock held
    by the first, then finds the version gone and is refused (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite ignores row locks; the version test above covers SQLite")
    unit = make_unit()
    reporter = make_user(unit=unit)
    project = make_project(unit=unit)
    make_listing(project)
    report = save_draft(
        actor=reporter, project=project, year=2021, month=9,
        data={"investment_wan": "1"}, expected_version=None,
    )  # fmt: skip
    holding, outcome = threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                save_draft(
                    actor=reporter, project=project, year=2021, month=9,
                    data={"investment_wan": "111"}, expected_version=report.version,
                )  # fmt: skip
                holding.set()
                time.sleep(0.6)  # keep the row locked while the second save arrives
        finally:
            connections.close_all()

    def second() -> None:
        holding.wait(5)
        started = time.monotonic()
        try:
            save_draft(
                actor=reporter, project=project, year=2021, month=9,
                data={"investment_wan": "222"}, expected_version=report.version,
            )  # fmt: skip
            outcome["result"] = "saved"
        except StaleVersionError:
            outcome["result"] = "stale"
        finally:
            outcome["waited"] = time.monotonic() - started
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert outcome["result"] == "stale"
    assert outcome["waited"] >= 0.4  # it really waited for the first transaction
    stored = MonthlyReport.objects.get(pk=report.pk)
    assert (stored.investment_wan, stored.version) == (Decimal(111), 2)
    assert stored.status == ReportStatus.DRAFT
