"""The fast paths of the ledger import keep every guarantee of the slow ones.

Formula cells are found from the sheet XML (the reader streams values only); new projects,
listings and audit rows are written with parameterised executemany INSERTs. These tests pin
what must not change: formulas flagged and text starting with "=" not, the hash chain intact
(`duban verify-audit`), the stored values equal to what the ORM stores, and all or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from duban.audit.models import AuditEvent, ChainHead
from duban.core.bulk import ids_by, insert_rows, row_of
from duban.core.context import RequestContext, bind, reset
from duban.core.roles import Role
from duban.core.services import snapshot
from duban.orgs.models import Unit
from duban.projects.models import Category, PlanListing, Project
from duban.transfer import services
from duban.transfer.cells import safe_cell
from duban.transfer.formulas import formula_cells
from duban.transfer.preview import Preview
from duban.transfer.safety import FileRefused
from duban.transfer.tests.helpers import counts
from tests.support.factories import make_user
from tests.support.spreadsheets import setup_district, write_attachment1

pytestmark = pytest.mark.django_db
HEADER = ["项目名称", "责任单位", "项目类别", "总投资（万元）", "建设内容"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _preview(name: str, data: bytes, actor: object = None) -> Preview:
    return services.preview_file(name, data, kind="ledger", actor=actor, year=2021)


@pytest.fixture
def supervisor() -> object:
    setup_district()
    return make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_bulk")


def _book(rows: list[list[object]]) -> bytes:
    book = Workbook()
    ws = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("=") and value.endswith("!"):
                safe_cell(ws.cell(row=r, column=c), value[:-1])  # text, quote-prefixed
            else:
                ws.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_zip(sheet_xml: str) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_a_bulk_import_leaves_an_intact_audit_chain_with_one_row_per_record(
    tmp_path: Path, supervisor: object, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ledger.xlsx"
    written = write_attachment1(path, per_table=40)
    before = AuditEvent.objects.count()
    token = bind(RequestContext(request_id="req-bulk", ip="10.1.2.3"))
    try:
        preview = _preview(path.name, path.read_bytes(), supervisor)
        services.commit(preview, actor=supervisor)
    finally:
        reset(token)
    call_command("verify_audit")  # raises CommandError on a broken chain
    assert "审计链完整" in capsys.readouterr().out
    created = AuditEvent.objects.filter(event="project.created")
    listed = AuditEvent.objects.filter(event="project.listing_set")
    assert created.count() == listed.count() == written == Project.objects.count()
    assert AuditEvent.objects.count() == before + 2 * written + 1  # + import.committed
    project = Project.objects.order_by("code").first()
    assert project is not None
    row = created.get(object_id=str(project.pk))
    assert row.object_type == "projects.project" and row.object_repr == str(project)
    assert row.actor_id == supervisor.pk and row.actor_username == "fgj_bulk"  # type: ignore[attr-defined]
    assert row.ip == "10.1.2.3" and row.request_id == "req-bulk"
    assert row.after == snapshot(project)
    head = ChainHead.objects.get(pk=1)
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None and (head.last_id, head.last_hash) == (last.pk, last.hash)


def test_the_chain_continues_across_bulk_and_single_writes_and_a_second_import(
    tmp_path: Path, supervisor: object
) -> None:
    first = tmp_path / "a.xlsx"
    write_attachment1(first, per_table=5)
    services.commit(_preview(first.name, first.read_bytes(), supervisor), actor=supervisor)
    data = _book([HEADER, ["追加项目", "鼓东", "工业", 12000, "新建厂房"]])
    services.commit(_preview("b.xlsx", data, supervisor), actor=supervisor)
    call_command("verify_audit")
    assert Project.objects.filter(name="追加项目").count() == 1


def test_a_code_taken_between_preview_and_commit_rolls_back_every_row(
    supervisor: object,
) -> None:
    data = _book(
        [
            ["项目编号", *HEADER],
            ["NEW-1", "新项目一", "鼓东", "工业", 12000, ""],
            ["NEW-2", "新项目二", "鼓东", "工业", 13000, ""],
        ]
    )
    preview = _preview("x.xlsx", data, supervisor)
    assert preview.ok and preview.counts["new"] == 2
    Project.objects.create(  # someone else created NEW-2 meanwhile
        code="NEW-2",
        name="别人的项目",
        unit=Unit.objects.get(code="gudong"),
        category=Category.objects.get(code="industry"),
        industry="secondary",
        total_investment_wan=Decimal(1),
    )
    before = counts()
    with pytest.raises(IntegrityError):
        services.commit(preview, actor=supervisor)
    assert counts() == before
    assert not Project.objects.filter(code="NEW-1").exists()
    call_command("verify_audit")


def test_formula_cells_are_flagged_but_text_that_starts_with_equals_is_not(
    supervisor: object,
) -> None:
    data = _book(
        [
            HEADER,
            ["甲", "鼓东", "工业", "=1000*10", "普通内容"],
            ["乙", "鼓东", "工业", 20000, "=不是公式!"],
            ["丙", "鼓东", "工业", 30000, None],
        ]
    )
    preview = _preview("x.xlsx", data, supervisor)
    first, second, third = preview.rows
    assert first.outcome == "error" and "D列" in str(first.issues[0])
    assert "公式" in str(first.issues[0])
    assert second.outcome == "new" and third.outcome == "new"
    assert {i.row for i in preview.issues} == {2}  # the formula row only


def test_formula_positions_follow_openpyxl_numbering_without_r_attributes() -> None:
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="2"><c r="B2"><f>1+1</f><v>2</v></c><c t="s"><v>0</v></c><c><f t="shared" si="0"/>'
        "</c></row>"
        "<row><c/><c><v>1</v></c><c><f>A1</f></c></row>"
        '<row r="9"><c r="A9" t="inlineStr"><is><t>f</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    assert formula_cells(_sheet_zip(xml), "xl/worksheets/sheet1.xml") == {(2, 2), (2, 4), (3, 3)}


def test_formula_scan_follows_namespace_prefixes_and_ignores_foreign_f_elements() -> None:
    xml = (
        f'<x:worksheet xmlns:x="{MAIN}" xmlns:o="urn:other"><x:sheetData>'
        '<x:row r="1"><x:c r="C1"><x:f>SUM(A1:B1)</x:f></x:c><x:c r="D1"><o:f>no</o:f></x:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    assert formula_cells(_sheet_zip(xml), "xl/worksheets/sheet1.xml") == {(1, 3)}


def test_formula_scan_refuses_entity_declarations() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><f>&a;</f></c></row>'
        "</sheetData></worksheet>"
    )
    with pytest.raises(FileRefused) as caught:
        formula_cells(_sheet_zip(xml), "xl/worksheets/sheet1.xml")
    assert caught.value.code == "xml_entity"


def test_insert_rows_stores_what_the_orm_stores() -> None:
    setup_district()
    unit = Unit.objects.get(code="gudong")
    category = Category.objects.get(code="industry")
    fields = {
        "name": "对照项目",
        "unit": unit,
        "category": category,
        "lead_department": category.lead_department,
        "industry": "secondary",
        "total_investment_wan": Decimal("12345.60"),
        "planned_start": dt.date(2021, 3, 1),
        "description": "内容",
        "stage": "planning",
    }
    orm = Project.objects.create(code="ORM-1", **fields)
    fast = Project(code="FAST-1", **fields)
    insert_rows(Project, [row_of(fast)])
    fast_id = ids_by(Project, "code", ["FAST-1"])["FAST-1"]
    stored = Project.objects.get(pk=fast_id)
    assert snapshot(stored) == {**snapshot(orm), "code": "FAST-1"}
    assert stored.version == 1 and stored.created_at is not None
    planned = {
        "year": 2021,
        "kind": "new_start",
        "planned_investment_wan": Decimal("3000.5"),
        "listed_on": dt.date(2021, 1, 1),
    }
    insert_rows(PlanListing, [{"project_id": fast_id, **planned}])
    PlanListing.objects.create(project=orm, **planned)
    fast_listing, orm_listing = (PlanListing.objects.get(project_id=i) for i in (fast_id, orm.pk))
    assert snapshot(fast_listing) == {**snapshot(orm_listing), "project": fast_id}
    assert fast_listing.version == 1 and fast_listing.planned_investment_wan == Decimal("3000.50")


def test_previewing_a_reimport_costs_the_same_few_queries_for_any_number_of_rows(
    tmp_path: Path, supervisor: object
) -> None:
    queries: list[int] = []
    for per_table in (4, 40):
        path = tmp_path / f"ledger{per_table}.xlsx"
        write_attachment1(path, per_table=per_table)
        services.commit(_preview(path.name, path.read_bytes(), supervisor), actor=supervisor)
        with CaptureQueriesContext(connection) as captured:
            again = _preview(path.name, path.read_bytes(), supervisor)
        assert again.counts["unchanged"] == 5 * per_table and again.writes == 0
        queries.append(len(captured))
    # Matching compares relation ids, never loads a unit or category per row.
    assert queries[0] == queries[1] and queries[1] <= 15
