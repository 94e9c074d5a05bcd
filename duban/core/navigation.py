"""The main menu: one list, filtered by the role matrix, so no page is linked to a role that
cannot open it. An entry whose URL name is not (yet) defined is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from duban.core.roles import can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    action: str


NAV = [
    NavItem(_("首页"), "portal:home", "target.view"),
    NavItem(_("项目台账"), "projects:ledger", "project.view"),
    NavItem(_("目标任务"), "targets:table", "target.view"),
    NavItem(_("责任单位"), "orgs:units", "unit.view"),
    NavItem(_("月调度"), "reports:index", "report.view"),
    NavItem(_("预警督办"), "supervision:board", "warning.view"),
    NavItem(_("事实认定"), "claims:index", "claim.view"),
    NavItem(_("督查任务"), "tasks:index", "task.view"),
    NavItem(_("考评排名"), "assessment:index", "score.view"),
    NavItem(_("大屏"), "screen:index", "screen.view"),
    NavItem(_("导入导出"), "transfer:index", "export.run"),
    NavItem(_("文件识别"), "intake:index", "intake.use"),
    NavItem(_("目标责任书"), "agreements:index", "agreement.view"),
    NavItem(_("年度结转"), "rollover:index", "year.rollover"),
    NavItem(_("工作日历"), "workdays:calendars", "calendar.view"),
    NavItem(_("公文模板"), "documents:index", "document_template.view"),
    NavItem(_("参考数据"), "refdata:index", "refdata.change"),
    NavItem(_("账户管理"), "accounts:users", "user.view"),
    NavItem(_("审计日志"), "audit:index", "audit.view"),
]


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    items = []
    for item in NAV:
        if not can(user, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
