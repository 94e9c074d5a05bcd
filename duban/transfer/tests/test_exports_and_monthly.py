"""E4 (no live formulas in exports) and the monthly template round trip."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from duban.core.asof import Month
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import Category
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.transfer import services
from duban.transfer.cells import DANGEROUS_PREFIXES
from duban.transfer.exports.ledger import export_ledger
from duban.transfer.exports.monthly import export_monthly_template
from duban.transfer.tests.helpers import business_counts
from tests.support.factories import make_project, make_report, make_user
from tests.support.spreadsheets import setup_district

pytestmark = pytest.mark.django_db
PAYLOADS = [f"{p}SUM(1+1)*cmd|' /C calc'!A0" for p in DANGEROUS_PREFIXES]


def test_e4_text_that_looks_like_a_formula_is_exported_as_text_and_reads_back_unchanged() -> None:
    setup_district()
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"))
    category = Category.objects.get(code="industry")
    unit = Unit.objects.get(code="gudong")
    for i, payload in enumerate(PAYLOADS):
        make_project(code=f"F{i}", name=f"项目{i}", description=payload, location=payload[:60],
                     unit=unit, category=category)  # fmt: skip
    data, _ = export_ledger(supervisor, year=2021)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    ws = load_workbook(io.BytesIO(data))["项目台账"]
    described = {ws.cell(row=r, column=19).value for r in range(3, 3 + len(PAYLOADS))}
    assert described == set(PAYLOADS)
    for r in range(3, 3 + len(PAYLOADS)):
        cell = ws.cell(row=r, column=19)
        assert cell.data_type == "s" and cell.quotePrefix
    # And importing that export back trusts nothing and changes nothing.
    preview = services.preview_file("x.xlsx", data, kind="ledger", actor=supervisor, year=2021)
    assert preview.ok and preview.counts["unchanged"] == len(PAYLOADS)


@time_machine.travel("2021-10-03 10:00 +0800", tick=False)
def test_a_monthly_template_filled_in_like_a_person_would_uploads_as_drafts() -> None:
    setup_district()
    unit = Unit.objects.get(code="gudong")
    reporter = make_user(Role.REPORTER, unit, username="gudong_reporter")
    category = Category.objects.get(code="services")
    p1 = make_project(code="M1", name="月报项目一", unit=unit, category=category)
    p2 = make_project(code="M2", name="月报项目二", unit=unit, category=category)
    p3 = make_project(code="M3", name="月报项目三", unit=unit, category=category)
    make_project(code="OTHER", unit=Unit.objects.get(code="guxi"), category=category)
    make_report(p1, year=2021, month=8, investment_wan=Decimal(800), progress_text="主体施工")
    month = Month(2021, 9)
    data, rows = export_monthly_template(reporter, unit=unit, month=month)
    assert rows == 3  # only the unit's own projects
    book = load_workbook(io.BytesIO(data))
    ws = book["月报"]
    assert ws["A4"].value == "M1" and ws["C4"].value == 800 and ws["D4"].value == "主体施工"
    # A person fills in two of the three projects and leaves the third blank.
    ws["E4"] = 950
    ws["F4"] = "主体结构封顶"
    ws["H4"] = "高"
    ws["E5"] = "1,200.5"
    ws["F5"] = "完成桩基"
    ws["G5"] = "用地指标待落实"
    ws["H5"] = "中"
    ws["I5"] = "等待用地审批"
    buffer = io.BytesIO()
    book.save(buffer)
    filled = buffer.getvalue()
    preview = services.preview_file("月报.xlsx", filled, kind="monthly", actor=reporter, year=2021)
    assert preview.ok, [str(i) for i in preview.issues]
    assert [r.outcome for r in preview.rows] == ["new", "new", "skipped"]
    services.commit(preview, actor=reporter)
    r1 = MonthlyReport.objects.get(project=p1, year=2021, month=9)
    r2 = MonthlyReport.objects.get(project=p2, year=2021, month=9)
    assert r1.status == r2.status == ReportStatus.DRAFT
    assert r1.investment_wan == Decimal(950) and r1.confidence == "high"
    assert r2.investment_wan == Decimal("1200.50") and r2.problems_text == "用地指标待落实"
    assert not MonthlyReport.objects.filter(project=p3, month=9).exists()
    # The same upload again changes nothing.
    before = business_counts()
    again = services.preview_file("月报.xlsx", filled, kind="monthly", actor=reporter, year=2021)
    assert again.counts["unchanged"] == 2 and again.writes == 0
    # A submitted report cannot be overwritten by an upload.
    MonthlyReport.objects.filter(pk=r1.pk).update(status=ReportStatus.SUBMITTED)
    ws["E4"] = 999
    buffer = io.BytesIO()
    book.save(buffer)
    refused = services.preview_file(
        "月报.xlsx", buffer.getvalue(), kind="monthly", actor=reporter, year=2021
    )
    assert not refused.ok and "已报送" in str(refused.issues[0])
    assert business_counts()["MonthlyReport"] == before["MonthlyReport"]


def test_a_reporter_cannot_upload_figures_for_another_units_project() -> None:
    setup_district()
    category = Category.objects.get(code="services")
    other = make_project(code="X9", unit=Unit.objects.get(code="guxi"), category=category)
    reporter = make_user(Role.REPORTER, Unit.objects.get(code="gudong"))
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"))
    data, _ = export_monthly_template(supervisor, unit=other.unit, month=Month(2021, 9))
    book = load_workbook(io.BytesIO(data))
    book["月报"]["E4"] = 10
    buffer = io.BytesIO()
    book.save(buffer)
    preview = services.preview_file(
        "m.xlsx", buffer.getvalue(), kind="monthly", actor=reporter, year=2021
    )
    assert not preview.ok and "不是本单位的项目" in str(preview.issues[0])


def test_money_targets_print_in_yi_unless_the_policy_would_round_them_then_in_wan() -> None:
    """The number policy prints at most two decimals; 78,112万元 is 7.8112亿元, so that
    target and its parts are exported in 万元, exactly, and the import reads them back."""
    from duban.targets.choices import MetricKind
    from duban.transfer.exports.targets import export_targets
    from tests.support.factories import make_metric, make_target

    setup_district()
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"))
    money = make_metric(MetricKind.INVESTMENT_COMPLETED, unit="万元", name="年度完成投资")
    round_yi = make_target(metric=money, value=Decimal(200000))  # 20亿元
    uneven = make_target(metric=money, value=Decimal(156224), title="某区域投资")
    make_target(
        metric=money, value=Decimal(78112), parent=uneven, unit=Unit.objects.get(code="gudong")
    )
    data, _ = export_targets(supervisor, year=2021)
    ws = load_workbook(io.BytesIO(data))["任务分解表"]
    rows = {(r[0], r[6]): r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows[(round_yi.pk, "全区")][4:6] == ("亿元", 20)
    assert rows[(uneven.pk, "全区")][4:6] == ("万元", 156224)
    assert rows[(uneven.pk, "鼓东街道")][7] == 78112
    preview = services.preview_file("t.xlsx", data, kind="targets", actor=supervisor, year=2021)
    assert preview.ok and not preview.counts.get("updated")
