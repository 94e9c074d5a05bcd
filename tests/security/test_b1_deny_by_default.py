"""B1: every URL pattern, walked anonymously, redirects to the login page or answers 404,
except an explicit allowlist. A new route fails this test until it is classified here."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.test import Client
from django.urls import get_resolver, reverse

# Pages that answer without login, and why.
PUBLIC = {
    "accounts:login": "登录页",
    "accounts:otp": "登录第二步（无待验证用户时跳回登录页）",
    "core:health": "健康检查（只返回 ok）",
    "set_language": "切换界面语言",
}
# The big screen is public only when the district switches it on (DUBAN_PUBLIC_SCREEN).
PUBLIC_NAMESPACES_WHEN_SCREEN_PUBLIC = {"screen"}


def _routes() -> list[tuple[str, str]]:
    out = []
    for _func, regex, namespace, name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        path = re.sub(r"<[^>]+>", "1", simplify_regex(regex))
        view_name = ":".join([*(namespace or []), name]) if name else path
        out.append((view_name, path))
    return out


ROUTES = _routes()


def test_b1_the_walk_finds_the_routes_of_every_app() -> None:
    names = {name for name, _ in ROUTES}
    assert {"projects:ledger", "projects:detail", "audit:index", "accounts:users"} <= names
    assert len(ROUTES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize(("view_name", "path"), ROUTES, ids=[p for _, p in ROUTES])
def test_b1_anonymous_requests_are_denied_by_default(view_name: str, path: str) -> None:
    client = Client()
    response = client.get(path)
    namespace = view_name.split(":")[0]
    if view_name in PUBLIC or (
        settings.DUBAN_PUBLIC_SCREEN and namespace in PUBLIC_NAMESPACES_WHEN_SCREEN_PUBLIC
    ):
        assert response.status_code < 500
        return
    login = reverse("accounts:login")
    if response.status_code in (301, 302):
        location = response["Location"]
        assert location.startswith(login), f"{path} 匿名访问被重定向到 {location}，而不是登录页"
    else:
        assert response.status_code == 404, (
            f"{path}（{view_name}）匿名访问返回 {response.status_code}；"
            "新路由必须要求登录，或在 PUBLIC 中说明理由"
        )
