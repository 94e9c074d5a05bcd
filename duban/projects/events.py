"""Audit events the projects app writes beyond the foundation catalogue."""

from django.utils.translation import gettext_noop

EVENTS = {
    "project.fact_withdrawn": gettext_noop("撤销已认定的项目事实（阶段日期清除，阶段回退）"),
}
