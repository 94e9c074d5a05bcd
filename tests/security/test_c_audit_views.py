"""The audit trail pages (C1, C3, B4): the audit admin reads and exports it, both audited;
the list shows every row of the page; exported cells never carry live formulas."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.audit.services import record
from duban.audit.views import csv_safe
from tests.security.support import events
from tests.support.factories import Personas


class AuditPagesTests(Personas):
    def setUp(self) -> None:
        for i in range(3):
            record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": i})
        record("auth.login_failed", username='=HYPERLINK("http://x")', outcome="failure")
        self.client.force_login(self.auditadmin)

    def test_c1_the_list_shows_every_row_and_its_own_view_is_audited(self) -> None:
        with self.assertNumQueries(12):  # constant: no query per row
            response = self.client.get(reverse("audit:index"))
        self.assertEqual(len(response.context["rows"]), 4)
        self.assertEqual(len(events("audit.viewed")), 1)

    def test_c1_filters_narrow_the_list(self) -> None:
        response = self.client.get(reverse("audit:index"), {"event": "auth.", "outcome": "failure"})
        self.assertEqual([r.event for r, _ in response.context["rows"]], ["auth.login_failed"])

    def test_c1_the_export_is_audited_and_formula_safe(self) -> None:
        response = self.client.get(reverse("audit:export"))
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(len(rows), 1 + 4)
        self.assertTrue(any(cell.startswith("'=HYPERLINK") for row in rows for cell in row))
        self.assertFalse(any(cell.startswith("=") for row in rows for cell in row))
        self.assertEqual(len(events("audit.exported")), 1)
        self.assertEqual(AuditEvent.objects.filter(event="audit.exported").get().detail["rows"], 4)

    def test_e4_csv_cells_starting_like_formulas_are_quoted(self) -> None:
        for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"):
            self.assertTrue(csv_safe(dangerous).startswith("'"))
        self.assertEqual(csv_safe("鼓东"), "鼓东")
