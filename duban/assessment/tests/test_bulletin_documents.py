"""Bulletins as official documents: the command line contract, the wording they were published
with, and the PDF checked against GB/T 9704-2012."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from docx import Document

from duban.assessment import bulletin
from duban.assessment.choices import BulletinKind
from duban.assessment.services import compute_month, publish_bulletin, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.core.officialdoc.pdfcheck import layout_problems
from duban.core.officialdoc.tests.support import require_pdf_tools
from duban.documents.choices import DocumentKind
from duban.documents.models import WORDING_FIELDS
from duban.documents.queries import wording_for
from duban.documents.services import save_template
from duban.orgs.models import District
from tests.support.factories import SYSTEM, Personas

MARCH = Month(2021, 3)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@time_machine.travel(dt.datetime(2021, 4, 20, 10, tzinfo=dt.UTC), tick=False)
class BulletinDocumentTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        District.objects.create(name="鼓楼区", campaign_name="“抓项目促提升”专项行动")
        scored_district()
        make_method()
        compute_month(MARCH, actor=SYSTEM)
        publish_month(MARCH, actor=cls.supervisor)

    def setUp(self) -> None:
        self.out = Path(tempfile.mkdtemp(prefix="duban-doc-"))

    def document(self, *args: str) -> tuple[Path, str]:
        err = io.StringIO()
        call_command("document", *args, stderr=err, stdout=io.StringIO())
        return self.out, err.getvalue()

    def test_the_cli_writes_the_quarterly_bulletin(self) -> None:
        target = self.out / "q1.docx"
        _, warnings = self.document("bulletin", "--quarter", "2021Q1", "--out", str(target))
        text = docx_text(target)
        assert "关于2021年第1季度\n重点项目考评情况的通报" in text
        assert "鼓楼项目办〔2021〕13号" in text  # quarters follow the twelve months
        assert "介绍经验" in text and "72.00" in text
        assert "尚未发布，生成的是草稿" in warnings  # the bulletin itself is not published
        event = AuditEvent.objects.get(event="document.generated")
        assert event.detail["files"] == ["q1.docx"]

    def test_the_cli_writes_the_monthly_bulletin(self) -> None:
        target = self.out / "m3.docx"
        self.document("bulletin", "--month", "2021-03", "--out", str(target))
        assert "关于2021年3月重点项目考评情况的通报" in docx_text(target)

    def test_the_cli_says_when_the_months_scores_are_not_published(self) -> None:
        target = self.out / "m4.docx"
        _, warnings = self.document("bulletin", "--month", "2021-04", "--out", str(target))
        assert "2021年4月的考评结果尚未发布" in warnings
        assert "2021年4月考评结果尚未发布。" in docx_text(target)

    def test_the_cli_refuses_what_is_not_a_quarter_or_a_month(self) -> None:
        for args in (["--quarter", "2021Q5"], ["--month", "2021-13"], []):
            with pytest.raises((CommandError, SystemExit)):
                self.document("bulletin", *args, "--out", str(self.out / "x.docx"))

    def test_a_published_bulletin_keeps_the_wording_and_number_it_was_published_with(
        self,
    ) -> None:
        content = bulletin.build_content(BulletinKind.MONTHLY, 2021, 3)
        publish_bulletin(actor=self.supervisor, kind=BulletinKind.MONTHLY, year=2021, period=3,
                         number="鼓发改〔2021〕3号", content=content)  # fmt: skip
        wording = wording_for(DocumentKind.BULLETIN)
        values = {n: getattr(wording, n) for n in WORDING_FIELDS}
        values.update(signature="另一个机关", issuer_mark="另一个机关文件")
        save_template(DocumentKind.BULLETIN, actor=self.supervisor, expected_version=0,
                      values=values)  # fmt: skip
        target = self.out / "m3.docx"
        self.document("bulletin", "--month", "2021-03", "--out", str(target))
        text = docx_text(target)
        assert "鼓发改〔2021〕3号" in text and "鼓楼区发展和改革局" in text
        assert "另一个机关" not in text
        # A bulletin not yet published is written with today's wording.
        self.document("bulletin", "--quarter", "2021Q1", "--out", str(self.out / "q1.docx"))
        assert "另一个机关" in docx_text(self.out / "q1.docx")

    def test_the_bulletin_is_dated_when_it_would_have_been_issued(self) -> None:
        assert bulletin.issue_date(MARCH) == dt.date(2021, 4, 15)  # today is 20 April 2021
        assert bulletin.issue_date(Month(2021, 4)) == dt.date(2021, 4, 20)

    def test_the_page_shows_the_same_document_as_the_file(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("assessment:bulletin", args=["monthly", 2021, 3]))
        html = page.content.decode()
        assert "鼓楼区发展和改革局文件" in html and "特此通报。" in html
        assert "表1　街镇组考评得分及排名" in html


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="rendering does not depend on the database"
)
@time_machine.travel(dt.datetime(2021, 4, 20, 10, tzinfo=dt.UTC), tick=False)
class BulletinPdfTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        District.objects.create(name="鼓楼区", campaign_name="“抓项目促提升”专项行动")
        scored_district()
        make_method()
        compute_month(MARCH, actor=SYSTEM)
        publish_month(MARCH, actor=cls.supervisor)

    def test_each_bulletin_as_pdf_keeps_the_standard(self) -> None:
        require_pdf_tools()
        out = Path(tempfile.mkdtemp(prefix="duban-pdf-"))
        for name, args in (("q1", ["--quarter", "2021Q1"]), ("m3", ["--month", "2021-03"])):
            call_command("document", "bulletin", *args, "--out", str(out / f"{name}.docx"),
                         "--pdf", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
            kind, period = (
                (BulletinKind.QUARTERLY, 1) if name == "q1" else (BulletinKind.MONTHLY, 3)
            )
            content = bulletin.build_content(kind, 2021, period)
            numbers = [
                v for g in content["groups"] for r in g["rows"] for v in [*r["items"], r["total"]]
            ]
            numbers += [r["rate_text"] for r in content["district_progress"]]
            problems = layout_problems(
                out / f"{name}.pdf",
                numbers=numbers,
                texts=["特此通报。", "请各单位对照考评结果", content["date"]],
                imprint=True,
            )
            assert problems == [], name
