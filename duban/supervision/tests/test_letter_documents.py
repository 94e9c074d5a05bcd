"""Supervision letters as official documents (信函格式): the template's wording and 文号 prefix,
kept by each letter once issued; the command line; the PDF checked against the standard."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal as D
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from docx import Document

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.core.officialdoc.pdfcheck import layout_problems
from duban.core.officialdoc.tests.support import require_pdf_tools
from duban.documents.choices import DocumentKind
from duban.documents.models import WORDING_FIELDS
from duban.documents.queries import wording_for
from duban.documents.services import save_template
from duban.projects.choices import Listing
from duban.projects.models import Project
from duban.supervision import services
from duban.supervision.documents import body_paragraphs
from duban.supervision.models import SupervisionLetter
from duban.supervision.queries import compute_lights
from duban.supervision.tests.factories import SupervisionCase, make_district
from tests.support.factories import make_listing, make_project

SEPT = Month(2021, 9)


@time_machine.travel(dt.datetime(2021, 10, 8, 10, tzinfo=dt.UTC), tick=False)
class LetterDocumentTests(SupervisionCase):
    project: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        cls.project = make_project(unit=cls.street, code="GL20210042", name="鼓东商业综合体项目")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))

    def issue(self) -> SupervisionLetter:
        light = next(x for x in compute_lights(SEPT) if x.object_id == self.project.pk)
        return services.issue_letter(
            light, actor=self.supervisor, deadline=dt.date(2021, 10, 18), month=SEPT
        )

    def edit_letter_template(self, **changes: str) -> None:
        wording = wording_for(DocumentKind.LETTER)
        values = {n: getattr(wording, n) for n in WORDING_FIELDS} | changes
        save_template(DocumentKind.LETTER, actor=self.supervisor,
                      expected_version=wording.version, values=values)  # fmt: skip

    def test_letters_are_numbered_with_the_templates_prefix(self) -> None:
        assert self.issue().number == "鼓楼督〔2021〕1号"
        self.edit_letter_template(number_prefix="鼓发改督")
        assert self.issue().number == "鼓发改督〔2021〕2号"

    def test_a_letter_keeps_the_wording_it_was_issued_with(self) -> None:
        letter = self.issue()
        self.edit_letter_template(closing="此函。", signature="另一个机关")
        letter.refresh_from_db()
        assert body_paragraphs(letter)[-1] == "特此函告。"
        assert letter.issuer_name == "鼓楼区发展和改革局"
        assert body_paragraphs(self.issue())[-1] == "此函。"

    def test_the_cli_writes_a_letter_by_its_number(self) -> None:
        letter = self.issue()
        out = Path(tempfile.mkdtemp(prefix="duban-letter-")) / "letter.docx"
        call_command("document", "letter", "--number", str(letter.serial), "--year", "2021",
                     "--out", str(out), stdout=io.StringIO())  # fmt: skip
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert "鼓楼督〔2021〕1号" in text and "鼓东街道：" in text and "特此函告。" in text
        assert AuditEvent.objects.filter(event="document.generated").count() == 1
        with pytest.raises(CommandError, match="没有2021年第9号督办函"):
            call_command("document", "letter", "--number", "9", "--year", "2021",
                         "--out", str(out))  # fmt: skip

    def test_the_letter_page_shows_the_document(self) -> None:
        letter = self.issue()
        self.client.force_login(self.reporter)
        html = self.client.get(reverse("supervision:letter", args=[letter.pk])).content.decode()
        assert "关于加快推进鼓东商业综合体项目的督办函" in html
        assert "请你单位高度重视" in html


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="rendering does not depend on the database"
)
@time_machine.travel(dt.datetime(2021, 10, 8, 10, tzinfo=dt.UTC), tick=False)
class LetterPdfTests(SupervisionCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        project = make_project(unit=cls.street, code="GL20210042", name="鼓东商业综合体项目")
        make_listing(project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        light = next(x for x in compute_lights(SEPT) if x.object_id == project.pk)
        cls.letter = services.issue_letter(
            light, actor=cls.supervisor, deadline=dt.date(2021, 10, 18), month=SEPT
        )

    def test_the_letter_as_pdf_keeps_the_letter_format(self) -> None:
        require_pdf_tools()
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("supervision:letter_pdf", args=[self.letter.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment;" in response["Content-Disposition"]
        pdf = Path(tempfile.mkdtemp(prefix="duban-letter-pdf-")) / "letter.pdf"
        pdf.write_bytes(response.content)
        problems = layout_problems(
            pdf,
            letterhead=True,
            numbers=["1,200", "75%", "0%"],
            texts=[*body_paragraphs(self.letter), "鼓楼区发展和改革局", "2021年10月8日"],
        )
        assert problems == []
        event = AuditEvent.objects.get(event="letter.downloaded")
        assert event.detail == {"format": "pdf"}
