"""The project ledger (台账): parse → validate → compare with the database → apply.

A row is matched to an existing project by its code, or, where the file has no codes, by
name + responsible unit (several matches are reported as ambiguous, never guessed). Only the
columns present in the file are compared and written, so re-importing an exported ledger
changes nothing and writes no audit rows.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.projects import services as project_services
from duban.projects.choices import Industry, Listing, Stage, StatsStatus
from duban.projects.models import NATIONAL_CODE_RE, PlanListing, Project
from duban.transfer import values as V
from duban.transfer.choices import ImportKind, Outcome
from duban.transfer.headers import Layout, build_index, is_summary
from duban.transfer.importers.common import (
    Progress,
    finish_batch,
    label_map,
    sheet_layouts,
)
from duban.transfer.preview import Issue, Preview, RowResult
from duban.transfer.reader import Sheet
from duban.transfer.refs import Refs

SYNONYMS: dict[str, list[str]] = {
    "seq": ["序号", "编号序号", "No"],
    "code": ["项目编号", "项目代码", "项目编码", "编号", "项目序号编码", "项目ID"],
    "national_code": ["投资项目统一代码", "统一代码", "项目统一代码", "赋码", "国家代码"],
    "name": ["项目名称", "名称", "项目"],
    "category": ["项目类别", "类别", "行业类别", "项目分类", "所属类别"],
    "industry": ["产业类型", "产业", "二三产", "产业类别", "产业属性"],
    "strategic_emerging": ["战略性新兴产业", "是否战略性新兴产业", "战新产业", "战新", "是否战新"],
    "foreign_funded": ["外资项目", "是否外资", "外资", "是否外资项目"],
    "total_investment_wan": ["总投资", "计划总投资", "项目总投资", "总投资额", "投资总额"],
    "planned_investment_wan": [
        "年度计划投资", "计划投资", "年计划投资", "本年计划投资", "年度投资计划", "当年计划投资",
        "年度计划", "计划完成投资",
    ],
    "listing_kind": ["年度计划类别", "计划类别", "项目性质", "项目类型", "建设性质", "年度类别"],
    "unit": ["责任单位", "属地", "责任单位(街镇)", "责任主体", "属地单位", "所属单位"],
    "lead_department": ["牵头部门", "牵头单位", "行业主管部门"],
    "leader": ["挂钩领导", "挂钩区领导", "挂钩领导姓名", "联系领导"],
    "location": ["建设地点", "地点", "项目地点", "建设地址"],
    "planned_start": ["计划开工时间", "开工时间", "计划开工", "计划开工日期", "开工日期"],
    "planned_completion": [
        "计划竣工时间", "竣工时间", "计划竣工", "计划竣工日期", "计划建成时间", "建成时间",
        "计划完工时间",
    ],
    "stats_status": ["统计状态", "入库情况", "是否入库"],
    "description": [
        "建设内容", "建设规模及内容", "主要建设内容", "建设规模和内容", "建设内容及规模",
    ],
    "stage": ["当前阶段", "进展阶段", "项目阶段"],
}  # fmt: skip
INDEX = build_index(SYNONYMS)
LABELS = {
    "code": "项目编号",
    "national_code": "投资项目统一代码",
    "name": "项目名称",
    "category": "项目类别",
    "industry": "产业类型",
    "strategic_emerging": "战略性新兴产业",
    "foreign_funded": "外资项目",
    "total_investment_wan": "总投资",
    "unit": "责任单位",
    "lead_department": "牵头部门",
    "leader": "挂钩领导",
    "location": "建设地点",
    "planned_start": "计划开工日期",
    "planned_completion": "计划竣工日期",
    "stats_status": "统计状态",
    "description": "建设内容",
    "listing": "年度计划",
}
READ_ONLY = {"seq", "stage"}
PROJECT_FIELDS = [f for f in project_services.EDITABLE_FIELDS]
INDUSTRY = label_map(
    Industry,
    {
        "第二产业": Industry.SECONDARY,
        "工业": Industry.SECONDARY,
        "技术改造": Industry.TECH_UPGRADE,
        "第三产业": Industry.TERTIARY,
        "服务业": Industry.TERTIARY,
    },
)
LISTING = label_map(Listing, {"建成": Listing.COMPLETION, "竣工": Listing.COMPLETION})
STATS = label_map(StatsStatus, {"入库": StatsStatus.REGISTERED, "纳统": StatsStatus.COUNTED})
LISTING_WORDS = {
    "新开工": Listing.NEW_START,
    "续建": Listing.CONTINUING,
    "建成投产": Listing.COMPLETION,
    "竣工": Listing.COMPLETION,
    "储备": Listing.RESERVE,
    "新落地": Listing.NEW_LANDED,
    "招商": Listing.NEW_LANDED,
}
MAX_LEN = {"code": 32, "name": 128, "location": 128}


def generated_code(year: int, unit_code: str, name: str) -> str:
    """A stable code for a row without one, so importing the same file twice matches."""
    digest = hashlib.sha1(
        f"{unit_code}|{V.normalize(name)}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"XM{year}-{digest[:10].upper()}"


def _context_listing(text: str) -> str | None:
    found = {kind for word, kind in LISTING_WORDS.items() if word in text}
    return found.pop() if len(found) == 1 else None


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
    preview = Preview(ImportKind.LEDGER, file_name, sha256, size)
    refs = Refs.load()
    parsed: list[RowResult] = []
    for sheet, layout in sheet_layouts(sheets, INDEX, "name", mapping, preview):
        parsed.extend(_parse_sheet(sheet, layout, refs, year, preview))
        if progress is not None:
            progress(len(parsed))
    _match(parsed, year)
    preview.rows = parsed
    preview.context = {"year": year}
    return preview


class _Bad:
    """A cell that could not be read: its message, kept once for every cell holding the same
    value (a column caches what it has read)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_SKIP = object()  # the cell says nothing (a blank unit or category): the field is not set


def _column(
    field: str, raws: list[Any], unit: str, refs: Refs
) -> list[tuple[bool, str, Any] | _Bad | object]:
    """Every data cell of one column read at once: (into listing?, key, value), `_SKIP` or
    `_Bad`. A ledger repeats its units, kinds, 是/否, leaders and dates thousands of times, so
    each distinct value (by type and value: 1, 1.0 and True stay apart) is read once."""
    seen: dict[tuple[type, Any], tuple[bool, str, Any] | _Bad | object] = {}
    out: list[tuple[bool, str, Any] | _Bad | object] = []
    append = out.append
    for raw in raws:
        key = (type(raw), raw)
        try:
            effect = seen[key]
        except KeyError:
            try:
                effect = _read(field, raw, unit, refs)
            except V.CellError as exc:
                effect = _Bad(str(exc))
            seen[key] = effect
        except TypeError:  # an unhashable value: never from a reader, read it anyway
            try:
                effect = _read(field, raw, unit, refs)
            except V.CellError as exc:
                effect = _Bad(str(exc))
        append(effect)
    return out


def _data_rows(sheet: Sheet, layout: Layout) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of every row below the header that holds anything."""
    out = []
    for number, row in enumerate(sheet.rows[layout.header_row :], start=layout.header_row + 1):
        for value in row:
            if value is not None and (type(value) is not str or value.strip()):
                out.append((number, row))
                break
    return out


def _parse_sheet(
    sheet: Sheet, layout: Layout, refs: Refs, year: int, preview: Preview
) -> list[RowResult]:
    """Read a sheet column by column (each distinct value once), then assemble each row's
    values, listing and issues in the column order, as a person reads the row."""
    cols = layout.by_field()
    for field in READ_ONLY & set(cols) - {"seq"}:
        preview.notes.append(
            f"工作表“{sheet.name}”的“{cols[field].header}”列为只读信息（阶段变更须逐项办理），导入时忽略"
        )
    default_unit = layout.unit or "万元"
    sheet_category = refs.category_in(sheet.name, layout.context)
    sheet_listing = _context_listing(V.normalize(sheet.name) + layout.context)
    planned_col = cols.get("planned_investment_wan")
    listing_year = (planned_col.year if planned_col else None) or year
    if "listing_kind" in cols and cols["listing_kind"].year:
        listing_year = cols["listing_kind"].year
    name_index = cols["name"].index
    rows = _data_rows(sheet, layout)
    summary = [is_summary(row, name_index) for _number, row in rows]
    live = [pair for pair, skip in zip(rows, summary, strict=True) if not skip]
    # Per column: where its issues point, the rows holding a formula, every cell read.
    columns = []
    for field, col in cols.items():
        if field in READ_ONLY:
            continue
        index = col.index
        raws = [row[index] if index < len(row) else None for _number, row in live]
        formula_rows = {r for r, c in sheet.formulas if c == index + 1}
        where = f"{col.letter}列“{col.header}”"
        columns.append((where, formula_rows, _column(field, raws, col.unit or default_unit, refs)))
    out = []
    position = 0
    for (number, _row), skip in zip(rows, summary, strict=True):
        if skip:
            out.append(RowResult(sheet.name, number, Outcome.SKIPPED, note="合计/小计行，已跳过"))
            continue
        i = position
        position += 1
        result = RowResult(sheet.name, number, Outcome.NEW)
        values: dict[str, Any] = {}
        listing: dict[str, Any] = {}

        def issue(field: str, message: str, result: RowResult = result) -> None:
            col = cols.get(field)
            where = f"{col.letter}列“{col.header}”" if col else LABELS.get(field, field)
            result.issues.append(Issue(sheet.name, result.row, where, message))

        for where, formula_rows, effects in columns:
            if formula_rows and number in formula_rows:
                result.issues.append(
                    Issue(
                        sheet.name,
                        number,
                        where,
                        "单元格是公式，导入不采信公式结果，请复制后“粘贴为数值”",
                    )
                )
                continue
            effect = effects[i]
            if effect is _SKIP:
                continue
            if type(effect) is _Bad:
                result.issues.append(Issue(sheet.name, number, where, effect.message))
                continue
            into_listing, key, value = effect  # type: ignore[misc]
            (listing if into_listing else values)[key] = value
        if "category" not in values and sheet_category is not None:
            values["category"] = sheet_category
        if "listing_kind" not in listing and sheet_listing and "planned" in listing:
            listing["listing_kind"] = sheet_listing
        name = values.get("name", "")
        result.name = name
        result.key = values.get("code", "")
        for field, limit in MAX_LEN.items():
            if len(values.get(field) or "") > limit:
                issue(field, f"内容过长（最多 {limit} 个字）")
        if not name:
            issue("name", "项目名称不能为空")
        if (
            values.get("planned_start")
            and values.get("planned_completion")
            and values["planned_completion"] < values["planned_start"]
        ):
            issue("planned_completion", "计划竣工日期不能早于计划开工日期")
        result.payload = {"values": values, "listing": listing, "listing_year": listing_year}
        result.payload["issue"] = issue
        if result.issues:
            result.outcome = Outcome.ERROR
        out.append(result)
    return out


def _read(field: str, raw: Any, unit: str, refs: Refs) -> tuple[bool, str, Any] | object:
    """One cell of `field` → (into the listing?, key, value), or `_SKIP` when it sets nothing;
    raises `CellError` with the message the person who typed it reads."""
    if field in ("total_investment_wan",):
        amount = V.money(raw, unit)
        return _SKIP if amount is None else (False, field, amount)
    if field == "planned_investment_wan":
        amount = V.money(raw, unit)
        return _SKIP if amount is None else (True, "planned", amount)
    if field == "listing_kind":
        kind = V.choice(raw, LISTING, "年度计划类别")
        return (True, "listing_kind", kind) if kind else _SKIP
    if field in ("strategic_emerging", "foreign_funded"):
        return (False, field, V.flag(raw))
    if field in ("planned_start", "planned_completion"):
        return (False, field, V.date(raw))
    if field == "industry":
        kind = V.choice(raw, INDUSTRY, "产业类型")
        return (False, field, kind) if kind else _SKIP
    if field == "stats_status":
        status = V.choice(raw, STATS, "统计状态")
        return (False, field, status or StatsStatus.NONE)
    if field in ("unit", "lead_department"):
        if V.is_blank(raw):
            return (False, field, None) if field == "lead_department" else _SKIP
        unit_obj = refs.unit(raw)
        if unit_obj is None:
            raise V.CellError(
                _("找不到单位“%(value)s”（请使用单位全称或简称）") % {"value": V.text(raw)[:30]}
            )
        return (False, field, unit_obj)
    if field == "category":
        if V.is_blank(raw):
            return _SKIP
        category = refs.category(raw)
        if category is None:
            names = "、".join(c.name for c in refs.category_list)
            raise V.CellError(
                _("找不到项目类别“%(value)s”，可填：%(names)s")
                % {"value": V.text(raw)[:20], "names": names}
            )
        return (False, field, category)
    if field == "leader":
        if V.is_blank(raw):
            return (False, field, None)
        leader = refs.leader(raw)
        if leader is None:
            raise V.CellError(_("找不到挂钩领导“%(value)s”") % {"value": V.text(raw)[:20]})
        return (False, field, leader)
    if field == "national_code":
        code = V.normalize(V.text(raw)).upper()
        if code and not NATIONAL_CODE_RE.match(code):
            raise V.CellError(_("投资项目统一代码应为24位，格式如 2021-350102-47-01-012345"))
        return (False, field, code or None)
    if field == "code":
        code = V.normalize(V.text(raw))
        return (False, field, code) if code else _SKIP
    # name, location, description: plain text
    return (False, field, V.text(raw))


RELATIONS = ("category", "unit", "lead_department", "leader")


def _stored(project: Project, field: str) -> Any:
    """The stored value to compare with; for a relation its id, so no query per row."""
    return getattr(project, f"{field}_id") if field in RELATIONS else getattr(project, field)


def _same(field: str, old: Any, new: Any) -> bool:
    if field in RELATIONS:
        return bool(old == (new.pk if new is not None else None))
    if isinstance(new, Decimal):
        return old is not None and Decimal(old) == new
    if field in ("location", "description", "name"):
        # Surrounding spaces (and a leading TAB/CR) are not a change a person meant to make.
        return (old or "").strip() == (new or "").strip()
    return bool(old == new)


def _match(rows: list[RowResult], year: int) -> None:
    """Find each row's project (by code, else name + unit) and decide new/update/unchanged."""
    live = [r for r in rows if r.outcome != Outcome.SKIPPED]
    codes = {r.payload["values"]["code"] for r in live if r.payload["values"].get("code")}
    names = {r.payload["values"].get("name") for r in live if not r.payload["values"].get("code")}
    by_code: dict[str, Project] = {}
    code_list = sorted(codes)
    for i in range(0, len(code_list), 500):
        for p in Project.objects.filter(code__in=code_list[i : i + 500]):
            by_code[p.code] = p
    by_name: dict[tuple[str, int], list[Project]] = {}
    name_list = sorted(n for n in names if n)
    for i in range(0, len(name_list), 500):
        for p in Project.objects.filter(name__in=name_list[i : i + 500]).order_by("code"):
            by_name.setdefault((p.name, p.unit_id), []).append(p)
    matched_ids = [p.pk for p in by_code.values()] + [
        p.pk for group in by_name.values() for p in group
    ]
    listings = {
        lst.project_id: lst
        for i in range(0, len(matched_ids), 500)
        for lst in PlanListing.objects.filter(project_id__in=matched_ids[i : i + 500])
    }
    national = [
        r.payload["values"]["national_code"]
        for r in live
        if r.payload["values"].get("national_code")
    ]
    taken = {
        code: pid
        for i in range(0, len(national), 500)
        for code, pid in Project.objects.filter(
            national_code__in=national[i : i + 500]
        ).values_list("national_code", "pk")
    }
    first_seen: dict[str, int] = {}
    for r in live:
        values, listing = r.payload["values"], r.payload["listing"]
        issue = r.payload.pop("issue")
        project: Project | None = None
        code = values.get("code")
        if code:
            project = by_code.get(code)
        elif values.get("unit") is not None and values.get("name"):
            group = by_name.get((values["name"], values["unit"].pk), [])
            if len(group) > 1:
                issue(
                    "name",
                    "匹配到多个同名同单位的项目（编号 "
                    + "、".join(p.code for p in group)
                    + "），请在文件中填写项目编号",
                )
            elif group:
                project = group[0]
                values["code"] = project.code
        key = values.get("code") or (
            generated_code(r.payload["listing_year"], values["unit"].code, values["name"])
            if values.get("unit") is not None and values.get("name")
            else ""
        )
        r.key = key
        if key and key in first_seen:
            issue("code" if code else "name", f"与第 {first_seen[key]} 行是同一项目，重复出现")
        elif key:
            first_seen[key] = r.row
        nc = values.get("national_code")
        if nc and nc in taken and (project is None or taken[nc] != project.pk):
            issue("national_code", "该投资项目统一代码已属于另一个项目")
        if project is None:
            for field in ("unit", "category", "total_investment_wan"):
                if values.get(field) is None:
                    issue(field, f"新项目必须填写“{LABELS[field]}”")
            if listing and "listing_kind" not in listing:
                issue("listing", "填写了年度计划投资，但缺少“年度计划类别”（新开工、续建等）")
        if r.issues:
            r.outcome = Outcome.ERROR
            continue
        if project is None:
            values["code"] = key
            r.outcome = Outcome.NEW
            r.payload["project"] = None
            continue
        changes = {
            f: values[f]
            for f in PROJECT_FIELDS
            if f in values and not _same(f, _stored(project, f), values[f])
        }
        listing_change = _listing_change(
            listings.get(project.pk), listing, r.payload["listing_year"]
        )
        if listing_change is None and listing and "listing_kind" not in listing:
            issue("listing", "该项目当年尚无年度计划，请填写“年度计划类别”")
            r.outcome = Outcome.ERROR
            continue
        r.payload |= {"project": project, "changes": changes, "listing_change": listing_change}
        r.changes = [LABELS[f] for f in changes] + (["年度计划"] if listing_change else [])
        r.outcome = Outcome.UPDATE if r.changes else Outcome.UNCHANGED


def _listing_change(
    current: PlanListing | None, listing: dict[str, Any], year: int
) -> dict[str, Any] | None:
    """The listing to set, or None when the file says nothing new about it."""
    if not listing:
        return None
    if current is not None and current.year != year:
        current = None
    kind = listing.get("listing_kind") or (current.kind if current else None)
    planned = listing.get("planned")
    if planned is None:
        planned = current.planned_investment_wan if current else Decimal(0)
    if kind is None:
        return None
    if current is not None and current.kind == kind and current.planned_investment_wan == planned:
        return {}
    return {"year": year, "kind": kind, "planned_investment_wan": planned}


def apply(preview: Preview, *, actor: Actor) -> dict[str, int]:
    """Write every new and changed row in ONE transaction, or nothing at all (F1)."""
    if not preview.ok:
        raise ValueError("预览中有错误，不能导入")
    require(actor, "import.run")
    with transaction.atomic():
        created = _create_new(preview, actor)
        for r in preview.rows:
            if r.outcome != Outcome.UPDATE:
                continue
            project: Project = r.payload["project"]
            if r.payload["changes"]:
                project = project_services.update_project(
                    project,
                    actor=actor,
                    expected_version=project.version,
                    changes=r.payload["changes"],
                )
            if r.payload["listing_change"]:
                lc = r.payload["listing_change"]
                project_services.set_listing(
                    project,
                    actor=actor,
                    year=lc["year"],
                    kind=lc["kind"],
                    planned_investment_wan=lc["planned_investment_wan"],
                )
        finish_batch(preview, actor=actor)
    return {"created": created, **preview.counts}


def _create_new(preview: Preview, actor: Actor) -> int:
    """New projects go through the one creation path (`projects.services.create_projects`),
    so an imported project gets its lead department, listing, node plan and audit rows
    exactly as a typed one does. `checked=True`: every rule `full_clean` would check was
    checked row by row in `prepare` (required fields, lengths, choices from the label maps,
    national code format and uniqueness, dates in order, units/categories/leaders that
    exist); the database constraints (unique code, unique national code, one listing a year,
    no negative money) still hold, and any violation rolls the whole import back.
    """
    new_rows = [r for r in preview.rows if r.outcome == Outcome.NEW]
    if not new_rows:
        return 0
    items = []
    for r in new_rows:
        values = r.payload["values"]
        fields = {k: v for k, v in values.items() if k in PROJECT_FIELDS or k == "code"}
        category = fields["category"]
        fields.setdefault(
            "industry", Industry.SECONDARY if category.code == "industry" else Industry.TERTIARY
        )
        fields.setdefault("stage", Stage.PLANNING)
        fields["location"] = fields.get("location") or ""
        fields["description"] = fields.get("description") or ""
        fields.setdefault("stats_status", StatsStatus.NONE)
        listing = r.payload["listing"]
        items.append(
            project_services.NewProject(
                fields,
                listing_year=r.payload["listing_year"] if listing.get("listing_kind") else None,
                listing_kind=listing.get("listing_kind") or "",
                planned_investment_wan=listing.get("planned") or Decimal(0),
            )
        )
    return len(project_services.create_projects(items, actor=actor, checked=True))
