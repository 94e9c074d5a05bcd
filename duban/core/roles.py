"""The one declared role × action matrix (SECURITY.md B3). Deny by default.

Every permission check in pages, exports, the screen and commands asks `can(user, action)`;
row-level limits (which unit's projects) are applied by each model's `scope_for` through
`duban.core.scoping.restrict`. Adding an action means adding it here, and the matrix test
walks every cell.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import SystemActor, Viewer


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("发改局/重点办")
    REVIEWER = "reviewer", _("牵头部门审核人")
    REPORTER = "reporter", _("责任单位填报人")
    LEADER = "leader", _("挂钩领导")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")


BUSINESS_READ = {
    "project.view",
    "target.view",
    "unit.view",
    "report.view",
    "score.view",
    "warning.view",
    "problem.view",
    "letter.view",
    "screen.view",
    "calendar.view",
    "claim.view",
    "task.view",
    "meeting.view",
    "agreement.view",
}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SUPERVISOR: frozenset(
        BUSINESS_READ
        | {
            "project.create",
            "project.change",
            "project.stage",
            "target.change",
            "metric.change",
            "refdata.change",
            "report.review",
            "report.window",
            "score.view_draft",
            "score.publish",
            "method.change",
            "letter.issue",
            "problem.raise",
            "problem.coordinate",
            "bulletin.publish",
            "document_template.view",
            "document_template.change",
            "import.run",
            "export.run",
            "intake.use",
            "calendar.change",
            "claim.file",
            "claim.decide",
            "claim.revoke",
            "spotcheck.run",
            "task.manage",
            "task.confirm",
            "meeting.manage",
            "people.edit",
            "agreement.manage",
            "year.rollover",
        }
    ),
    Role.REVIEWER: frozenset(
        BUSINESS_READ
        | {
            "report.review",
            "problem.raise",
            "problem.coordinate",
            "export.run",
            "project.stage",
            "claim.decide",
            "task.confirm",
        }
    ),
    Role.REPORTER: frozenset(
        BUSINESS_READ
        | {
            "project.create",
            "project.change",
            "project.stage",
            "report.edit",
            "report.submit",
            "letter.reply",
            "problem.raise",
            "export.run",
            "target.revise",
            "claim.file",
            "task.report",
            "people.edit",
        }
    ),
    Role.LEADER: frozenset(BUSINESS_READ | {"problem.coordinate", "export.run"}),
    # 三权分立 (B4): the three admins never touch business data.
    Role.SYSADMIN: frozenset({"user.manage", "backup.run", "user.view", "user.phone_reveal"}),
    Role.SECADMIN: frozenset({"grant.manage", "security.settings", "user.view"}),
    Role.AUDITADMIN: frozenset({"audit.view", "audit.export"}),
}

ALL_ACTIONS: frozenset[str] = frozenset().union(*ROLE_ACTIONS.values())
PRIVILEGED_ROLES = frozenset({Role.SUPERVISOR, Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
# The three separated admin duties (B4): they open only the admin namespaces, never business pages.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
# Roles whose rows are limited to their own unit.
UNIT_SCOPED_ROLES = frozenset({Role.REPORTER})


def can(user: Viewer | SystemActor | None, action: str) -> bool:
    """True when the user's role grants `action`. Unknown actions are refused."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return action in ROLE_ACTIONS.get(getattr(user, "role", ""), frozenset())
