"""三(一): each unit records its 主要领导, 分管领导 and 联络员 (phones masked everywhere but
stored whole); leaders are paired with enterprises and projects with a 帮扶 log; enterprises
flagged 困难企业 or 重点企业直通车."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.people import services
from duban.people.choices import ContactRole, VisitKind
from duban.people.models import Contact
from duban.problems.models import Enterprise
from tests.support.factories import Personas, make_leader, make_project


class ContactTests(Personas):
    def test_a_unit_records_its_people_and_phones_show_masked(self) -> None:
        self.client.force_login(self.reporter)
        self.client.post(
            reverse("people:contact_add", args=[self.street.pk]),
            {"role": "liaison", "name": "王丽娟", "post": "项目办干部", "phone": "13912345678"},
        )
        contact = Contact.objects.get()
        self.assertEqual(contact.phone, "13912345678")
        page = self.client.get(reverse("orgs:unit", args=[self.street.code]))
        self.assertContains(page, "王丽娟")
        self.assertContains(page, "139****5678")
        self.assertNotContains(page, "13912345678")
        event = AuditEvent.objects.get(event="contact.saved")
        self.assertNotIn("13912345678", str(event.after))

    def test_a_blank_phone_keeps_the_number_and_others_cannot_edit(self) -> None:
        contact = services.save_contact(
            actor=self.reporter, unit=self.street, role=ContactRole.MAIN, name="陈书记",
            post="党工委书记", phone="13800001111",
        )  # fmt: skip
        self.client.force_login(self.reporter)
        url = reverse("people:contact", args=[contact.pk])
        page = self.client.get(url)
        self.assertNotContains(page, "13800001111")
        self.client.post(
            url, {"version": 1, "role": "main", "name": "陈书记", "post": "党工委书记（主持）",
                  "phone": ""},
        )  # fmt: skip
        contact.refresh_from_db()
        self.assertEqual((contact.post, contact.phone), ("党工委书记（主持）", "13800001111"))
        with self.assertRaises(PermissionDenied):
            services.save_contact(
                actor=self.other_reporter, unit=self.street, role=ContactRole.LIAISON,
                name="冒名", post="x",
            )  # fmt: skip
        self.client.force_login(self.other_reporter)
        self.assertEqual(self.client.get(url).status_code, 404)


class PairingTests(Personas):
    def test_leaders_are_paired_with_enterprises_and_projects_and_visits_logged(self) -> None:
        enterprise = Enterprise.objects.create(name="示例科技有限公司", unit=self.street)
        services.flag_enterprise(
            enterprise, actor=self.supervisor, difficult=True, through_train=False, note="用地"
        )
        district = services.pair(actor=self.supervisor, leader=make_leader(), enterprise=enterprise)
        main = services.save_contact(
            actor=self.reporter, unit=self.street, role=ContactRole.MAIN, name="陈书记",
            post="党工委书记",
        )  # fmt: skip
        project = make_project(unit=self.street)
        own = services.pair(actor=self.reporter, contact=main, project=project)
        services.log_visit(
            own, actor=self.reporter, on=dt.date(2021, 6, 8), kind=VisitKind.ONSITE,
            content="现场办公", outcome="解决临时用电",
        )  # fmt: skip
        with self.assertRaises(PermissionDenied):
            services.pair(actor=self.reporter, leader=make_leader(), enterprise=enterprise)
        with self.assertRaises(PermissionDenied):
            services.log_visit(
                district, actor=self.other_reporter, on=dt.date(2021, 6, 8),
                kind=VisitKind.VISIT, content="x",
            )  # fmt: skip
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("people:pairings"))
        self.assertContains(page, "解决临时用电")
        self.assertContains(page, "示例科技有限公司")
        self.client.force_login(self.other_reporter)
        page = self.client.get(reverse("people:pairings"))
        self.assertNotContains(page, "解决临时用电")
        self.assertNotContains(page, "示例科技有限公司")
