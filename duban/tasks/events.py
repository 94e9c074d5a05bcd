"""The audit events of tasks and findings (catalogued from TasksConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "task.created": gettext_noop("新建工作任务"),
    "task.changed": gettext_noop("修改工作任务"),
    "task.progress_reported": gettext_noop("报送任务进展"),
    "task.closure_requested": gettext_noop("申请任务销号"),
    "task.closure_refused": gettext_noop("退回销号申请"),
    "task.closed": gettext_noop("任务销号"),
    "task.reopened": gettext_noop("任务重新打开（回头看）"),
    "task.milestone_done": gettext_noop("完成任务节点"),
    "task.milestone_added": gettext_noop("增加任务节点"),
    "task.milestone_revised": gettext_noop("调整任务节点计划日期"),
    "ledger.imported": gettext_noop("导入整改台账"),
}
