"""The ledger (台账) export: the same rows the ledger page shows, in a re-importable layout."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import today
from duban.projects import queries
from duban.projects.models import PlanListing
from duban.transfer.exports import DATE_FORMAT, WAN_FORMAT, new_book, to_bytes, write_table


def headers(year: int) -> list[tuple[str, int]]:
    return [
        ("项目编号", 16),
        ("投资项目统一代码", 26),
        ("项目名称", 36),
        ("项目类别", 10),
        ("产业类型", 8),
        ("战略性新兴产业", 8),
        ("外资项目", 6),
        ("总投资（万元）", 14),
        (f"{year}年度计划类别", 10),
        (f"{year}年计划投资（万元）", 14),
        ("责任单位", 14),
        ("牵头部门", 14),
        ("挂钩领导", 8),
        ("建设地点", 20),
        ("计划开工日期", 12),
        ("计划竣工日期", 12),
        ("统计状态", 8),
        ("当前阶段", 10),
        ("建设内容", 40),
    ]


def export_ledger(
    user: User, *, year: int, filters: dict[str, Any] | None = None
) -> tuple[bytes, int]:
    """The ledger as an .xlsx, scoped and filtered exactly like the ledger page (B2)."""
    projects = queries.ledger(user, {**(filters or {}), "year": year}).prefetch_related(
        Prefetch("listings", queryset=PlanListing.objects.filter(year=year), to_attr="year_listing")
    )
    rows = []
    for p in projects:
        listing = p.year_listing[0] if p.year_listing else None
        rows.append(
            [
                p.code,
                p.national_code or "",
                p.name,
                p.category.name,
                p.get_industry_display(),
                "是" if p.strategic_emerging else "否",
                "是" if p.foreign_funded else "否",
                p.total_investment_wan,
                listing.get_kind_display() if listing else "",
                listing.planned_investment_wan if listing else None,
                p.unit.name,
                p.lead_department.name if p.lead_department else "",
                p.leader.name if p.leader else "",
                p.location,
                p.planned_start,
                p.planned_completion,
                p.get_stats_status_display(),
                p.get_stage_display(),
                p.description,
            ]
        )
    book = new_book()
    ws = book.create_sheet("项目台账")
    write_table(
        ws,
        f"重点项目台账（{year}年，导出于 {today().isoformat()}）",
        headers(year),
        rows,
        formats={8: WAN_FORMAT, 10: WAN_FORMAT, 15: DATE_FORMAT, 16: DATE_FORMAT},
    )
    record(
        "export.ledger",
        actor=user,
        object_type="projects.project",
        object_repr=f"{year} 项目台账",
        detail={
            "year": year,
            "rows": len(rows),
            "filters": {k: str(v) for k, v in (filters or {}).items() if v},
        },
    )
    return to_bytes(book), len(rows)
