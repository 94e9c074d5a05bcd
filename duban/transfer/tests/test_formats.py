"""The spreadsheets people really have: the sample ledger saved as .xls, WPS .et, .ods and
Excel 2003 XML imports to the same preview as the .xlsx, commits the same way, and every
format keeps the E4 rule (formula cells flagged, never trusted) and shows error cells."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlwt
from openpyxl import Workbook, load_workbook

from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import Project
from duban.transfer import reader, services
from duban.transfer.formulas import _CellPass, scan_sheet
from duban.transfer.limits import Limits
from duban.transfer.preview import Preview
from duban.transfer.safety import FileRefused, inspect_file
from duban.transfer.tests.helpers import counts, spreadsheetml, xlsx
from duban.transfer.tests.office import convert, require_soffice
from tests.support.factories import make_target, make_user
from tests.support.hostile_files import ods_bytes, xls_bytes
from tests.support.spreadsheets import setup_district, write_attachment1

pytestmark = pytest.mark.django_db
HEADER = ["项目名称", "责任单位", "项目类别", "总投资（万元）"]


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample ledger (附件1 layout: titles, two-row merged header, 亿元, dates in every
    form, 小计/合计 rows) as .xlsx, and as LibreOffice saves it in the other formats."""
    require_soffice()
    folder = tmp_path_factory.mktemp("formats")
    profile = folder / "profile"
    source = folder / "附件1.xlsx"
    write_attachment1(source, per_table=6)
    files = {
        "xlsx": source,
        "xls": convert(source, "xls", folder / "xls", profile),
        "ods": convert(source, "ods", folder / "ods", profile),
    }
    # WPS's .et is BIFF inside (or an .xlsx inside): the content decides, not the name.
    files["et"] = folder / "附件1.et"
    files["et"].write_bytes(files["xls"].read_bytes())
    files["et-xlsx"] = folder / "附件1（新版WPS）.et"
    files["et-xlsx"].write_bytes(source.read_bytes())
    files["xml"] = folder / "附件1.xml"
    files["xml"].write_bytes(spreadsheetml(load_workbook(source)))
    files["profile"] = profile
    return files


@pytest.fixture
def supervisor() -> Any:
    setup_district()
    return make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_formats")


def _preview(path: Path, actor: Any) -> Preview:
    return services.preview_file(
        path.name, path.read_bytes(), kind="ledger", actor=actor, year=2021
    )


def _fingerprint(preview: Preview) -> dict[str, Any]:
    """Everything a person sees in the preview and everything commit would write."""
    shown = preview.as_dict()
    shown.pop("file_name"), shown.pop("sha256")
    written = [
        (r.sheet, r.row, sorted((k, str(v)) for k, v in r.payload.get("values", {}).items()),
         sorted((k, str(v)) for k, v in r.payload.get("listing", {}).items()))
        for r in preview.rows
    ]  # fmt: skip
    return {"shown": shown, "written": written}


@pytest.mark.parametrize("kind", ["xls", "et", "et-xlsx", "ods", "xml"])
def test_the_sample_ledger_in_every_format_previews_exactly_as_the_xlsx(
    ledgers: dict[str, Path], supervisor: Any, kind: str
) -> None:
    expected = _preview(ledgers["xlsx"], supervisor)
    assert expected.ok and expected.counts["new"] == 30 and expected.counts["skipped"] > 0
    assert _fingerprint(_preview(ledgers[kind], supervisor)) == _fingerprint(expected)


def test_an_xls_commits_all_or_nothing_and_the_same_ledger_as_ods_then_changes_nothing(
    ledgers: dict[str, Path], supervisor: Any
) -> None:
    services.commit(_preview(ledgers["xls"], supervisor), actor=supervisor)
    assert Project.objects.count() == 30
    before = counts()
    again = _preview(ledgers["ods"], supervisor)
    assert again.counts["unchanged"] == 30 and again.writes == 0
    assert counts() == before


def test_formula_cells_are_flagged_in_every_format_even_with_a_cached_result(
    ledgers: dict[str, Path], supervisor: Any, tmp_path: Path
) -> None:
    source = tmp_path / "公式.xlsx"
    source.write_bytes(
        xlsx([HEADER, ["甲", "鼓东", "工业", "=1000*10"], ["乙", "鼓西", "工业", 5]])
    )
    profile = ledgers["profile"]
    # LibreOffice computes the formula and stores its result (10000): calamine would read
    # that number, so only the format's own formula record can tell it was not typed.
    files = [
        source,
        convert(source, "xls", tmp_path / "xls", profile),
        convert(source, "ods", tmp_path / "ods", profile),
    ]
    xml = tmp_path / "公式.xml"
    xml.write_bytes(spreadsheetml(load_workbook(source)))
    files.append(xml)
    for path in files:
        preview = _preview(path, supervisor)
        assert {(i.row, i.column) for i in preview.issues} == {(2, "D列“总投资（万元）”")}, path
        assert any("公式" in i.message for i in preview.issues), path
        assert [r.outcome for r in preview.rows] == ["error", "new"], path


def test_a_formula_in_a_decomposition_table_is_flagged_not_taken_as_its_result(
    supervisor: Any,
) -> None:
    target = make_target(year=2021, value=Decimal(10))
    rows: list[list[Any]] = [
        ["目标编号", "目标任务", "责任单位", "分解目标值"],
        [target.pk, target.display_title, "鼓东", 6],
        [target.pk, target.display_title, "鼓西", xlwt.Formula("2+2")],
    ]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("任务分解")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = services.preview_file(
        "分解.xls", buffer.getvalue(), kind="targets", actor=supervisor, year=2021
    )
    assert [r.outcome for r in preview.rows] == ["new", "error"]
    assert "公式" in str(preview.issues[0]) and "D列" in str(preview.issues[0])


def test_tab_separated_text_named_xls_is_read_as_the_csv_it_is(supervisor: Any) -> None:
    """Many systems' "导出Excel" writes GBK tab-separated text with an .xls name."""
    text = "项目名称\t责任单位\t项目类别\t总投资（万元）\n导出项目\t鼓东\t工业\t12000\n"
    as_xls = services.preview_file(
        "系统导出.xls", text.encode("gb18030"), kind="ledger", actor=supervisor, year=2021
    )
    as_csv = services.preview_file(
        "系统导出.csv", text.encode("utf-8"), kind="ledger", actor=supervisor, year=2021
    )
    assert as_xls.ok and [r.name for r in as_xls.rows] == ["导出项目"]
    assert _fingerprint(as_xls) == _fingerprint(as_csv)
    with pytest.raises(FileRefused) as caught:  # plain prose named .xls is still no table
        inspect_file("说明.xls", "这不是表格".encode())
    assert caught.value.code == "renamed"


def test_error_cells_are_reported_as_bad_values_not_read_as_blank(supervisor: Any) -> None:
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["甲", "鼓东", "工业", "#N/A"])  # openpyxl stores an error constant
    buffer = io.BytesIO()
    book.save(buffer)
    assert b't="e"' in zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    xml = spreadsheetml(book).replace(
        b'<Data ss:Type="String">#N/A</Data>', b'<Data ss:Type="Error">#N/A</Data>'
    )
    legacy = _biff_error(xls_bytes([HEADER, ["甲", "鼓东", "工业", True]]))
    for name, data in (("e.xlsx", buffer.getvalue()), ("e.xml", xml), ("e.xls", legacy)):
        preview = services.preview_file(name, data, kind="ledger", actor=supervisor, year=2021)
        assert not preview.ok, name
        assert "#N/A" in str(preview.issues[0]) and "总投资" in str(preview.issues[0]), name


def _biff_error(data: bytes) -> bytes:
    """Turn xlwt's BOOLERR TRUE cell (value 1, fError 0) into the error constant #N/A."""
    record = b"\x05\x02\x08\x00"  # BOOLERR, 8 bytes: row, col, xf, value, fError
    at = data.index(record)
    body = bytearray(data[at + 4 : at + 12])
    body[6], body[7] = 0x2A, 1
    return data[: at + 4] + bytes(body) + data[at + 12 :]


def test_libreoffice_reads_our_excel_2003_xml_as_we_do(
    ledgers: dict[str, Path], tmp_path: Path
) -> None:
    """The fixture writer is checked against an independent reader (LibreOffice's Orcus)."""
    back = convert(
        ledgers["xml"], "xlsx", tmp_path / "back", ledgers["profile"], "MS Excel 2003 XML Orcus"
    )
    ours = reader.read_sheets(inspect_file("x.xml", ledgers["xml"].read_bytes()))
    theirs = reader.read_sheets(inspect_file("x.xlsx", back.read_bytes()))
    assert [(s.name, s.rows) for s in ours] == [(s.name, s.rows) for s in theirs]


SS_HEAD = (
    '<?xml version="1.0" encoding="{encoding}"?><?mso-application progid="Excel.Sheet"?>'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
    ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel"'
    ' xmlns:html="http://www.w3.org/TR/REC-html40">'
)


def test_excel_2003_xml_positions_types_merges_and_hidden_sheets() -> None:
    text = SS_HEAD.format(encoding="gb2312") + (
        '<Worksheet ss:Name="台账"><Table ss:ExpandedRowCount="6" ss:ExpandedColumnCount="5">'
        '<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">标题</Data></Cell>'
        '<Cell><Data ss:Type="Number">1.5</Data></Cell></Row>'
        '<Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="Number">12</Data></Cell>'
        '<Cell><Data ss:Type="DateTime">2021-03-01T00:00:00.000</Data></Cell>'
        '<Cell><Data ss:Type="Boolean">1</Data></Cell>'
        '<Cell><ss:Data ss:Type="String"><html:B>鼓</html:B>东</ss:Data></Cell></Row>'
        '<Row ss:Span="1"/><Row><Cell><Data ss:Type="String">第六行</Data></Cell></Row>'
        "</Table></Worksheet>"
        '<Worksheet ss:Name="下拉"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell>'
        '</Row></Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
        "<Visible>SheetHidden</Visible></WorksheetOptions></Worksheet></Workbook>"
    )
    import datetime as dt

    [sheet] = reader.read_sheets(inspect_file("旧系统导出.xls", text.encode("gb18030")))
    assert sheet.name == "台账"
    assert sheet.rows == [
        ("标题", None, None, 1.5),
        (),
        (None, 12, dt.datetime(2021, 3, 1), True, "鼓东"),
        (),
        (),
        ("第六行",),
    ]


@pytest.mark.parametrize(
    "row",
    [
        '<Row><Cell ss:Index="3"/><Cell ss:Index="2"/></Row>',
        '<Row ss:Index="2"/><Row ss:Index="2"/>',
        '<Row ss:Index="x"/>',
    ],
)
def test_excel_2003_xml_with_positions_going_backwards_is_invalid(row: str) -> None:
    text = (
        SS_HEAD.format(encoding="UTF-8")
        + f'<Worksheet ss:Name="a"><Table>{row}</Table></Worksheet></Workbook>'
    )
    with pytest.raises(FileRefused) as caught:
        reader.read_sheets(inspect_file("a.xml", text.encode()))
    assert caught.value.code == "invalid"


def test_ods_repeated_rows_and_cells_reach_the_importer_and_formulas_stay_in_place() -> None:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    tables = (
        '<table:table table:name="台账"><table:table-row>'
        + cell.format("项目名称") + cell.format("总投资")
        + '</table:table-row><table:table-row table:number-rows-repeated="3">'
        + cell.format("同名")
        + '<table:table-cell table:number-columns-repeated="2" table:formula="of:=1"'
        ' office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
    )  # fmt: skip
    [sheet] = reader.read_sheets(inspect_file("a.ods", ods_bytes(tables)))
    assert sheet.rows == [("项目名称", "总投资")] + [("同名", 1, 1)] * 3
    assert sheet.formulas == {(r, c) for r in (2, 3, 4) for c in (2, 3)}


def test_the_xlsx_fast_scan_and_the_full_pass_measure_the_same_extent(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_attachment1(path, per_table=5)
    limits = Limits.from_settings()
    with zipfile.ZipFile(path) as archive:
        for part in [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]:
            fast = scan_sheet(archive, part, limits)
            full = _CellPass(limits, part).run(archive, part)
            assert (fast.rows, fast.cols) == (full.rows, full.cols) != (0, 0)


def test_an_xls_is_read_with_its_values_typed_as_the_xlsx_reader_types_them() -> None:
    import datetime as dt

    book_rows = [HEADER, ["甲", "鼓东", "工业", 12000], ["乙", "鼓西", "服务业", 1.5]]
    [sheet] = reader.read_sheets(inspect_file("a.xls", xls_bytes(book_rows, "台账")))
    assert sheet.name == "台账" and sheet.rows == [tuple(r) for r in book_rows]
    assert isinstance(sheet.rows[1][3], int)
    assert reader._value(dt.date(2021, 3, 1)) == dt.datetime(2021, 3, 1)
