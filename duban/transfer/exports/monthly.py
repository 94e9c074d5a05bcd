"""The per-unit monthly report template (月报表): the unit's projects, last month's figures
beside empty (or already drafted) cells for this month, ready to fill in offline and upload."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import Month
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.projects.models import Project
from duban.reports.choices import Confidence
from duban.reports.models import MonthlyReport
from duban.transfer.exports import READONLY_FILL, WAN_FORMAT, new_book, to_bytes, write_table

HEADERS = [
    ("项目编号", 16),
    ("项目名称", 36),
    ("上月完成投资（万元）", 14),
    ("上月形象进度", 30),
    ("本月完成投资（万元）", 14),
    ("形象进度", 40),
    ("存在问题", 30),
    ("完成全年计划信心", 10),
    ("信心说明", 24),
]
MARKER = "填报月份："


def export_monthly_template(user: User, *, unit: Unit, month: Month) -> tuple[bytes, int]:
    """The template for `unit` and `month`; the caller has already scoped `unit` to the user."""
    projects = list(
        restrict(Project.objects.filter(unit=unit), user, "project.view").order_by("code")
    )
    ids = [p.pk for p in projects]
    prev = month.previous()
    last = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(project_id__in=ids, year=prev.year, month=prev.month)
    }
    this = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(
            project_id__in=ids, year=month.year, month=month.month
        )
    }
    rows = []
    for p in projects:
        before, now = last.get(p.pk), this.get(p.pk)
        rows.append(
            [
                p.code,
                p.name,
                before.investment_wan if before else None,
                before.progress_text if before else "",
                now.investment_wan if now else None,
                now.progress_text if now else "",
                now.problems_text if now else "",
                now.get_confidence_display() if now and now.confidence else "",
                now.confidence_reason if now else "",
            ]
        )
    book = new_book()
    ws = book.create_sheet("月报")
    write_table(
        ws,
        f"{unit.name} {month.label} 重点项目月报",
        HEADERS,
        rows,
        formats={3: WAN_FORMAT, 5: WAN_FORMAT},
        subtitle=f"单位代码：{unit.code}　{MARKER}{month}　（灰色列为上月数据，仅供参考）",
    )
    for r in range(4, len(rows) + 4):
        for c in (1, 2, 3, 4):
            ws.cell(row=r, column=c).fill = READONLY_FILL
    choices = ",".join(str(label) for label in Confidence.labels)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.error = "请选择 高、中 或 低"
    ws.add_data_validation(validation)
    if rows:
        validation.add(f"H4:H{len(rows) + 3}")
    record(
        "export.monthly_template",
        actor=user,
        obj=unit,
        detail={"month": str(month), "rows": len(rows)},
    )
    return to_bytes(book), len(rows)
