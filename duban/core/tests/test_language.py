"""The UI is Simplified Chinese by default and switchable to English."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from duban.core.testing import Personas


class LanguageTests(Personas):
    def test_pages_are_in_simplified_chinese_by_default(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("projects:ledger"))
        self.assertContains(response, "项目台账")
        self.assertContains(response, 'lang="zh-hans"')

    def test_switching_to_english_translates_the_menu_and_headings(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("projects:ledger"))
        self.assertContains(response, "Project ledger")
        self.assertContains(response, 'lang="en"')
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        self.assertContains(self.client.get(reverse("projects:ledger")), "项目台账")
