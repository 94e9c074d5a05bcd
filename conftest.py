"""Shared pytest fixtures: a headless Chromium page for browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("DUBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's sync API runs an event loop; Django must allow ORM calls from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail("CI 需要 Chromium（scripts/system-deps.sh 安装）")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(live_server: Any) -> Any:
    """login(page, user) signs a persona in through the real login form."""
    from tests.support.factories import PASSWORD

    def _login(pg: Any, user: Any, password: str = PASSWORD) -> None:
        pg.goto(f"{live_server.url}/accounts/login/")
        pg.fill("input[name=username]", user.username)
        pg.fill("input[name=password]", password)
        pg.click("button[type=submit].primary")
        pg.wait_for_load_state("networkidle")
        if "/accounts/login/otp/" in pg.url:
            _second_step(pg, user)

    return _login


def pytest_configure(config: Any) -> None:
    """A fast hasher for test personas; the production hasher is tested where it matters."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The English catalogue is compiled at set-up; compile here too so a bare `pytest` agrees.
    import django
    from django.core.management import call_command

    django.setup()
    call_command("compile_catalogs", verbosity=0)


def _second_step(pg: Any, user: Any) -> None:
    """Privileged roles (A4): enrol if the page offers a secret, then type the next unused code."""
    import time

    import pyotp

    secret_box = pg.locator(".otp-secret code")
    if secret_box.count():
        secret = secret_box.inner_text().strip()
        last_step = 0
    else:
        user.refresh_from_db()
        secret, last_step = user.otp_secret, user.otp_last_step
    totp = pyotp.TOTP(secret)
    step = max(int(time.time()) // totp.interval, last_step + 1)
    pg.fill("input[name=code]", totp.at(step * totp.interval))
    pg.click("button[type=submit].primary")
    pg.wait_for_load_state("networkidle")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser walks run once per CI run, on SQLite: they test pages, not the database, and
    they are the slowest tests (set DUBAN_BROWSER_ON_POSTGRES=1 to run them there too)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # The API's schema fuzzing (Schemathesis) tests the API, not the database: once, on SQLite.
    fuzz_once = pytest.mark.skip(reason="schema fuzzing runs once, on SQLite")
    for item in items:
        if item.get_closest_marker("fuzz"):
            item.add_marker(fuzz_once)
    if os.environ.get("DUBAN_BROWSER_ON_POSTGRES") == "1":
        return
    once = pytest.mark.skip(reason="browser walks run once, on SQLite")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    """Each test starts in the product's language: a request in English (the test client runs
    LocaleMiddleware in the test's thread) must not leave English active for the next test,
    now that money and months print in the reader's language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
