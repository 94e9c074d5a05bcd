"""Issue #14, the "Low, all to close" findings, each reproduced (B2, C1, A3, I1, E1, A1, D3).

- the internal big-screen data gave a reporter every unit's red-light projects;
- denied accesses (403, out-of-scope 404) and idle session timeouts were not audited;
- production started with a weak, default or missing key; a field-key mismatch gave 500s;
- no request-body limit; unconfirmed import uploads stayed on disk forever;
- the password policy accepted P@ssw0rd2021, Fuzhou@2021, Gulou2021!!;
- /assessment/bulletins/monthly/99999/1/ answered 500; pages with one-time passwords and
  exports were cacheable; the proxy header for client addresses was not configurable.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pyotp
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from duban.core.crypto import derived_key
from duban.core.middleware import client_ip
from duban.projects.choices import Listing
from duban.supervision.tests.factories import make_district
from duban.transfer import pending
from tests.security.support import events, full_login, post_login
from tests.support.factories import PASSWORD, Personas, make_listing, make_project

ROOT = Path(__file__).resolve().parents[2]
START = dt.datetime(2021, 10, 8, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(START, tick=False)
class ScreenScopeTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        cls.foreign = make_project(unit=cls.other_street, name="鼓西落后项目")
        make_listing(cls.foreign, kind=Listing.CONTINUING, planned_investment_wan=Decimal(1200))

    def setUp(self) -> None:
        cache.clear()

    def test_b2_a_reporter_gets_aggregates_not_other_units_red_projects(self) -> None:
        self.client.force_login(self.supervisor)
        full = self.client.get(reverse("screen:data"), {"as_of": "2021-09"}).json()
        self.assertIn("鼓西落后项目", str(full["red_projects"]))
        self.client.force_login(self.reporter)
        self.assertEqual(
            self.client.get(reverse("projects:detail", args=[self.foreign.pk])).status_code, 404
        )
        data = self.client.get(reverse("screen:data"), {"as_of": "2021-09"}).json()
        self.assertNotIn("鼓西落后项目", str(data))
        self.assertNotIn("red_projects", data)
        self.assertEqual(data["red_count"], full["red_count"])  # the aggregate stays


class AuditedRefusalTests(Personas):
    def test_c1_an_out_of_scope_record_is_a_404_and_an_audited_denial(self) -> None:
        project = make_project(unit=self.other_street)
        self.client.force_login(self.reporter)
        self.assertEqual(
            self.client.get(reverse("projects:detail", args=[project.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("projects:detail", args=[999999])).status_code, 404
        )
        denied = events("access.denied")
        self.assertEqual(len(denied), 1)  # the record that exists, not the typo
        self.assertEqual(
            (denied[0].actor_username, denied[0].object_id), ("gudong", str(project.pk))
        )
        self.assertEqual(denied[0].detail["reason"], "out_of_scope")

    def test_c1_a_403_is_an_audited_denial(self) -> None:
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(reverse("accounts:users")).status_code, 403)
        row = events("access.denied")[0]
        self.assertEqual((row.actor_username, row.detail["reason"]), ("gudong", "forbidden"))
        self.assertEqual(row.detail["view"], "accounts:users")

    def test_a3_an_idle_timeout_is_audited_with_the_settings_as_deployed(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS + 1))
            response = self.client.get(reverse("projects:ledger"))
            self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
        self.assertEqual(events("auth.session_expired")[0].detail, {"reason": "idle"})


PRODUCTION = {
    **os.environ,
    "DUBAN_ENV": "production",
    "ALLOWED_HOSTS": "duban.example.gov.cn",
    "DJANGO_SETTINGS_MODULE": "duban.settings",
}
STRONG = "k" * 20 + "x9Q!" * 10


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {**PRODUCTION, **env}
    environ.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environ, capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.parametrize(
    "env",
    [
        {"SECRET_KEY": "abc", "DUBAN_FIELD_KEY": derived_key("x")},
        {"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production" + "!" * 10},
        {"SECRET_KEY": "django-insecure-" + "abcdefghij" * 5, "DUBAN_FIELD_KEY": derived_key("x")},
        {"SECRET_KEY": STRONG},
        {"SECRET_KEY": STRONG, "DUBAN_FIELD_KEY": "not-a-key"},
    ],
    ids=["weak", "default", "insecure-prefix", "no-field-key", "bad-field-key"],
)
def test_i1_production_refuses_to_start_on_a_weak_default_or_missing_key(
    env: dict[str, str],
) -> None:
    result = _start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_i1_production_starts_with_strong_keys() -> None:
    result = _start(SECRET_KEY=STRONG, DUBAN_FIELD_KEY=derived_key("x"))
    assert result.returncode == 0, result.stderr


class FieldKeyMismatchTests(Personas):
    def test_i1_a_field_key_mismatch_asks_to_re_enrol_instead_of_a_500(self) -> None:
        old, new = derived_key("old"), derived_key("new")
        with override_settings(DUBAN_FIELD_KEYS=[old]):
            self.supervisor.otp_secret = pyotp.random_base32()
            self.supervisor.save(update_fields=["otp_secret"])
        with override_settings(DUBAN_FIELD_KEYS=[new]):
            self.assertEqual(post_login(self.client, "fgj", PASSWORD).status_code, 302)
            page = self.client.get(reverse("accounts:otp"))
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, "otpauth://")  # no enrolment over an unreadable secret
            response = self.client.post(reverse("accounts:otp"), {"code": "123456"})
            self.assertContains(response, "请联系安全管理员重置动态口令")
            self.assertEqual(
                events("auth.login_failed")[-1].detail["reason"], "otp_secret_unreadable"
            )
            self.client.force_login(self.secadmin)
            self.assertEqual(
                self.client.get(reverse("accounts:user", args=[self.supervisor.pk])).status_code,
                200,
            )


@pytest.mark.django_db
def test_e1_a_body_over_the_limit_is_refused_before_it_is_received(live_server: object) -> None:
    url = urlparse(live_server.url)  # type: ignore[attr-defined]
    declared = 300 * 1024 * 1024
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {reverse('transfer:upload')} HTTP/1.1\r\nHost: {url.hostname}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {declared}\r\n\r\n"
            ).encode()
        )
        sock.sendall(b"--x\r\n" + b"a" * 65536)  # a first 64 KiB of the 300 MB
        started = time.monotonic()
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5


@override_settings(DUBAN_MAX_REQUEST_BYTES=1024)
class RequestLimitTests(Personas):
    def test_e1_the_limit_answers_413_in_chinese(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.post(reverse("transfer:upload"), {"kind": "ledger", "x": "y" * 4096})
        self.assertEqual(response.status_code, 413)
        self.assertIn("请求过大", response.content.decode())


class PendingImportTests(Personas):
    def test_e1_an_unconfirmed_upload_expires(self) -> None:
        with override_settings(
            VAR_DIR=Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        ):
            path = pending.save("a" * 32, b"data")
            fresh = pending.save("b" * 32, b"data")
            self.assertEqual(oct(path.stat().st_mode & 0o777), "0o600")
            old = time.time() - settings.DUBAN_IMPORT_PENDING_SECONDS - 10
            os.utime(path, (old, old))
            call_command("expire_imports", stdout=open(os.devnull, "w"))  # noqa: SIM115
            self.assertFalse(path.exists())
            self.assertTrue(fresh.exists())


@pytest.mark.parametrize("weak", ["P@ssw0rd2021", "Fuzhou@2021", "Gulou2021!!", "Wang@Gulou2021",
                                  "Dragon2021!x"[:-1] + "!"])  # fmt: skip
def test_a1_common_words_places_and_years_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a1_a_strong_password_still_passes() -> None:
    validate_password("Kx9!mQ2#vLtp")
    validate_password(PASSWORD)


class ResponseTests(Personas):
    def test_d3_an_impossible_year_in_a_url_is_a_404_not_a_500(self) -> None:
        self.client.force_login(self.supervisor)
        for url in ("/assessment/bulletins/monthly/99999/1/", "/assessment/bulletins/monthly/0/1/",
                    "/assessment/bulletins/monthly/99999/1/docx/"):  # fmt: skip
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_i1_pages_with_one_time_secrets_and_exports_are_never_cached(self) -> None:
        self.assertIn("no-store", self.client.get(reverse("accounts:login"))["Cache-Control"])
        post_login(self.client, "fgj", PASSWORD)
        self.assertIn("no-store", self.client.get(reverse("accounts:otp"))["Cache-Control"])
        self.client.force_login(self.sysadmin)
        for url in (reverse("accounts:user", args=[self.reporter.pk]), reverse("accounts:users")):
            self.assertIn("no-store", self.client.get(url)["Cache-Control"], url)
        self.client.force_login(self.supervisor)
        self.assertIn("no-store", self.client.get(reverse("projects:ledger"))["Cache-Control"])

    @override_settings(DUBAN_TRUSTED_PROXY_COUNT=1, DUBAN_CLIENT_IP_HEADER="X-Real-IP")
    def test_i1_the_client_address_header_is_configured_from_the_environment(self) -> None:
        request = RequestFactory().get("/", HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.2")
        self.assertEqual(client_ip(request), "203.0.113.9")

    @override_settings(DUBAN_TRUSTED_PROXY_COUNT=1)
    def test_i1_a_client_cannot_choose_its_address_through_the_proxy_header(self) -> None:
        request = RequestFactory().get(
            "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
        )
        self.assertEqual(client_ip(request), "198.51.100.7")

    def test_i1_the_proxy_settings_are_read_from_the_environment(self) -> None:
        code = (
            "import django;django.setup();from django.conf import settings as s;"
            "print(s.DUBAN_TRUSTED_PROXY_COUNT, s.DUBAN_CLIENT_IP_HEADER)"
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "duban.settings",
               "DUBAN_TRUSTED_PROXY_COUNT": "2", "DUBAN_CLIENT_IP_HEADER": "X-Real-IP"}  # fmt: skip
        env.pop("DATABASE_URL", None)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True, cwd=ROOT)  # fmt: skip
        self.assertEqual(out.stdout.split()[-2:], ["2", "X-Real-IP"])
