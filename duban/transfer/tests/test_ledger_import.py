"""Importing ledgers as districts keep them, and the F1 rules: all or nothing, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from duban.audit.models import AuditEvent
from duban.audit.services import verify_chain
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.choices import Listing
from duban.projects.models import Category, PlanListing, Project
from duban.transfer import services
from duban.transfer.exports.ledger import export_ledger
from duban.transfer.preview import Preview
from duban.transfer.tests.helpers import business_counts, counts, xlsx
from tests.support.factories import make_project, make_user
from tests.support.spreadsheets import setup_district, write_attachment1

pytestmark = pytest.mark.django_db


def _preview(name: str, data: bytes, actor: object = None) -> Preview:
    return services.preview_file(name, data, kind="ledger", actor=actor, year=2021)


@pytest.fixture
def supervisor() -> object:
    setup_district()
    return make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_import")


def test_f1_attachment1_imports_into_an_empty_district_and_round_trips_unchanged(
    tmp_path: Path, supervisor: object
) -> None:
    path = tmp_path / "附件1.xlsx"
    written = write_attachment1(path, per_table=30)
    preview = _preview(path.name, path.read_bytes(), supervisor)
    assert preview.ok, [str(i) for i in preview.issues[:5]]
    assert preview.counts["new"] == written == 150
    assert preview.counts["skipped"] > 0  # 合计 and 小计 rows, reported
    assert not preview.unknown_columns
    services.commit(preview, actor=supervisor)
    assert Project.objects.count() == written
    # One sheet per category table; 亿元 converted; listings in the year of the header.
    assert set(Project.objects.values_list("category__name", flat=True)) == {
        "工业", "服务业", "数字经济", "生态及民生", "招商",
    }  # fmt: skip
    assert PlanListing.objects.filter(year=2021).count() == written
    assert Project.objects.filter(total_investment_wan__lt=10000).count() == 0
    assert PlanListing.objects.filter(kind=Listing.NEW_LANDED).count() == 30
    assert verify_chain().ok
    # Export, then re-import the export: every row unchanged, nothing written.
    exported, rows = export_ledger(supervisor, year=2021)
    assert rows == written
    before = counts()
    again = _preview("台账导出.xlsx", exported, supervisor)
    assert again.ok
    assert again.counts["unchanged"] == written and again.writes == 0
    assert counts() == before


def test_f1_reimporting_the_same_file_changes_nothing_and_writes_no_audit_rows(
    tmp_path: Path, supervisor: object
) -> None:
    path = tmp_path / "ledger.xlsx"
    write_attachment1(path, per_table=10)
    services.commit(_preview(path.name, path.read_bytes(), supervisor), actor=supervisor)
    before = counts()
    second = _preview(path.name, path.read_bytes(), supervisor)
    assert second.counts["unchanged"] == 50 and second.writes == 0
    # Committing a no-op preview only records the batch itself.
    services.commit(second, actor=supervisor)
    after = counts()
    assert after["Project"] == before["Project"] and after["PlanListing"] == before["PlanListing"]
    assert after["AuditEvent"] == before["AuditEvent"] + 1  # the import.committed row only


def test_f1_one_bad_row_means_nothing_is_written_and_the_error_names_its_place(
    supervisor: object,
) -> None:
    data = xlsx(
        [
            ["2021年重点项目台账"],
            ["项目名称", "责任单位", "项目类别", "总投资（亿元）", "计划开工时间"],
            ["好项目一", "鼓东街道", "工业", "1.5", "2021.3"],
            ["好项目二", "鼓西", "服务业", 2, "2021年4月"],
            ["坏项目", "不存在街道", "工业", "待定", "明年"],
        ],
        title="台账",
    )
    before = business_counts()
    preview = _preview("bad.xlsx", data, supervisor)
    assert not preview.ok
    texts = [str(i) for i in preview.issues]
    assert any(
        "工作表“台账”第 5 行" in t and "B列“责任单位”" in t and "不存在街道" in t for t in texts
    )
    assert any("D列“总投资”" in t or "D列“总投资（亿元）”" in t for t in texts)
    assert any("E列" in t and "日期" in t for t in texts)
    with pytest.raises(ValueError):
        services.commit(preview, actor=supervisor)
    assert business_counts() == before


def test_a_failure_during_commit_rolls_back_every_row(supervisor: object) -> None:
    existing = make_project(
        name="已有项目",
        unit=Unit.objects.get(code="gudong"),
        category=Category.objects.get(code="industry"),
    )
    data = xlsx(
        [
            ["项目编号", "项目名称", "责任单位", "项目类别", "总投资（万元）"],
            ["NEW-1", "新项目", "鼓东", "工业", 12000],
            [existing.code, "已有项目（改名）", "鼓东", "工业", 15000],
        ]
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert preview.counts == {**preview.counts, "new": 1, "update": 1}
    Project.objects.filter(pk=existing.pk).update(version=99)  # someone saved meanwhile
    before = counts()
    with pytest.raises(Exception, match="已被他人修改"):
        services.commit(preview, actor=supervisor)
    assert counts() == before
    assert not Project.objects.filter(code="NEW-1").exists()


def test_rows_without_codes_match_by_name_and_unit_and_ambiguity_is_reported(
    supervisor: object,
) -> None:
    unit = Unit.objects.get(code="gudong")
    category = Category.objects.get(code="services")
    make_project(code="A1", name="同名项目", unit=unit, category=category)
    make_project(code="A2", name="同名项目", unit=unit, category=category)
    single = make_project(code="B1", name="唯一项目", unit=unit, category=category)
    data = xlsx(
        [
            ["项目名称", "责任单位", "总投资（万元）"],
            ["同名项目", "鼓东", 100],
            ["唯一项目", "鼓东街道", str(single.total_investment_wan)],
        ]
    )
    preview = _preview("x.xlsx", data, supervisor)
    first, second = preview.rows
    assert (
        first.outcome == "error" and "A1" in str(first.issues[0]) and "A2" in str(first.issues[0])
    )
    assert second.outcome == "unchanged" and second.key == "B1"


def test_messy_values_are_read_as_people_write_them(supervisor: object) -> None:
    data = xlsx(
        [
            ["某区重点项目表", None, None, None, None, None, None],
            ["单位：亿元", None, None, None, None, None, None],
            [
                "项目 名称",
                "责任 单位",
                "类别",
                "总投资（亿元）",
                "2021年计划投资（万元）",
                "年度计划类别",
                "计划竣工时间",
            ],
            ["甲", "鼓东", "工业", "１.２５", "３０００", "新 开工", 44562],
            [],
            ["乙", "区商务局", "招商", "二", "1,200", "新落地", "2022/6/30"],
            ["合计", None, None, "3.25", None, None, None],
        ]
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert preview.ok, [str(i) for i in preview.issues]
    services.commit(preview, actor=supervisor)
    a = Project.objects.get(name="甲")
    b = Project.objects.get(name="乙")
    assert a.total_investment_wan == Decimal("12500.00") and b.total_investment_wan == Decimal(
        20000
    )
    assert str(a.planned_completion) == "2022-01-01" and str(b.planned_completion) == "2022-06-30"
    assert a.listings.get().planned_investment_wan == Decimal(3000)
    assert b.unit.code == "swj" and b.listings.get().kind == Listing.NEW_LANDED
    assert [r.outcome for r in preview.rows] == ["new", "new", "skipped"]


def test_csv_in_gb18030_and_utf8_with_bom_both_import(supervisor: object) -> None:
    text = "项目名称,责任单位,项目类别,总投资（万元）\n丙项目,鼓东,工业,10000\n"
    for encoding in ("gb18030", "utf-8-sig", "utf-8"):
        preview = services.preview_file(
            "台账.csv", text.encode(encoding), kind="ledger", actor=supervisor, year=2021
        )
        assert preview.ok and preview.rows[0].name == "丙项目", encoding


def test_unknown_columns_are_reported_and_a_saved_mapping_is_used_next_time(
    supervisor: object,
) -> None:
    data = xlsx(
        [["项目名称", "责任单位", "项目类别", "投资额度（万元）"], ["丁", "鼓东", "工业", 500]]
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert [i.column for i in preview.unknown_columns] == ["D列“投资额度（万元）”"]
    assert not preview.ok  # a new project needs its total investment
    services.save_mapping(
        actor=supervisor, kind="ledger", header="投资额度（万元）", field="total_investment_wan"
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert preview.ok and not preview.unknown_columns


def test_imported_formula_cells_are_flagged_not_trusted(supervisor: object) -> None:
    data = xlsx(
        [["项目名称", "责任单位", "项目类别", "总投资（万元）"], ["戊", "鼓东", "工业", "=1000*10"]]
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert not preview.ok
    assert "公式" in str(preview.issues[0])


def test_a_reporter_may_not_import_a_ledger() -> None:
    setup_district()
    reporter = make_user(Role.REPORTER, Unit.objects.get(code="gudong"))
    with pytest.raises(PermissionDenied):
        _preview("x.xlsx", xlsx([["项目名称", "责任单位"], ["a", "鼓东"]]), reporter)


def test_the_export_is_print_ready(supervisor: object) -> None:
    make_project(
        unit=Unit.objects.get(code="gudong"), category=Category.objects.get(code="industry")
    )
    data, _ = export_ledger(supervisor, year=2021)
    ws = load_workbook(io.BytesIO(data))["项目台账"]
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(
        ws.PAPERSIZE_A4
    )
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["C"].width == 36
    assert ws["H3"].number_format == "#,##0.00" and "万元" in ws["H2"].value
    assert AuditEvent.objects.filter(event="export.ledger").count() == 1
