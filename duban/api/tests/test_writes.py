"""What external systems push: a unit's monthly figures, through the reports app's own
services, into review (never approved by the API), each push audited."""

from __future__ import annotations

from django.core.cache import cache
from django.test import override_settings

from duban.api.tests.support import api_get, api_post, token_for
from duban.api.throttling import TokenRateThrottle
from duban.audit.models import AuditEvent
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from tests.support.factories import Personas, make_project

FIGURES = {"year": 2021, "month": 3, "investment_wan": "1234.50", "progress_text": "主体封顶"}


class PushTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = make_project(unit=cls.street, code="PUSH-1")
        cls.theirs = make_project(unit=cls.other_street, code="PUSH-2")

    def test_pushed_figures_are_saved_and_go_to_review(self) -> None:
        token = token_for(self.reporter)
        response = api_post("/api/v1/reports/", token, {**FIGURES, "project": "PUSH-1"})
        assert response.status_code == 201, response.content
        assert response.json()["status"] == ReportStatus.DRAFT
        sent = api_post(
            "/api/v1/reports/",
            token,
            {
                "project": "PUSH-1",
                "year": 2021,
                "month": 3,
                "confidence": "high",
                "confidence_reason": "按计划推进",
                "submit": True,
            },
        )
        assert sent.status_code == 201, sent.content
        report = MonthlyReport.objects.get(project=self.mine)
        assert report.status == ReportStatus.SUBMITTED
        assert str(report.investment_wan) == "1234.50"  # kept from the first push
        assert report.progress_text == "主体封顶"
        assert AuditEvent.objects.filter(event="api.report_pushed").count() == 2
        assert AuditEvent.objects.filter(event="report.submitted").exists()

    def test_no_push_into_another_unit_or_by_a_role_that_does_not_report(self) -> None:
        data = {**FIGURES, "project": "PUSH-2"}
        assert api_post("/api/v1/reports/", token_for(self.reporter), data).status_code == 403
        assert api_post("/api/v1/reports/", token_for(self.supervisor), data).status_code == 403
        assert not MonthlyReport.objects.exists()

    def test_refused_input_names_its_fields(self) -> None:
        token = token_for(self.reporter)
        bad = api_post(
            "/api/v1/reports/",
            token,
            {"project": "PUSH-1", "year": 2021, "month": 13, "investment_wan": "-1"},
        )
        assert bad.status_code == 400
        assert set(bad.json()["error"]["fields"]) == {"month", "investment_wan"}
        en = api_post("/api/v1/reports/", token, {"project": "PUSH-1"}, accept_language="en").json()
        assert en["error"]["message"] == "The request was not valid"

    def test_a_submitted_report_cannot_be_pushed_over(self) -> None:
        token = token_for(self.reporter)
        api_post(
            "/api/v1/reports/",
            token,
            {
                **FIGURES,
                "project": "PUSH-1",
                "confidence": "high",
                "confidence_reason": "顺利",
                "submit": True,
            },
        )
        again = api_post("/api/v1/reports/", token, {**FIGURES, "project": "PUSH-1"})
        assert again.status_code == 400
        assert again.json()["error"]["code"] == "invalid"


class ThrottleTests(Personas):
    def test_each_token_has_its_own_rate_limit(self) -> None:
        cache.clear()
        old = TokenRateThrottle.THROTTLE_RATES
        TokenRateThrottle.THROTTLE_RATES = {**old, "token": "3/min"}
        try:
            first, second = token_for(self.reporter), token_for(self.reporter)
            codes = [api_get("/api/v1/units/", first).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            assert api_get("/api/v1/units/", second).status_code == 200
            refused = api_get("/api/v1/units/", first, accept_language="en").json()
            assert refused["error"]["code"] == "throttled"
        finally:
            TokenRateThrottle.THROTTLE_RATES = old


class SchemaAndOpenDataTests(Personas):
    def test_the_schema_is_an_openapi_document(self) -> None:
        response = api_get("/api/v1/schema/?format=json", None)
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/projects/" in schema["paths"]
        assert "bearerAuth" in schema["components"]["securitySchemes"]

    def test_open_data_is_off_by_default(self) -> None:
        assert api_get("/api/v1/open/figures/", None).status_code == 404
        assert api_get("/api/v1/open/rankings.csv", None).status_code == 404

    @override_settings(DUBAN_API_OPEN_DATA=True)
    def test_open_data_when_switched_on_is_public_and_cacheable(self) -> None:
        response = api_get("/api/v1/open/figures/?month=2021-03", None)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        data = response.json()
        assert data["month"] == "2021-03"
        assert "red_projects" not in data and "overdue_problems" not in data
        csv = api_get("/api/v1/open/rankings.csv?month=2021-03", None)
        assert csv["Content-Type"].startswith("text/csv")
        assert csv.content.decode("utf-8-sig").splitlines()[0] == "month,group,rank,unit,total"
        assert api_get("/api/v1/open/figures/?month=2021-13", None).status_code == 400


class ClaimTests(Personas):
    """Project facts pushed as claims (issue 15): they wait for the lead department."""

    def test_a_claimed_start_waits_for_confirmation_and_stays_in_the_unit(self) -> None:
        mine = make_project(unit=self.street, code="CLM-1")
        make_project(unit=self.other_street, code="CLM-2")
        token = token_for(self.reporter)
        claim = {"project": "CLM-1", "to_stage": "started", "on": "2021-09-20",
                 "evidence_note": "施工许可证 350102202109200101"}  # fmt: skip
        response = api_post("/api/v1/claims/", token, claim)
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["fact"], body["status"], body["unit"]) == ("start", "pending", "gudong")
        mine.refresh_from_db()
        assert mine.started_on is None  # nothing changes before the lead department confirms
        other = api_post("/api/v1/claims/", token, {**claim, "project": "CLM-2"})
        assert other.status_code == 403
        assert [c["project"] for c in api_get("/api/v1/claims/", token).json()["results"]] == [
            "CLM-1"
        ]
        outsider = api_get("/api/v1/claims/", token_for(self.other_reporter)).json()
        assert outsider["count"] == 0
        assert api_post("/api/v1/claims/", token_for(self.leader_user), claim).status_code == 403
