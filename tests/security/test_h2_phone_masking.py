"""H2: phone numbers are masked on the account pages; revealing one is audited."""

from __future__ import annotations

from django.urls import reverse

from duban.accounts.masking import mask_phone
from tests.security.support import events
from tests.support.factories import Personas


class PhoneTests(Personas):
    def setUp(self) -> None:
        self.reporter.phone = "13812341234"
        self.reporter.save()

    def test_h2_the_mask_keeps_three_and_four_digits(self) -> None:
        self.assertEqual(mask_phone("13812341234"), "138****1234")
        self.assertEqual(mask_phone("12345"), "*****")
        self.assertEqual(mask_phone(""), "")

    def test_h2_the_account_list_and_page_show_the_masked_number(self) -> None:
        for admin in (self.sysadmin, self.secadmin):
            self.client.force_login(admin)
            for url in (
                reverse("accounts:users"),
                reverse("accounts:user", args=[self.reporter.pk]),
            ):
                response = self.client.get(url)
                self.assertContains(response, "138****1234")
                self.assertNotContains(response, "13812341234")

    def test_h2_revealing_is_audited_and_only_for_the_system_admin(self) -> None:
        self.client.force_login(self.secadmin)
        response = self.client.post(reverse("accounts:reveal_phone", args=[self.reporter.pk]))
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("accounts:reveal_phone", args=[self.reporter.pk]), follow=True
        )
        self.assertContains(response, "13812341234")
        rows = events("user.phone_revealed")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0].actor_username, "sysadmin")
        self.assertNotIn("13812341234", str(rows[0].detail) + str(rows[0].after))
