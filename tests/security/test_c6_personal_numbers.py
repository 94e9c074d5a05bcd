"""C6, H2 (issue #14): no full phone (or ID-card) number in the audit trail or its export.

The finding: `user.created` / `user.updated` stored full phone numbers in before/after, and
the audit CSV exported them. They are masked as on the pages (138****5678) when written, and
again on the way out for rows written before the rule.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from duban.accounts import services
from duban.audit.masking import mask_personal, mask_text
from duban.audit.models import AuditEvent
from tests.security.support import events
from tests.support.factories import Personas

PHONE = "13812345678"
NEW_PHONE = "13998765432"
ID_CARD = "350102199001011234"


class PersonalNumberTests(Personas):
    def _dump(self) -> str:
        return " ".join(
            f"{e.before} {e.after} {e.detail} {e.object_repr}" for e in AuditEvent.objects.all()
        )

    def test_c6_account_events_keep_only_masked_phone_numbers(self) -> None:
        user, _ = services.create_user(
            actor=self.sysadmin, username="xinren", first_name="新人", phone=PHONE
        )
        services.update_account(user, actor=self.sysadmin, changes={"phone": NEW_PHONE})
        self.assertEqual(events("user.created")[0].after["phone"], "138****5678")
        updated = events("user.updated")[0]
        self.assertEqual((updated.before["phone"], updated.after["phone"]),
                         ("138****5678", "139****5432"))  # fmt: skip
        dump = self._dump()
        for number in (PHONE, NEW_PHONE):
            self.assertNotIn(number, dump)
        user.refresh_from_db()
        self.assertEqual(user.phone, NEW_PHONE)  # the account itself keeps the number

    def test_c6_the_export_masks_numbers_even_in_rows_written_before_the_rule(self) -> None:
        AuditEvent.objects.create(
            occurred_at=timezone.now(), event="user.updated", before={"phone": PHONE},
            after={"note": f"联系电话{NEW_PHONE}，身份证{ID_CARD}"}, prev_hash="0" * 64,
            hash="f" * 64,
        )  # fmt: skip
        self.client.force_login(self.auditadmin)
        body = b"".join(self.client.get(reverse("audit:export")).streaming_content).decode()
        for number in (PHONE, NEW_PHONE, ID_CARD):
            self.assertNotIn(number, body)
        self.assertIn("138****5678", body)

    def test_c6_hashes_and_codes_are_not_mistaken_for_numbers(self) -> None:
        digest = "a13812345678b" + "0" * 51
        self.assertEqual(mask_text(digest), digest)
        self.assertEqual(mask_text("GL20210042"), "GL20210042")
        self.assertEqual(mask_personal({"phone": "12345"}), {"phone": "*****"})
        self.assertEqual(mask_text(f"身份证{ID_CARD}"), "身份证350102***********4")
