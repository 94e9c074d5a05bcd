"""The rules a new installation starts with (data: 发改局 changes them on the reminders page).
Quiet hours 22:00–07:30: nobody's phone rings at night for a report."""

from __future__ import annotations

import datetime as dt

RULES: list[dict[str, object]] = [
    {"kind": "window_opens", "name": "月报开始报送", "offset_days": 0, "audience": ["unit"]},
    {"kind": "window_closes", "name": "月报截止前2个工作日", "offset_days": -2,
     "audience": ["unit"]},
    {"kind": "report_late", "name": "月报逾期催报", "offset_days": 1, "audience": ["unit"]},
    {"kind": "letter_reply_due", "name": "督办函回函期限前2个工作日", "offset_days": -2,
     "audience": ["unit"]},
    {"kind": "letter_overdue", "name": "督办函逾期未回", "offset_days": 1,
     "audience": ["unit", "leader", "supervisor"]},
    {"kind": "problem_overdue", "name": "协调事项逾期", "offset_days": 1,
     "audience": ["unit", "reviewer", "leader"]},
    {"kind": "node_due", "name": "项目节点到期前3个工作日", "offset_days": -3,
     "audience": ["unit"]},
    {"kind": "claim_waits", "name": "认定事项申报后2个工作日未认定", "offset_days": 2,
     "audience": ["reviewer"]},
]  # fmt: skip
QUIET_START = dt.time(22, 0)
QUIET_END = dt.time(7, 30)
