"""The responsibility agreement as an official document (GB/T 9704-2012, 文件格式), built from
the agreement's frozen content and the 目标责任书 wording template 发改局 edits.

Also `duban document agreement --year 2021 --unit CODE --out FILE.docx [--pdf]`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError

from duban.agreements.content import annex_rows
from duban.agreements.models import Agreement
from duban.core.asof import today
from duban.core.officialdoc import (
    Block,
    Column,
    Heading,
    Imprint,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
)
from duban.documents.choices import DocumentKind
from duban.documents.queries import wording_for
from duban.documents.registry import DocumentCommand, Generated
from duban.orgs.models import District

DUTIES = (
    "责任单位主要领导为第一责任人，对本单位目标任务和重点项目推进负总责；"
    "分管领导具体负责，联络员按月报送项目进展。"
)
TERMS = (
    "本责任书执行情况纳入专项行动月度考评和年度考核，考评结果按考评办法通报。"
    "年度中目标任务经批准调整的，以附件形式列明，不改变本责任书正文。"
)
COPIES = "本责任书一式两份，签订双方各执一份，自签订之日起生效。"


def _body(agreement: Agreement) -> list[Block]:
    data = agreement.content
    year = agreement.year
    body: list[Block] = [Heading("目标任务")]
    if data.get("targets"):
        body.append(
            Table(
                [Column("序号", numeric=True), Column("目标任务"), Column("目标值", numeric=True),
                 Column("完成时限")],
                [[str(i), t["title"], t["value"], t["period"]]
                 for i, t in enumerate(data["targets"], 1)],
                caption=f"{year}年{data['unit']}目标任务分解表",
            )
        )  # fmt: skip
    else:
        body.append(Paragraph("本年度无分解目标任务。"))
    body.append(Heading("重点项目"))
    if data.get("projects"):
        body.append(
            Table(
                [Column("序号", numeric=True), Column("项目编号", numeric=True),
                 Column("项目名称"), Column("计划类别"), Column("年度计划投资", numeric=True)],
                [[str(i), p["code"], p["name"], p["listing"], p["planned"]]
                 for i, p in enumerate(data["projects"], 1)],
                caption=f"{year}年{data['unit']}重点项目清单",
            )
        )  # fmt: skip
    else:
        body.append(Paragraph("本年度无列入计划的重点项目。"))
    for section in data.get("sections", []):
        body.append(Heading(section["title"]))
        body.append(Table([Column(c) for c in section["columns"]], section["rows"]))
    body.append(Heading("考评办法"))
    method = data.get("method")
    if method:
        body.append(
            Paragraph(
                f"本责任书执行情况按{year}年{method['group']}考评办法"
                f"《{method['name']}》（第{method['version']}版）考评。"
            )
        )
    else:
        body.append(Paragraph(f"本责任书执行情况按{year}年度专项行动考评办法考评。"))
    body += [Heading("责任与奖惩"), Paragraph(DUTIES), Paragraph(TERMS), Paragraph(COPIES)]
    body.append(Heading("签订"))
    district = District.current()
    body += [
        Paragraph(
            f"甲方：{district.name if district else ''}人民政府（盖章）"
            f"　签订人：{agreement.district_signatory or '＿＿＿＿'}",
            indent=False,
            keep_with_next=True,
        ),
        Paragraph(
            f"乙方：{data['unit']}（盖章）　主要领导：{agreement.unit_signatory or '＿＿＿＿'}",
            indent=False,
        ),
    ]
    annex = annex_rows(data)
    if annex:
        body.append(Heading("附件：目标任务调整情况", numbered=False))
        body.append(
            Table(
                [Column("目标任务"), Column("原目标值", numeric=True),
                 Column("调整后目标值", numeric=True), Column("调整理由"),
                 Column("批准日期", numeric=True)],
                [[r["title"], r["original"], r["revised"], r["reason"], r["approved_on"]]
                 for r in annex],
            )
        )  # fmt: skip
    return body


def document(agreement: Agreement) -> OfficialDocument:
    wording = wording_for(DocumentKind.RESPONSIBILITY)
    district = District.current()
    values = {
        "district": district.name if district else "",
        "unit": agreement.unit.name,
        "year": agreement.year,
    }
    day = agreement.signed_on or agreement.issued_on or today()
    return OfficialDocument(
        issuer_mark=wording.issuer_mark,
        number=wording.number(agreement.year, agreement.serial) if agreement.serial else "",
        title=wording.filled("title", values),
        addressee=wording.filled("addressee", values),
        body=[*map(Paragraph, wording.paragraphs("opening", values)), *_body(agreement)],
        closing="\n".join(wording.paragraphs("closing", values)),
        signature=wording.signature,
        date=day,
        imprint=Imprint(cc=wording.cc_list, printer=wording.printer, printed_on=day),
    )


def build_docx(agreement: Agreement) -> bytes:
    return render_docx(document(agreement))


# --- `duban document agreement --year 2021 --unit CODE --out FILE.docx` ----------------------


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
    parser.add_argument("--unit", required=True, help="单位代码")


def _build(options: Mapping[str, Any]) -> Generated:
    found = (
        Agreement.objects.select_related("unit")
        .filter(year=options["year"], unit__code=options["unit"])
        .first()
    )
    if found is None:
        raise CommandError(f"没有{options['unit']}的{options['year']}年目标责任书")
    warnings = [] if found.serial else ["目标责任书尚未印发，输出的是草稿（无文号）"]
    return Generated(docx=build_docx(found), title=str(found), warnings=warnings)


DOCUMENT_COMMANDS = [
    DocumentCommand(name="agreement", help="目标责任书", add_arguments=_arguments, build=_build)
]
