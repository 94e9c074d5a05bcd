"""Per-client tokens: issued by the system administrator (or the server's command), stored as
a hash, bound to a user, expiring, revocable, audited; one error shape in both languages."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from duban.api import services
from duban.api.models import ApiToken
from duban.api.tests.support import api_get, token_for
from duban.api.tokens import token_hash
from duban.audit.models import AuditEvent
from tests.support.factories import SYSTEM, Personas, make_project


class TokenTests(Personas):
    def test_the_command_prints_a_token_that_lists_the_users_projects(self) -> None:
        mine = make_project(unit=self.street)
        make_project(unit=self.other_street)
        out = io.StringIO()
        call_command("api_token", user="gudong", stdout=out)
        token = out.getvalue().strip()
        assert token.startswith("dbn_")
        response = api_get("/api/v1/projects/", token)
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == 1
        assert [(p["code"], p["unit"]) for p in data["results"]] == [(mine.code, "gudong")]

    def test_only_a_hash_is_stored_and_issuing_is_audited(self) -> None:
        issued = services.issue_token(actor=self.sysadmin, user=self.reporter, name="统计平台")
        row = ApiToken.objects.get()
        assert row.token_hash == token_hash(issued.token)
        assert issued.token not in str(ApiToken.objects.values().get())
        event = AuditEvent.objects.get(event="api.token_issued")
        assert event.actor_username == "sysadmin"
        assert issued.token not in str(event.after)

    def test_only_the_system_administrator_issues_tokens(self) -> None:
        for user in (self.supervisor, self.reporter, self.secadmin, self.auditadmin):
            with self.assertRaises(PermissionDenied):
                services.issue_token(actor=user, user=self.reporter)

    def test_a_revoked_or_expired_token_is_refused_with_one_answer(self) -> None:
        revoked = token_for(self.reporter)
        services.revoke_token(ApiToken.objects.get(), actor=self.sysadmin)
        expired = token_for(self.reporter)
        ApiToken.objects.filter(revoked_at__isnull=True).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        bodies = []
        for token in (revoked, expired, "dbn_unknown"):
            response = api_get("/api/v1/projects/", token)
            assert response.status_code == 401
            bodies.append(response.json())
        assert bodies[0] == bodies[1] == bodies[2]
        assert bodies[0]["error"]["code"] == "authentication_failed"
        assert AuditEvent.objects.filter(event="api.token_revoked").count() == 1

    def test_a_disabled_account_s_token_stops_working(self) -> None:
        token = token_for(self.reporter)
        self.reporter.is_active = False
        self.reporter.save()
        assert api_get("/api/v1/projects/", token).status_code == 401

    def test_errors_speak_chinese_or_english_in_one_shape(self) -> None:
        zh = api_get("/api/v1/projects/", None, accept_language="zh-hans").json()
        en = api_get("/api/v1/projects/", None, accept_language="en").json()
        assert set(zh["error"]) == set(en["error"]) == {"code", "message", "fields"}
        assert zh["error"]["code"] == en["error"]["code"] == "not_authenticated"
        assert "认证" in zh["error"]["message"] or "身份" in zh["error"]["message"]
        assert "credentials" in en["error"]["message"]
        bad = token_for(self.reporter)
        ApiToken.objects.update(revoked_at=timezone.now())
        en_bad = api_get("/api/v1/projects/", bad, accept_language="en").json()
        assert en_bad["error"]["message"] == "The token is invalid, expired or revoked"

    def test_last_use_is_remembered(self) -> None:
        token = token_for(self.reporter)
        api_get("/api/v1/projects/", token)
        assert ApiToken.objects.get().last_used_at is not None

    def test_the_token_page_is_the_system_administrators(self) -> None:
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            "/api/tokens/", {"user": self.reporter.pk, "name": "省平台", "days": 30}
        )
        assert response.status_code == 200
        row = ApiToken.objects.get()
        assert row.name == "省平台"
        assert row.prefix in response.content.decode()
        self.client.post(f"/api/tokens/{row.pk}/revoke/")
        row.refresh_from_db()
        assert row.revoked_at is not None
        for user in (self.supervisor, self.reporter, self.auditadmin):
            self.client.force_login(user)
            assert self.client.get("/api/tokens/").status_code == 403
        assert SYSTEM.get_username()
