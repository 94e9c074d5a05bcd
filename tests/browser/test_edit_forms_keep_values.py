"""Nothing a person saves is silently lost: every registered edit page (duban.core.editing),
opened in Chinese and in English on the demo district and saved untouched, leaves every field
of its records as it was, except their version and timestamps."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

import duban.urls  # noqa: F401  (imports every view, so every edit page is registered)
from duban.accounts.models import User
from duban.core.editing import EditPage, registered
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALWAYS_REFRESHED = {"version", "updated_at", "created_at"}


def _state(records: models.QuerySet[Any], ignore: tuple[str, ...]) -> dict[Any, dict[str, Any]]:
    skip = ALWAYS_REFRESHED | set(ignore)
    out = {}
    for obj in records.model._default_manager.filter(pk__in=[r.pk for r in records]):
        out[obj.pk] = {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.attname not in skip
        }
    return out


@pytest.fixture
def demo() -> None:
    call_command("load_demo", verbosity=0)
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save()


def test_the_product_s_edit_pages_are_registered() -> None:
    names = {p.url_name for p in registered()}
    assert {"projects:edit", "reports:unit_month"} <= names


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_saving_an_untouched_edit_page_changes_nothing(
    demo: None, browser: Any, live_server: Any, login: Any, locale: str
) -> None:
    pages: list[EditPage] = registered()
    assert pages
    for page_def in pages:
        kwargs, records = page_def.open()
        assert records.exists(), f"{page_def.url_name}: the demo has records to edit"
        before = _state(records, page_def.ignore)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        page = context.new_page()
        try:
            login(page, User.objects.get(username=page_def.username))
            url = reverse(page_def.url_name, kwargs=kwargs)
            page.goto(f"{live_server.url}{url}{page_def.query}")
            lang = page.evaluate("document.documentElement.lang")
            assert lang.startswith("en" if locale.startswith("en") else "zh"), lang
            page.locator(page_def.submit).first.click()
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        after = _state(records, page_def.ignore)
        changed = {
            pk: {k: (v, after[pk][k]) for k, v in fields.items() if after[pk][k] != v}
            for pk, fields in before.items()
        }
        assert {pk: diff for pk, diff in changed.items() if diff} == {}, (
            f"{page_def.url_name} in {locale} changed fields on an untouched save"
        )
