"""A rectification ledger (整改台账) as inspectors send it: one row per finding, the category
cells merged down over their findings (a merged cell reads as blank below its first row, so
the category carries down until the next one), then responsible unit, measures and deadline.

The same pipeline as the project ledger: parse → validate → preview → apply all or nothing.
Each finding becomes a task (kind finding) through the tasks service; the office importing it
is the issuing office that alone confirms its closure. A finding already in the ledger (same
title and responsible unit, same inspection) is unchanged, so re-importing writes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.accounts.models import User
from duban.core.asof import today
from duban.orgs.models import Unit
from duban.tasks import services as task_services
from duban.tasks.choices import FindingCategory, TaskKind, TaskSource
from duban.tasks.models import Task
from duban.transfer import values as V
from duban.transfer.choices import ImportKind, Outcome
from duban.transfer.headers import Layout, build_index, is_summary
from duban.transfer.importers.common import Progress, finish_batch, row_is_blank, sheet_layouts
from duban.transfer.preview import Issue, Preview, RowResult
from duban.transfer.reader import Sheet
from duban.transfer.refs import Refs

SYNONYMS: dict[str, list[str]] = {
    "seq": ["序号", "编号"],
    "category": ["问题类别", "问题大类", "大类", "类别", "问题类型", "领域", "问题领域"],
    "subcategory": ["问题细类", "小类", "细类", "具体类别"],
    "title": ["问题描述", "存在问题", "反馈问题", "问题", "问题内容", "具体问题", "问题表现"],
    "unit": ["责任单位", "整改责任单位", "牵头单位", "责任主体"],
    "cooperating": ["配合单位", "协办单位"],
    "measures": ["整改措施", "整改举措", "措施"],
    "deadline": ["整改时限", "完成时限", "整改期限", "时限"],
    "standard": ["整改目标", "完成标准", "销号标准"],
}
INDEX = build_index(SYNONYMS)
LABELS = {
    "category": "问题类别",
    "subcategory": "问题细类",
    "title": "问题描述",
    "unit": "责任单位",
    "cooperating": "配合单位",
    "measures": "整改措施",
    "deadline": "整改时限",
    "standard": "整改目标",
}
# Words in a sheet's name or title that say which inspection the ledger answers.
CATEGORY_WORDS = [
    ("巡视", FindingCategory.PATROL),
    ("巡察", FindingCategory.PATROL),
    ("审计", FindingCategory.AUDIT),
    ("督察", FindingCategory.INSPECTION),
    ("环保", FindingCategory.INSPECTION),
    ("城市管理", FindingCategory.URBAN),
    ("城管", FindingCategory.URBAN),
    ("安全", FindingCategory.SAFETY),
]
CARRIED = ("category", "subcategory")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_MONTH_ONLY = re.compile(r"^((?:19|20)\d{2})[年.\-/](\d{1,2})月?$")
_TAIL = re.compile(r"(底前|前|底|以前|之前)$")


def inspection_of(text: str) -> str | None:
    for word, category in CATEGORY_WORDS:
        if word in text:
            return category
    return None


def deadline_of(raw: Any) -> dt.date | None:
    """A date cell, or the words inspectors write: 2021年12月底前 means the month's last day."""
    if isinstance(raw, dt.date | dt.datetime) or V.is_blank(raw):
        return V.date(raw)
    text = _TAIL.sub("", V.normalize(raw))
    month = _MONTH_ONLY.match(text)
    if month:
        year, mon = int(month.group(1)), int(month.group(2))
        if not 1 <= mon <= 12:
            raise V.CellError(_("“%(value)s”不是有效日期") % {"value": V.text(raw)[:30]})
        return dt.date(year, mon, calendar.monthrange(year, mon)[1])
    return V.date(text)


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
    """Parse every sheet and say what each row would do; writes nothing."""
    require(actor, "import.run")
    preview = Preview(ImportKind.FINDINGS, file_name, sha256, size)
    issuer = actor.unit if isinstance(actor, User) else None
    if isinstance(actor, User) and issuer is None:
        preview.file_issues.append(
            Issue("", 1, "", "导入人没有所属单位，无法确定交办（确认销号）单位")
        )
    refs = Refs.load()
    parsed: list[RowResult] = []
    titles: list[str] = []
    received: dt.date | None = None
    for sheet, layout in sheet_layouts(sheets, INDEX, "title", mapping, preview):
        inspection = inspection_of(V.normalize(sheet.name) + layout.context + file_name)
        if inspection is None:
            preview.notes.append(
                f"工作表“{sheet.name}”未写明督察/巡察/审计/城市管理/安全检查，按“督察”导入"
            )
            inspection = FindingCategory.INSPECTION
        titles.append(layout.context or V.normalize(sheet.name))
        found = _FULL_DATE.search(layout.context)
        if received is None and found:
            received = dt.date(*(int(g) for g in found.groups()))
        parsed.extend(_parse_sheet(sheet, layout, refs, inspection))
        if progress is not None:
            progress(len(parsed))
    _match(parsed)
    preview.rows = parsed
    preview.context = {
        "year": year,
        "issuer_id": issuer.pk if issuer is not None else None,
        "title": _title(titles[0] if titles else "") or file_name[:128],
        # The date the ledger was handed over, when its title rows say (交办日期…), else today.
        "received_on": received or today(),
    }
    return preview


def _title(context: str) -> str:
    """The ledger's title: its first title row without the date line."""
    return context.split(" ")[0][:128]


def _parse_sheet(sheet: Sheet, layout: Layout, refs: Refs, inspection: str) -> list[RowResult]:
    cols = layout.by_field()
    carried: dict[str, str] = {}
    out = []
    for number in range(layout.header_row + 1, len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        if row_is_blank(row):
            continue
        if is_summary(row, cols["title"].index):
            out.append(RowResult(sheet.name, number, Outcome.SKIPPED, note="合计/小计行，已跳过"))
            continue
        result = RowResult(sheet.name, number, Outcome.NEW)
        values: dict[str, Any] = {"category": inspection}

        def issue(field: str, message: str, result: RowResult = result) -> None:
            col = cols.get(field)
            where = f"{col.letter}列“{col.header}”" if col else LABELS.get(field, field)
            result.issues.append(Issue(sheet.name, result.row, where, message))

        for field, col in cols.items():
            if field == "seq":
                continue
            raw = row[col.index] if col.index < len(row) else None
            if (number, col.index + 1) in sheet.formulas:
                issue(field, "单元格是公式，导入不采信公式结果，请复制后“粘贴为数值”")
                continue
            try:
                _read(field, raw, refs, values, carried)
            except V.CellError as exc:
                issue(field, str(exc))
        title = values.get("title", "")
        result.name = title
        if not title:
            issue("title", "问题描述不能为空")
        elif len(title) > 200:
            issue("title", "内容过长（最多 200 个字）")
        if values.get("unit") is None:
            issue("unit", "责任单位不能为空")
        if values.get("deadline") is None:
            issue("deadline", "整改时限不能为空（可写 2021-12-31 或 2021年12月底前）")
        result.payload = {"values": values}
        if result.issues:
            result.outcome = Outcome.ERROR
        out.append(result)
    return out


def _read(
    field: str, raw: Any, refs: Refs, values: dict[str, Any], carried: dict[str, str]
) -> None:
    if field in CARRIED:
        text = V.text(raw)
        if text:
            carried[field] = text
        text = carried.get(field, "")
        if field == "category":
            # A column naming the inspection itself; anything else is the ledger's own 大类.
            found = inspection_of(text)
            if found is not None and len(text) <= 6:
                values["category"] = found
            elif text:
                values["subcategory"] = text[:64]
        elif text:
            values["subcategory"] = (
                f"{values['subcategory']}·{text}" if values.get("subcategory") else text
            )[:64]
    elif field == "unit":
        if V.is_blank(raw):
            return
        unit = refs.unit(raw)
        if unit is None:
            raise V.CellError(
                _("找不到单位“%(value)s”（请使用单位全称或简称）") % {"value": V.text(raw)[:30]}
            )
        values["unit"] = unit
    elif field == "cooperating":
        units = []
        for part in re.split(r"[、,，;；/\s]+", V.text(raw)):
            if not part:
                continue
            unit = refs.unit(part)
            if unit is None:
                raise V.CellError(_("找不到配合单位“%(value)s”") % {"value": part[:30]})
            units.append(unit)
        values["cooperating"] = units
    elif field == "deadline":
        values["deadline"] = deadline_of(raw)
    else:  # title, measures, standard
        values[field] = V.text(raw)


def _match(rows: list[RowResult]) -> None:
    """A finding with the same title, responsible unit and inspection is already recorded."""
    live = [r for r in rows if r.outcome == Outcome.NEW]
    titles = sorted({r.payload["values"].get("title", "") for r in live})
    existing = set(
        Task.objects.filter(kind=TaskKind.FINDING, title__in=titles).values_list(
            "title", "lead_unit_id", "category"
        )
    )
    seen: set[tuple[str, int, str]] = set()
    for r in live:
        v = r.payload["values"]
        key = (v["title"], v["unit"].pk, v["category"])
        if key in existing:
            r.outcome = Outcome.UNCHANGED
            r.note = "台账中已有该问题"
        elif key in seen:
            r.outcome = Outcome.ERROR
            r.issues.append(Issue(r.sheet, r.row, "问题描述", "同一问题在文件中重复出现"))
        seen.add(key)


def apply(preview: Preview, *, actor: Actor) -> dict[str, int]:
    """Create the ledger and every new finding in ONE transaction, or nothing at all."""
    if not preview.ok:
        raise ValueError("预览中有错误，不能导入")
    require(actor, "import.run")
    new_rows = [r for r in preview.rows if r.outcome == Outcome.NEW]
    issuer_id = preview.context.get("issuer_id")
    with transaction.atomic():
        created = 0
        if new_rows:
            ledger = task_services.create_ledger(
                actor=actor,
                title=preview.context["title"],
                issuer=Unit.objects.get(pk=issuer_id)
                if issuer_id
                else new_rows[0].payload["values"]["unit"],
                received_on=preview.context["received_on"],
                source_name=preview.file_name,
                findings=len(new_rows),
            )
            for r in new_rows:
                v = r.payload["values"]
                task_services.create_task(
                    actor=actor,
                    kind=TaskKind.FINDING,
                    title=v["title"],
                    source=TaskSource.INSPECTION,
                    source_detail=ledger.title,
                    lead_unit=v["unit"],
                    cooperating_units=v.get("cooperating", []),
                    assigned_on=min(ledger.received_on, v["deadline"]),
                    deadline=v["deadline"],
                    completion_standard=v.get("standard", ""),
                    category=v["category"],
                    subcategory=v.get("subcategory", ""),
                    measures=v.get("measures", ""),
                    issuer=ledger.issuer,
                    ledger=ledger,
                )
                created += 1
        finish_batch(preview, actor=actor)
    return {"created": created, **preview.counts}
