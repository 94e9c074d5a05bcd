"""Reminders reach real receivers on 127.0.0.1 in each channel's own format and signature;
delivery is deduplicated, retried with backoff, logged, and held in quiet hours."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from email.header import decode_header, make_header

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from duban.accounts.models import Notice
from duban.audit.models import AuditEvent
from duban.reminders import services
from duban.reminders.choices import DeliveryStatus
from duban.reminders.models import Channel, Delivery, Rule
from duban.reminders.tests.receivers import robot_server, smtp_server, text_of
from duban.reports.choices import ReportStatus
from duban.reports.models import ReportingWindow
from tests.support.factories import (
    SYSTEM,
    Personas,
    make_listing,
    make_project,
    make_report,
)

DUE = dt.date(2021, 10, 8)  # September's window, set for the National Day holiday
LATE_DAY = dt.date(2021, 10, 9)  # the first working day after it (a 调休 Saturday)
TEN = dt.time(10, 0)
ON_TIME = dt.datetime(2021, 10, 5, tzinfo=dt.UTC)


def _remind(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("remind", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


class DeliveryTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ReportingWindow.objects.create(year=2021, month=9, due_on=DUE)
        cls.late = []
        for unit in (cls.street, cls.other_street, cls.third_unit):
            for n in range(2):
                project = make_project(unit=unit, code=f"R-{unit.code}-{n}", name=f"项目{n}")
                make_listing(project, planned_investment_wan=Decimal(100))
                if unit == cls.third_unit or n == 1:
                    make_report(
                        project, month=9, status=ReportStatus.SUBMITTED, first_submitted_at=ON_TIME
                    )
                else:
                    cls.late.append(project.code)
        services.ensure_default_rules()
        Rule.objects.exclude(kind="report_late").update(is_active=False)

    def _channels(self, robots) -> dict[str, Channel]:
        out = {}
        for unit, kind, secret in (
            (self.street, "dingtalk", "SECdingtalk"),
            (self.other_street, "feishu", "SECfeishu"),
            (self.third_unit, "wecom", ""),
        ):
            out[unit.code] = services.add_channel(
                actor=SYSTEM,
                kind=kind,
                target=robots.url(kind, unit.code),
                secret=secret,
                unit=unit,
            )
            robots.secrets[f"/{kind}/{unit.code}"] = secret
        return out

    def test_late_units_robots_receive_their_missing_reports_once(self) -> None:
        with robot_server() as robots:
            self._channels(robots)
            planned = _remind("--as-of", str(LATE_DAY), "--at", "10:00")
            assert {(r["unit"], r["channel"]) for r in planned if r["channel"] != "inbox"} == {
                ("gudong", "dingtalk"),
                ("guxi", "feishu"),
            }
            assert set(planned[0]) == {"rule", "unit", "recipient", "subject", "channel"}
            sent = _remind("--as-of", str(LATE_DAY), "--at", "10:00", "--send")
            assert {r["status"] for r in sent} == {"sent"}
            assert robots.refused == []
            by_unit = {r.unit: r for r in robots.received}
            assert set(by_unit) == {"gudong", "guxi"}
            ding = by_unit["gudong"].payload["markdown"]["text"]
            assert "R-gudong-0" in ding and "R-gudong-1" not in ding
            assert "http://127.0.0.1:8000/reports/unit/" in ding
            feishu = by_unit["guxi"].payload["card"]["elements"][0]["text"]["content"]
            assert "R-guxi-0" in feishu
            # The second run sends nothing new.
            assert _remind("--as-of", str(LATE_DAY), "--at", "10:00", "--send") == []
            assert len(robots.received) == 2
            # Nor does the next day's (the occasion is the same).
            assert _remind("--as-of", "2021-10-11", "--at", "10:00", "--send") == []
        # The unit's reporter found it in the inbox too.
        notice = Notice.objects.get(user=self.reporter)
        assert "逾期未报" in notice.title and "R-gudong-0" in notice.body
        assert AuditEvent.objects.filter(event="reminder.sent").count() == Delivery.objects.count()

    def test_nothing_is_due_before_the_window_closes(self) -> None:
        with robot_server() as robots:
            self._channels(robots)
            assert _remind("--as-of", str(DUE), "--at", "10:00") == []

    def test_a_bad_signature_is_refused_and_logged_with_the_reason(self) -> None:
        with robot_server() as robots:
            channels = self._channels(robots)
            robots.secrets["/dingtalk/gudong"] = "another secret"
            services.remind(actor=SYSTEM, on=LATE_DAY, at=TEN, send_now=True)
            failed = Delivery.objects.get(channel=channels["gudong"])
            assert failed.status == DeliveryStatus.PENDING  # to be retried
            assert "sign not match" in failed.last_error
            assert robots.refused == ["sign not match"]

    def test_failures_are_retried_with_backoff_then_given_up(self) -> None:
        with robot_server(fail_next=1) as robots:
            channels = self._channels(robots)
            Channel.objects.exclude(pk=channels["gudong"].pk).update(is_active=False)
            moment = dt.datetime(2021, 10, 9, 10, 0, tzinfo=dt.UTC)
            services.remind(actor=SYSTEM, on=LATE_DAY, at=TEN, send_now=True)
            delivery = Delivery.objects.get(channel=channels["gudong"])
            assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
            assert delivery.last_error == "HTTP 502"
            # Not before its backoff has passed …
            services.deliver_due(
                actor=SYSTEM, moment=delivery.next_attempt_at - dt.timedelta(seconds=1)
            )
            assert robots.received == []
            # … then it goes.
            services.deliver_due(actor=SYSTEM, moment=delivery.next_attempt_at)
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
            assert len(robots.received) == 1
            assert moment  # the business moment the run used
        with override_settings(DUBAN_REMINDER_MAX_ATTEMPTS=2), robot_server(fail_next=5) as robots:
            channel = channels["guxi"]
            Channel.objects.filter(pk=channel.pk).update(
                target=robots.url("feishu", "guxi"), is_active=True
            )
            services.remind(actor=SYSTEM, on=LATE_DAY, at=TEN, send_now=True)
            delivery = Delivery.objects.get(channel=channel)
            services.deliver_due(actor=SYSTEM, moment=delivery.next_attempt_at)
            delivery.refresh_from_db()
            assert delivery.status == DeliveryStatus.FAILED
            assert AuditEvent.objects.filter(event="reminder.failed").count() == 1

    def test_quiet_hours_hold_messages_until_morning(self) -> None:
        with robot_server() as robots:
            self._channels(robots)
            services.remind(actor=SYSTEM, on=LATE_DAY, at=dt.time(23, 0), send_now=True)
            assert robots.received == []
            held = Delivery.objects.filter(channel__isnull=False)
            assert {d.status for d in held} == {DeliveryStatus.PENDING}
            morning = min(d.next_attempt_at for d in held)
            assert morning.astimezone(dt.timezone(dt.timedelta(hours=8))).time() == dt.time(7, 30)
            services.deliver_due(actor=SYSTEM, moment=morning)
            assert len(robots.received) == 2

    def test_email_goes_through_a_real_smtp_server(self) -> None:
        with smtp_server() as (inbox, port):
            services.add_channel(
                actor=SYSTEM, kind="email", target="gudong@example.gov.cn", unit=self.street
            )
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
            ):
                services.remind(actor=SYSTEM, on=LATE_DAY, at=TEN, send_now=True)
            assert len(inbox.messages) == 1
            message = inbox.messages[0]
            assert message["To"] == "gudong@example.gov.cn"
            assert "逾期未报" in str(make_header(decode_header(message["Subject"])))
            assert "R-gudong-0" in text_of(message)

    def test_channels_are_added_by_command_and_secrets_stay_encrypted(self) -> None:
        out = io.StringIO()
        call_command(
            "channel", "add", "--kind", "dingtalk", "--target",
            "https://oapi.dingtalk.com/robot/send?access_token=abc123", "--secret", "SECxyz",
            "--unit", "gudong", stdout=out,
        )  # fmt: skip
        channel = Channel.objects.get()
        assert channel.secret == "SECxyz"
        with connection.cursor() as cursor:
            cursor.execute("select target, secret from reminders_channel")
            raw = " ".join(cursor.fetchone())
        assert "abc123" not in raw and "SECxyz" not in raw
        assert "abc123" not in out.getvalue()
        event = AuditEvent.objects.get(event="reminder.channel_added")
        assert "abc123" not in json.dumps(event.after) and "SECxyz" not in json.dumps(event.after)
