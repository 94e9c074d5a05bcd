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
    from duban.core.testing import PASSWORD

    def _login(pg: Any, user: Any, password: str = PASSWORD) -> None:
        pg.goto(f"{live_server.url}/accounts/login/")
        pg.fill("input[name=username]", user.username)
        pg.fill("input[name=password]", password)
        pg.click("button[type=submit].primary")
        pg.wait_for_load_state("networkidle")

    return _login
