"""The audit events of the year rollover (catalogued from AppConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "rollover.run": gettext_noop("年度结转：开启新年度，上一年度转为只读"),
    "rollover.project_carried": gettext_noop("项目结转至新年度（续建或储备转入）"),
    "rollover.problem_carried": gettext_noop("未办结协调事项结转至新年度"),
    "rollover.task_carried": gettext_noop("未销号的工作任务或整改问题结转至新年度"),
    "rollover.targets_drafted": gettext_noop("按上年目标值生成新年度目标草稿"),
    "rollover.targets_confirmed": gettext_noop("确认新年度目标（草稿转正式）"),
}
