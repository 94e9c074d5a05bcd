"""The decomposition table (任务分解表) in the long layout of the targets export: one row per
district target (责任单位 = 全区) and one per unit share. Shares go through
`duban.targets.services.decompose`; a changed district value through `update_target`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.accounts.models import User
from duban.core.money import to_wan
from duban.core.scoping import restrict
from duban.targets import services as target_services
from duban.targets.models import Target
from duban.transfer import values as V
from duban.transfer.choices import ImportKind, Outcome
from duban.transfer.headers import Column, build_index
from duban.transfer.importers.common import Progress, finish_batch, row_is_blank, sheet_layouts
from duban.transfer.preview import Issue, Preview, RowResult
from duban.transfer.reader import Sheet
from duban.transfer.refs import Refs

SYNONYMS: dict[str, list[str]] = {
    "target_id": ["目标编号", "编号"],
    "title": ["目标任务", "目标", "任务"],
    "metric": ["指标", "指标名称"],
    "category": ["项目类别", "类别"],
    "measure": ["计量单位", "单位"],
    "district_value": ["全区目标值", "全区目标", "目标值"],
    "unit": ["责任单位"],
    "value": ["分解目标值", "分解任务", "责任目标值", "任务数"],
}
INDEX = build_index(SYNONYMS)
DISTRICT_WORDS = {"全区", "合计", "全县", ""}


def _amount(raw: Any, measure: str, metric_unit: str) -> Decimal | None:
    number = V.number(raw)
    if number is None:
        return None
    if metric_unit == "万元" and measure in ("万元", "亿元"):
        return to_wan(number, measure).quantize(Decimal("0.01"))
    return number


def _header_measure(cols: dict[str, Column]) -> str:
    """The 万元/亿元 named in the value column's header, else in the unit column's."""
    col = cols.get("value", cols.get("unit"))
    if col is None:  # detect() only yields layouts that have the required "unit" column
        raise ValueError("target sheet layout has neither a value nor a unit column")
    return col.unit


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
    require(actor, "target.change")
    preview = Preview(ImportKind.TARGETS, file_name, sha256, size)
    refs = Refs.load()
    scope = Target.objects.filter(year=year, unit__isnull=True)
    if isinstance(actor, User):
        scope = restrict(scope, actor, "target.view")
    district = list(scope.select_related("metric", "category"))
    by_id = {t.pk: t for t in district}
    by_title = {V.normalize(t.display_title): t for t in district}
    parts = {
        (t.parent_id, t.unit_id): t
        for t in Target.objects.filter(parent__in=district).select_related("unit")
    }
    seen: dict[tuple[int, int], int] = {}
    for sheet, layout in sheet_layouts(sheets, INDEX, "unit", mapping, preview):
        cols = layout.by_field()
        for number in range(layout.header_row + 1, len(sheet.rows) + 1):
            row = sheet.rows[number - 1]
            if row_is_blank(row):
                continue
            result = RowResult(sheet.name, number, Outcome.UNCHANGED)

            def cell(field: str, row: tuple[Any, ...] = row, cols: dict[str, Any] = cols) -> Any:
                col = cols.get(field)
                return row[col.index] if col is not None and col.index < len(row) else None

            def issue(
                field: str, message: str, result: RowResult = result, cols: dict[str, Any] = cols
            ) -> None:
                col = cols.get(field)
                where = f"{col.letter}列“{col.header}”" if col else field
                result.issues.append(Issue(result.sheet, result.row, where, message))

            # E4: a formula's cached result is never trusted (calamine reads the result, so
            # the format's own formula records say which cells to refuse).
            formulas = [f for f, col in cols.items() if (number, col.index + 1) in sheet.formulas]
            if formulas:
                for field in formulas:
                    issue(field, "单元格是公式，导入不采信公式结果，请复制后“粘贴为数值”")
                result.name, result.outcome = V.text(cell("title")), Outcome.ERROR
                preview.rows.append(result)
                continue
            target = None
            raw_id = V.text(cell("target_id"))
            if raw_id.isdigit():
                target = by_id.get(int(raw_id))
            if target is None:
                target = by_title.get(V.normalize(cell("title")))
            result.name = V.text(cell("title"))
            if target is None:
                issue("title", f"{year}年没有这项全区目标（编号“{raw_id}”）")
                result.outcome = Outcome.ERROR
                preview.rows.append(result)
                continue
            measure = V.normalize(cell("measure")) or _header_measure(cols)
            unit_text = V.normalize(cell("unit"))
            try:
                if unit_text in DISTRICT_WORDS:
                    value = _amount(cell("district_value"), measure, target.metric.unit)
                    result.key = f"{target.pk}/全区"
                    if value is not None and value != target.value:
                        result.outcome, result.changes = Outcome.UPDATE, ["全区目标值"]
                        result.payload = {"target": target, "district_value": value}
                else:
                    unit = refs.unit(unit_text)
                    if unit is None:
                        raise V.CellError(_("找不到单位“%(unit_text)s”") % {"unit_text": unit_text})
                    value = _amount(cell("value"), measure, target.metric.unit)
                    if value is None:
                        raise V.CellError(_("分解目标值不能为空"))
                    result.key = f"{target.pk}/{unit.code}"
                    if (target.pk, unit.pk) in seen:
                        raise V.CellError(
                            _("与第 %(value)s 行重复") % {"value": seen[target.pk, unit.pk]}
                        )
                    seen[(target.pk, unit.pk)] = number
                    part = parts.get((target.pk, unit.pk))
                    if part is None:
                        result.outcome = Outcome.NEW
                    elif part.value != value:
                        result.outcome, result.changes = Outcome.UPDATE, ["分解目标值"]
                    result.payload = {"target": target, "unit": unit, "value": value}
            except V.CellError as exc:
                issue("value" if unit_text not in DISTRICT_WORDS else "district_value", str(exc))
                result.outcome = Outcome.ERROR
            preview.rows.append(result)
    return preview


def apply(preview: Preview, *, actor: Actor) -> dict[str, int]:
    if not preview.ok:
        raise ValueError("预览中有错误，不能导入")
    shares: dict[int, tuple[Target, dict[Any, Decimal]]] = {}
    with transaction.atomic():
        for r in preview.rows:
            if r.outcome not in (Outcome.NEW, Outcome.UPDATE):
                continue
            target = r.payload["target"]
            if "district_value" in r.payload:
                target_services.update_target(
                    target,
                    actor=actor,
                    expected_version=target.version,
                    changes={"value": r.payload["district_value"]},
                )
            else:
                shares.setdefault(target.pk, (target, {}))[1][r.payload["unit"]] = r.payload[
                    "value"
                ]
        for target, unit_shares in shares.values():
            target_services.decompose(target, actor=actor, shares=unit_shares)
        finish_batch(preview, actor=actor)
    return preview.counts
