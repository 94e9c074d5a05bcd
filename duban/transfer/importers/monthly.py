"""A filled monthly template back in: each row becomes that month's DRAFT report through
`duban.reports.services.save_draft`, with the same validation as the page."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.accounts.models import User
from duban.core.scoping import restrict
from duban.projects.models import Project
from duban.reports import services as report_services
from duban.reports.choices import Confidence, ReportStatus
from duban.reports.models import MonthlyReport
from duban.transfer import values as V
from duban.transfer.choices import ImportKind, Outcome
from duban.transfer.headers import build_index
from duban.transfer.importers.common import (
    Progress,
    finish_batch,
    label_map,
    row_is_blank,
    sheet_layouts,
)
from duban.transfer.preview import Issue, Preview, RowResult
from duban.transfer.reader import Sheet

SYNONYMS: dict[str, list[str]] = {
    "code": ["项目编号", "项目代码", "编号"],
    "name": ["项目名称", "名称"],
    "last_investment": ["上月完成投资"],
    "last_progress": ["上月形象进度"],
    "investment_wan": ["本月完成投资", "本月投资", "月度完成投资", "当月完成投资"],
    "progress_text": ["形象进度", "本月形象进度", "工程进度", "进展情况"],
    "problems_text": ["存在问题", "问题", "存在困难和问题", "存在的问题"],
    "confidence": ["完成全年计划信心", "信心", "完成信心"],
    "confidence_reason": ["信心说明", "信心理由"],
}
INDEX = build_index(SYNONYMS)
DATA_FIELDS = [
    "investment_wan",
    "progress_text",
    "problems_text",
    "confidence",
    "confidence_reason",
]
CONFIDENCE = label_map(Confidence, {"较高": Confidence.HIGH, "一般": Confidence.MEDIUM})
_MONTH_RE = re.compile(r"填报月份:?(\d{4})-(\d{1,2})|(\d{4})年(\d{1,2})月")


def _month_of(context: str) -> tuple[int, int] | None:
    match = _MONTH_RE.search(context)
    if not match:
        return None
    y, m = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    if not 1 <= int(m) <= 12:
        return None
    return int(y), int(m)


def _verbose_name(name: str) -> str:
    """The label of one of MonthlyReport's own fields, as a change list names it."""
    field = MonthlyReport._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"MonthlyReport.{name} is not a concrete field")
    return str(field.verbose_name)


def prepare(
    sheets: list[Sheet],
    *,
    actor: Actor,
    year: int,
    file_name: str = "",
    sha256: str = "",
    size: int = 0,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Preview:
    require(actor, "report.edit")
    preview = Preview(ImportKind.MONTHLY, file_name, sha256, size)
    scope: models.QuerySet[Project] = Project.objects.all()
    if isinstance(actor, User):
        scope = restrict(scope, actor, "report.edit")
    for sheet, layout in sheet_layouts(sheets, INDEX, "code", mapping, preview):
        when = _month_of(layout.context)
        if when is None:
            preview.file_issues.append(
                Issue(sheet.name, 2, "", "找不到填报月份（模板第 2 行应有“填报月份：2021-09”）")
            )
            continue
        preview.context["month"] = when
        preview.rows.extend(_parse(sheet, layout, scope, when))
    return preview


def _parse(sheet: Sheet, layout: Any, scope: Any, when: tuple[int, int]) -> list[RowResult]:
    cols = layout.by_field()
    raw_rows = []
    for number in range(layout.header_row + 1, len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        if not row_is_blank(row):
            raw_rows.append((number, row))
    codes = [
        V.text(row[cols["code"].index]) for _, row in raw_rows if cols["code"].index < len(row)
    ]
    projects = {p.code: p for p in scope.filter(code__in=codes)}
    reports = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(
            project__in=projects.values(), year=when[0], month=when[1]
        )
    }
    out = []
    for number, row in raw_rows:
        result = RowResult(sheet.name, number, Outcome.NEW)

        def issue(field: str, message: str, result: RowResult = result) -> None:
            col = cols.get(field)
            where = f"{col.letter}列“{col.header}”" if col else field
            result.issues.append(Issue(sheet.name, result.row, where, message))

        def cell(field: str, row: tuple[Any, ...] = row) -> Any:
            col = cols.get(field)
            return row[col.index] if col is not None and col.index < len(row) else None

        code = V.text(cell("code"))
        result.key, result.name = code, V.text(cell("name"))
        if (number, cols["code"].index + 1) in sheet.formulas:
            # E4: the project a row reports for is never taken from a formula's result.
            issue("code", "单元格是公式，导入不采信公式结果，请“粘贴为数值”")
        data: dict[str, Any] = {}
        for field in DATA_FIELDS:
            col = cols.get(field)
            if col is None:
                continue
            if (number, col.index + 1) in sheet.formulas:
                issue(field, "单元格是公式，导入不采信公式结果，请“粘贴为数值”")
                continue
            try:
                if field == "investment_wan":
                    amount = V.money(cell(field), col.unit or "万元")
                    if amount is not None:
                        data[field] = amount
                elif field == "confidence":
                    data[field] = V.choice(cell(field), CONFIDENCE, "完成全年计划信心") or ""
                else:
                    data[field] = V.text(cell(field))
            except V.CellError as exc:
                issue(field, str(exc))
        if len(data.get("confidence_reason", "")) > 200:
            issue("confidence_reason", "信心说明最多 200 字")
        filled = any(v not in ("", None) for v in data.values())
        project = projects.get(code)
        if not filled and not result.issues:
            result.outcome, result.note = Outcome.SKIPPED, "本月未填写，跳过"
            out.append(result)
            continue
        if project is None:
            issue("code", f"项目编号“{code}”不存在或不是本单位的项目")
        report = reports.get(project.pk) if project else None
        if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            issue("code", f"本月月报{report.get_status_display()}，不能再通过导入修改")
        if result.issues:
            result.outcome = Outcome.ERROR
        elif report is None:
            result.outcome = Outcome.NEW
        else:
            changed = [f for f, v in data.items() if getattr(report, f) != v]
            result.changes = [_verbose_name(f) for f in changed]
            result.outcome = Outcome.UPDATE if changed else Outcome.UNCHANGED
            data = {f: data[f] for f in changed}
        result.payload = {
            "project": project,
            "data": data,
            "version": report.version if report else None,
            "when": when,
        }
        out.append(result)
    return out


def apply(preview: Preview, *, actor: Actor) -> dict[str, int]:
    if not preview.ok:
        raise ValueError("预览中有错误，不能导入")
    with transaction.atomic():
        for r in preview.rows:
            if r.outcome not in (Outcome.NEW, Outcome.UPDATE):
                continue
            year, month = r.payload["when"]
            try:
                report_services.save_draft(
                    actor=actor,
                    project=r.payload["project"],
                    year=year,
                    month=month,
                    data=r.payload["data"],
                    expected_version=r.payload["version"],
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("工作表“%(sheet)s”第 %(row)s 行：%(value)s")
                    % {"sheet": r.sheet, "row": r.row, "value": "；".join(exc.messages)}
                ) from exc
        finish_batch(preview, actor=actor)
    return preview.counts
