"""A token sees exactly what its user sees on the pages (SECURITY.md B2): the ledger's
projects for every role, a unit's own reports, lights and target parts only."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import timezone

from duban.api.tests.support import api_get, token_for
from duban.assessment.choices import RunStatus
from duban.assessment.models import AssessmentMethod, ScoreRun, UnitScore
from duban.core.roles import can
from duban.orgs.choices import UnitKind
from duban.reports.choices import ReportStatus
from duban.supervision.models import LightSnapshot
from tests.support.factories import Personas, make_project, make_report, make_target


def _all(path: str, token: str) -> list[dict]:
    out, url = [], path
    while url:
        data = api_get(url, token).json()
        out += data["results"]
        url = data["next"]
    return out


class ScopingTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.projects = [
            make_project(unit=unit, code=f"API-{unit.code}-{n}")
            for unit in (cls.street, cls.other_street, cls.third_unit)
            for n in range(2)
        ]

    def _ledger_codes(self, user) -> set[str] | None:
        self.client.force_login(user)
        response = self.client.get("/projects/")
        if response.status_code != 200:
            return None
        return set(re.findall(r"API-[a-z]+-\d", response.content.decode()))

    def test_every_roles_token_lists_exactly_the_projects_of_its_ledger_page(self) -> None:
        users = [
            self.supervisor,
            self.reviewer,
            self.reporter,
            self.other_reporter,
            self.outsider,
            self.leader_user,
            self.sysadmin,
            self.secadmin,
            self.auditadmin,
        ]
        for user in users:
            on_page = self._ledger_codes(user)
            listed = {p["code"] for p in _all("/api/v1/projects/", token_for(user))}
            if on_page is None:  # the admins open no business page and read no project
                assert listed == set(), user.role
            else:
                assert listed == on_page, user.role
                assert on_page, user.role
        reporter_codes = {p["code"] for p in _all("/api/v1/projects/", token_for(self.reporter))}
        assert reporter_codes == {"API-gudong-0", "API-gudong-1"}

    def test_another_units_project_answers_404_like_a_missing_one(self) -> None:
        token = token_for(self.reporter)
        assert api_get("/api/v1/projects/API-gudong-0/", token).status_code == 200
        other = api_get("/api/v1/projects/API-guxi-0/", token)
        missing = api_get("/api/v1/projects/NOPE/", token)
        assert other.status_code == missing.status_code == 404
        assert other.json() == missing.json()

    def test_the_project_detail_carries_nodes_and_stage_history(self) -> None:
        data = api_get("/api/v1/projects/API-gudong-0/", token_for(self.supervisor)).json()
        assert data["unit"] == "gudong"
        assert data["nodes"] == [] and data["stage_changes"] == []

    def test_reports_lights_and_target_parts_stay_in_the_unit(self) -> None:
        mine, theirs = self.projects[0], self.projects[2]
        make_report(mine, month=3, status=ReportStatus.SUBMITTED)
        make_report(theirs, month=3, status=ReportStatus.SUBMITTED)
        for project in (mine, theirs):
            LightSnapshot.objects.create(
                year=2021,
                month=3,
                kind="project",
                object_id=project.pk,
                subject=project.name,
                unit=project.unit,
                colour="red",
                expected=Decimal(25),
                actual=Decimal(1),
                gap=Decimal(24),
                rule_version="1",
            )
        whole = make_target()
        make_target(metric=whole.metric, parent=whole, unit=self.street, value=Decimal(4))
        make_target(metric=whole.metric, parent=whole, unit=self.other_street, value=Decimal(6))
        token = token_for(self.reporter)
        assert {r["unit"] for r in _all("/api/v1/reports/", token)} == {"gudong"}
        assert {r["unit"] for r in _all("/api/v1/lights/", token)} == {"gudong"}
        targets = _all("/api/v1/targets/", token)
        district = next(t for t in targets if t["id"] == whole.pk)
        assert [p["unit"] for p in district["parts"]] == ["gudong"]
        assert {t["unit"] for t in targets} == {None, "gudong"}
        sup = _all("/api/v1/targets/", token_for(self.supervisor))
        assert len(next(t for t in sup if t["id"] == whole.pk)["parts"]) == 2
        assert len(_all("/api/v1/reports/", token_for(self.supervisor))) == 2

    def test_only_published_scores_are_served(self) -> None:
        method = AssessmentMethod.objects.create(
            year=2021, group=UnitKind.STREET, version=1, name="考评办法"
        )
        for status in (RunStatus.DRAFT, RunStatus.PUBLISHED):
            run = ScoreRun.objects.create(
                year=2021,
                month=3 if status == RunStatus.DRAFT else 4,
                group=UnitKind.STREET,
                status=status,
                computed_at=timezone.now(),
                method=method,
                content_sha256="x",
                published_at=timezone.now() if status == RunStatus.PUBLISHED else None,
            )
            UnitScore.objects.create(
                run=run, unit=self.street, total=Decimal(90), rank=1, position=1
            )
        for user in (self.supervisor, self.reporter):
            rows = _all("/api/v1/scores/", token_for(user))
            assert [(r["month"], r["unit"]) for r in rows] == [(4, "gudong")]
        assert can(self.supervisor, "score.view_draft")

    def test_filters_are_checked_not_passed_through(self) -> None:
        token = token_for(self.supervisor)
        bad = api_get("/api/v1/reports/?year=abc&month=13", token)
        assert bad.status_code == 400
        assert set(bad.json()["error"]["fields"]) == {"year", "month"}
        assert api_get("/api/v1/projects/?unit=guxi", token).json()["count"] == 2
