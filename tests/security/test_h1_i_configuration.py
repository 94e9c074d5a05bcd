"""H1: sessions cleared, no plaintext passwords. I1: `check --deploy --fail-level WARNING`
passes with production settings; error pages leak no traceback. I2: bandit clean at medium
and above; dependencies pinned to compatible ranges; a supported Django series."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import django
import pytest
from django.conf import global_settings
from django.contrib.auth import hashers as django_hashers
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils.module_loading import import_string

from duban import settings as project_settings
from duban.accounts import services
from duban.accounts.models import User
from tests.security.support import full_login
from tests.support.factories import PASSWORD, Personas

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DUBAN_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "DUBAN_FIELD_KEY": "A" * 43 + "=",
    "ALLOWED_HOSTS": "duban.example.gov.cn",
}


class SecretHygieneTests(Personas):
    def test_h1_passwords_are_stored_as_hashes_only(self) -> None:
        for user in User.objects.all():
            self.assertNotIn(PASSWORD, user.password)
            self.assertTrue(identify_hasher(user.password).algorithm)
            self.assertTrue(user.check_password(PASSWORD))

    def test_h1_the_configured_hasher_is_a_slow_salted_one(self) -> None:
        # The suite may swap in a fast hasher (conftest); the deployment uses the settings file.
        hashers = getattr(project_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
        preferred = import_string(hashers[0])
        slow_salted = (
            django_hashers.PBKDF2PasswordHasher,
            django_hashers.Argon2PasswordHasher,
            django_hashers.BCryptSHA256PasswordHasher,
            django_hashers.ScryptPasswordHasher,
        )
        self.assertTrue(issubclass(preferred, slow_salted), hashers[0])

    def test_h1_disabling_an_account_ends_its_sessions(self) -> None:
        full_login(self.client, self.reporter)
        key = self.client.session.session_key
        services.set_active(self.reporter, actor=self.sysadmin, active=False)
        self.assertEqual(self.client.get(reverse("projects:ledger")).status_code, 302)
        self.assertFalse(Session.objects.filter(session_key=key).exists())


def _boom(request: HttpRequest) -> None:
    raise RuntimeError("secret-internal-detail /srv/duban/settings.py")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_i1_the_500_page_leaks_no_traceback() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统暂时出错" in body
    for leak in ("Traceback", "secret-internal-detail", "settings.py", "RuntimeError"):
        assert leak not in body


@pytest.mark.django_db
def test_i1_the_404_page_is_chinese_and_plain() -> None:
    response = Client().get("/accounts/login/../../etc/passwd")
    assert response.status_code == 404
    assert "Page not found" not in response.content.decode()


def test_i1_check_deploy_passes_with_production_settings() -> None:
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "duban.settings"},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_i2_bandit_finds_nothing_at_medium_severity_or_above() -> None:
    bandit = shutil.which("bandit") or str(Path(sys.executable).parent / "bandit")
    if not Path(bandit).exists():
        pytest.fail("bandit 未安装：pip install -e '.[dev]'")
    result = subprocess.run(
        [bandit, "-q", "-r", "duban", "-ll", "-x", "duban/*/tests"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_i2_every_dependency_has_a_compatible_range_and_django_is_a_supported_series() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for spec in project["dependencies"]:
        assert re.search(r">=[\d.]+,<[\d.]+", spec), f"依赖未限定兼容范围：{spec}"
    assert django.VERSION[:2] == (5, 2)  # LTS, supported until April 2028


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_i2_dependencies_are_pinned_with_hashes_in_a_lock_the_setup_installs_from() -> None:
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\]+) \\$", lock, flags=re.MULTILINE))
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    # Every requirement line is an exact pin followed by at least one sha256.
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n\n", 1)[-1].strip())
    for block in blocks:
        if block.startswith("#"):
            continue
        assert re.match(r"^[A-Za-z0-9_.-]+==\S+ \\", block), block[:80]
        assert "--hash=sha256:" in block, block[:80]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    missing = {_requirement_name(s) for s in wanted} - set(pins)
    assert not missing, f"requirements.lock 缺少依赖（请运行 make lock）：{missing}"
    assert pins["django"].startswith("5.2.")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert re.search(r"^lock:.*\n(\t.*\n)*\t.*pip-compile .*--generate-hashes", makefile, re.M)
    assert re.search(r"^audit-deps:.*\n(\t.*\n)*\t.*pip-audit --strict", makefile, re.M)
