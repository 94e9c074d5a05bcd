"""The audit events of reference-data changes (catalogued from RefdataConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

EVENTS = {
    "unit.created": gettext_noop("新建责任单位"),
    "unit.updated": gettext_noop("修改责任单位"),
    "leader.created": gettext_noop("新建挂钩领导"),
    "leader.updated": gettext_noop("修改挂钩领导"),
    "programme.created": gettext_noop("新建工程"),
    "programme.updated": gettext_noop("修改工程或其定性任务"),
    "category.created": gettext_noop("新建项目类别"),
    "category.updated": gettext_noop("修改项目类别或牵头部门"),
    "node_template.created": gettext_noop("新建节点计划模板"),
    "node_template.updated": gettext_noop("修改节点计划模板"),
    "template_node.created": gettext_noop("新建模板节点"),
    "template_node.updated": gettext_noop("修改模板节点"),
    "metric.created": gettext_noop("新建指标"),
    "metric.updated": gettext_noop("修改指标"),
    "light_rule.created": gettext_noop("新建亮灯规则"),
    "light_rule.updated": gettext_noop("修改亮灯规则"),
    "curve.created": gettext_noop("新建序时进度曲线"),
    "curve.updated": gettext_noop("修改序时进度曲线"),
    "target.actual_entered": gettext_noop("录入目标完成值"),
    "target.actual_updated": gettext_noop("修改手工录入的指标完成值"),
}
