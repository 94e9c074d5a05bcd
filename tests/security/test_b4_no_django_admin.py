"""B4 and issue 13: no model is changed outside an audited service, so the Django admin (which
writes no audit row and checks no version) is gone: `/admin/` answers the product's 404 to
everyone, for reading, adding, changing and deleting alike."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from tests.support.factories import Personas, make_unit


class DjangoAdminIsGone(Personas):
    def test_b4_the_admin_app_is_not_installed_and_has_no_route(self) -> None:
        self.assertNotIn("django.contrib.admin", settings.INSTALLED_APPS)
        self.assertFalse(apps.is_installed("django.contrib.admin"))
        with self.assertRaises(NoReverseMatch):
            reverse("admin:index")

    def test_b4_no_model_can_be_read_or_changed_through_admin_urls(self) -> None:
        unit = make_unit(name="鼓楼区某局（示例）")
        paths = [
            "/admin/",
            "/admin/login/",
            "/admin/orgs/unit/",
            f"/admin/orgs/unit/{unit.pk}/change/",
            "/admin/orgs/unit/add/",
            f"/admin/orgs/unit/{unit.pk}/delete/",
            "/admin/accounts/user/",
        ]
        for who in (None, self.supervisor, self.sysadmin, self.secadmin):
            if who is None:
                self.client.logout()
            else:
                self.client.force_login(who)
            for path in paths:
                self.assertEqual(self.client.get(path).status_code, 404, (who, path))
                answer = self.client.post(path, {"name": "改名", "code": "x", "kind": "street"})
                self.assertEqual(answer.status_code, 404, (who, path))
        unit.refresh_from_db()
        self.assertEqual(unit.name, "鼓楼区某局（示例）")
        self.assertEqual(unit.version, 1)
