"""The UI is Simplified Chinese by default and switchable to English."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import SimpleTestCase
from django.urls import reverse

from duban.accounts.models import User
from tests.support.factories import Personas


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


PO_PATH = Path(settings.BASE_DIR) / "duban" / "locale" / "en" / "LC_MESSAGES" / "django.po"
# An app may keep its own English catalogue (duban/<app>/locale/en/...): makemessages puts the
# app's strings there, and every catalogue is held to the same rules.
ALL_PO = [
    PO_PATH,
    *sorted((Path(settings.BASE_DIR) / "duban").glob("*/locale/en/LC_MESSAGES/django.po")),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")


class EnglishCatalogueTests(SimpleTestCase):
    """Every string the UI can show has an English translation that keeps its placeholders."""

    def test_every_entry_of_the_english_catalogue_is_translated(self) -> None:
        self.assertGreater(len(polib.pofile(str(PO_PATH))), 800)
        untranslated, fuzzy, obsolete = [], [], []
        for path in ALL_PO:
            catalogue = polib.pofile(str(path))
            untranslated += [e.msgid for e in catalogue if not e.translated()]
            fuzzy += [e.msgid for e in catalogue if "fuzzy" in e.flags]
            obsolete += [e.msgid for e in catalogue.obsolete_entries()]
        self.assertEqual(untranslated, [])
        self.assertEqual(fuzzy, [])
        self.assertEqual(obsolete, [])

    def test_translations_keep_every_placeholder_of_the_chinese_string(self) -> None:
        wrong = []
        for entry in (e for path in ALL_PO for e in polib.pofile(str(path))):
            forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            for text in forms:
                if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                    wrong.append((entry.msgid, text))
        self.assertEqual(wrong, [])


class EnglishPagesTests(Personas):
    """With the language cookie set to English, each app's main page speaks English."""

    def _get_in_english(self, user: User, url_name: str) -> HttpResponse:
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200, url_name)
        self.assertContains(response, 'lang="en"')
        return response

    @time_machine.travel("2021-09-20 10:00 +08:00", tick=False)
    def test_the_supervisor_menu_and_the_main_pages_of_each_app_are_in_english(self) -> None:
        pages = [
            ("projects:ledger", ["Project ledger", "Planned start"], "项目台账"),
            ("targets:table", ["targets and decomposition"], "年目标任务及分解"),
            ("targets:revisions", ["Target adjustments", "Request adjustment"], "提交调整申请"),
            ("reports:index", ["Monthly dispatch", "Reporting by unit"], "各单位报送情况"),
            ("supervision:board", ["Warning board", "Overdue nodes"], "预警看板"),
            ("problems:problems", ["Problems (one enterprise, one meeting)"], "协调事项"),
            ("supervision:letters", ["Supervision letter"], "暂无督办函"),
            ("assessment:index", ["Monthly ranking", "Quarterly bulletin meeting"], "月度排名"),
            ("transfer:index", ["Upload and preview", "Download template"], "上传并预览"),
            ("intake:index", ["Document intake: from work report to targets"], "文件识别"),
        ]
        for url_name, english, chinese in pages:
            with self.subTest(url_name):
                response = self._get_in_english(self.supervisor, url_name)
                for text in english:
                    self.assertContains(response, text)
                self.assertNotContains(response, chinese)
        menu = self._get_in_english(self.supervisor, "projects:ledger")
        for label in ["Targets", "Monthly dispatch", "Warnings", "Assessment", "Big screen"]:
            self.assertContains(menu, f">{label}</a>")

    def test_the_admin_pages_are_in_english(self) -> None:
        users = self._get_in_english(self.sysadmin, "accounts:users")
        self.assertContains(users, "System admin: create and disable accounts, reset passwords")
        self.assertContains(users, "Create account")
        audit = self._get_in_english(self.auditadmin, "audit:index")
        self.assertContains(audit, "Read-only; viewing and exporting are recorded")
        self.assertNotContains(audit, "审计日志")

    def test_the_big_screen_page_has_an_english_title(self) -> None:
        response = self._get_in_english(self.supervisor, "screen:index")
        self.assertContains(response, "Key project assessment screen")
        self.assertContains(response, "Only published assessment results are shown")

    def test_chinese_stays_the_default_on_the_same_pages(self) -> None:
        self.client.force_login(self.supervisor)
        self.assertContains(self.client.get(reverse("supervision:board")), "预警看板")
        self.assertContains(self.client.get(reverse("transfer:index")), "上传并预览")
