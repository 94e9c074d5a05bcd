"""Template filters for money and quantities: the unit is always printed with the number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from duban.core.money import format_quantity, format_wan
from duban.core.panels import Panel

register = template.Library()


@register.filter
def wan(value: Decimal | None) -> str:
    """万元 amount, shown as 亿元 from 1亿 up."""
    return format_wan(value)


@register.filter
def wan_only(value: Decimal | None) -> str:
    return format_wan(value, unit="万元")


@register.filter
def quantity(value: Decimal | None, unit: str) -> str:
    return format_quantity(value, unit)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (sorting, paging links)."""
    request = context["request"]
    params: QueryDict = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def render_panel(context: dict[str, Any], panel: Panel) -> SafeString:
    """One contributed panel (duban.core.panels), rendered with its own context and the
    request (so `as_of`, the user and the language are those of the page)."""
    return render_to_string(panel.template, panel.context, request=context["request"])
