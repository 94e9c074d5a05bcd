"""The reminders page is 发改局's: deliveries (sent, failed, why), channels, rules (data)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from duban.audit.models import AuditEvent
from duban.reminders import services
from duban.reminders.models import Channel, Delivery, Rule
from tests.support.factories import SYSTEM, Personas


class PageTests(Personas):
    def test_only_the_supervisor_opens_it(self) -> None:
        for user, code in ((self.supervisor, 200), (self.reporter, 403), (self.reviewer, 403),
                           (self.sysadmin, 403)):  # fmt: skip
            self.client.force_login(user)
            assert self.client.get("/reminders/").status_code == code, user.role

    def test_the_log_shows_failures_with_their_reason(self) -> None:
        services.ensure_default_rules()
        rule = Rule.objects.get(kind="report_late")
        Delivery.objects.create(
            rule=rule, dedup_key="x", occasion="2021-09", on=dt.date(2021, 10, 9),
            unit=self.street, channel_kind="wecom", recipient="wecom:1", subject="催报<script>",
            status="failed", attempts=5, last_error="机器人拒收（93000）：invalid webhook url",
            next_attempt_at=timezone.now(),
        )  # fmt: skip
        self.client.force_login(self.supervisor)
        page = self.client.get("/reminders/?status=failed").content.decode()
        assert "invalid webhook url" in page
        assert "催报&lt;script&gt;" in page

    def test_channels_are_added_on_the_page_and_secrets_never_shown(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(
            "/reminders/channels/new/",
            {"kind": "feishu", "target": "https://open.feishu.cn/open-apis/bot/v2/hook/abc-key",
             "secret": "SECfs", "unit": self.street.pk, "name": "鼓东群"},
        )  # fmt: skip
        channel = Channel.objects.get()
        assert channel.secret == "SECfs"
        page = self.client.get("/reminders/").content.decode()
        assert "鼓东群" in page and "SECfs" not in page
        self.client.post(f"/reminders/channels/{channel.pk}/toggle/", {"version": channel.version})
        channel.refresh_from_db()
        assert not channel.is_active

    def test_a_rule_is_edited_with_a_version_check_and_audited(self) -> None:
        services.ensure_default_rules()
        rule = Rule.objects.get(kind="report_late")
        self.client.force_login(self.supervisor)
        data = {"version": rule.version, "name": "逾期催报", "offset_days": 2,
                "audience": ["unit", "supervisor"], "quiet_start": "21:00", "quiet_end": "08:00",
                "is_active": "on"}  # fmt: skip
        assert self.client.post(f"/reminders/rules/{rule.pk}/", data).status_code == 302
        rule.refresh_from_db()
        assert (rule.offset_days, rule.audience) == (2, ["unit", "supervisor"])
        stale = self.client.post(f"/reminders/rules/{rule.pk}/", data)
        assert stale.status_code == 409
        assert AuditEvent.objects.filter(event="reminder.rule_changed").count() == 1
        assert SYSTEM
