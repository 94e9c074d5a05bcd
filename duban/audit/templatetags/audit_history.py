"""`{% load audit_history %}{% for e in history|presented %}`: history rows as people read them."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from duban.audit.models import AuditEvent
from duban.audit.presentation import Entry, present

register = template.Library()


@register.filter
def presented(history: Iterable[AuditEvent]) -> list[Entry]:
    return present(history)
