"""The product's own error pages, in Chinese, in every mode the product runs in (the demo
included): no technical page, no traceback."""

from __future__ import annotations

import importlib
import os
from unittest import mock

from django.test import override_settings

from tests.support.factories import Personas


class ErrorPageTests(Personas):
    def test_the_demo_runs_without_debug_unless_asked(self) -> None:
        import duban.settings

        with mock.patch.dict(os.environ, {"DUBAN_ENV": "development"}, clear=False):
            os.environ.pop("DEBUG", None)
            reloaded = importlib.reload(duban.settings)
            self.assertFalse(reloaded.DEBUG)
        importlib.reload(duban.settings)

    def test_an_unknown_address_shows_the_products_chinese_404(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "页面不存在", status_code=404)
        self.assertNotContains(response, "Page not found", status_code=404)
        self.assertNotContains(response, "URLconf", status_code=404)

    @override_settings(DEBUG=False)
    def test_a_refusal_shows_the_products_403(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get("/accounts/users/")
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "Forbidden", status_code=403)
