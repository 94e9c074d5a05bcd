"""What each job kind does. A runner takes the job's parameters, the actor, and a `progress`
callback (percent, step), and returns a JSON-ready result. Each calls the same services as the
commands, so a job is audited like the command it replaces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.accounts.actors import Actor
from duban.accounts.services import disable_dormant
from duban.assessment.services import compute_month
from duban.core.asof import Month, today
from duban.reminders.services import remind
from duban.supervision.services import compute_snapshots, escalate_overdue

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobKind:
    code: str
    label: Any
    run: Callable[[dict[str, Any], Actor, Progress], dict[str, Any]]
    # The role-matrix action a person needs to start it from the page (None: schedule only).
    action: str | None = None
    needs_month: bool = False


def _recompute(params: dict[str, Any], actor: Actor, progress: Progress) -> dict[str, Any]:
    """Lights, then scores, of one month (both idempotent)."""
    month = Month.parse(str(params["month"]))
    progress(10, f"{month.label}：计算亮灯")
    lights = compute_snapshots(month, actor=actor)
    progress(55, f"{month.label}：计算考评得分")
    runs = compute_month(month, actor=actor, reason=str(params.get("reason", "")))
    progress(95, f"{month.label}：完成")
    return {
        "month": str(month),
        "lights": lights,
        "runs": [{"run": str(run), "outcome": outcome} for run, outcome in runs],
    }


def _remind(params: dict[str, Any], actor: Actor, progress: Progress) -> dict[str, Any]:
    on = dt.date.fromisoformat(params["on"]) if params.get("on") else today()
    progress(20, f"{on}：查找到期提醒")
    planned, attempted = remind(actor=actor, on=on, at=timezone.localtime().time(), send_now=True)
    sent = sum(1 for d in attempted if d.status == "sent")
    return {"on": str(on), "planned": len(planned), "attempted": len(attempted), "sent": sent}


def _escalate(params: dict[str, Any], actor: Actor, progress: Progress) -> dict[str, Any]:
    progress(30, "升级逾期督办函与协调事项")
    return dict(escalate_overdue(actor=actor))


def _dormant(params: dict[str, Any], actor: Actor, progress: Progress) -> dict[str, Any]:
    progress(30, "停用长期未登录账户")
    return {"disabled": [u.username for u in disable_dormant(actor=actor)]}


def _expire_imports(params: dict[str, Any], actor: Actor, progress: Progress) -> dict[str, Any]:
    progress(30, "清理过期的导入文件")
    call_command("expire_imports", verbosity=0)
    return {}


KINDS: dict[str, JobKind] = {
    k.code: k
    for k in (
        JobKind("recompute", _("重算亮灯与考评得分"), _recompute, "score.publish", True),
        JobKind("remind", _("发送到期提醒"), _remind, "reminder.manage"),
        JobKind("escalate_overdue", _("升级逾期事项"), _escalate, "letter.issue"),
        JobKind("disable_dormant", _("停用长期未登录账户"), _dormant),
        JobKind("expire_imports", _("清理过期导入"), _expire_imports),
    )
}


def startable(user: Any) -> list[JobKind]:
    """The kinds this person may start from the page."""
    return [k for k in KINDS.values() if k.action and user.can(k.action)]
