"""Template filters for numbers, one policy (duban.core.numbers): money with its unit, scores
with 2 decimals, rates as percentages with 1 decimal, counts as integers, no exponents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from duban.core import numbers, roles
from duban.core.money import display_quantity, display_wan
from duban.core.panels import Panel
from duban.core.scoping import restrict

register = template.Library()


@register.filter
def wan(value: Decimal | None) -> str:
    """万元 amount, shown as 亿元 from 1亿 up (in English: million or billion yuan)."""
    return display_wan(value)


@register.filter
def wan_only(value: Decimal | None) -> str:
    return display_wan(value, unit="万元")


@register.filter
def quantity(value: Decimal | None, unit: str) -> str:
    return display_quantity(value, unit)


@register.filter
def score(value: numbers.Number | None) -> str:
    """得分 with two decimals: 94.79."""
    return numbers.format_score(value)


@register.filter
def percent(value: numbers.Number | None) -> str:
    """A rate already in percent: 11.2%."""
    return numbers.format_percent(value)


@register.filter
def ratio_percent(value: numbers.Number | None) -> str:
    """A rate held as a ratio (0.8333) shown in percent: 83.3%."""
    return numbers.format_ratio(value)


@register.filter
def count(value: numbers.Number | None) -> str:
    """A count, as an integer."""
    return numbers.format_count(value)


@register.filter
def plain(value: numbers.Number | None) -> str:
    """A typed value as people write it (40, never 4E+1), at most two decimals."""
    return numbers.plain(value)


@register.filter
def can(user: Any, action: str) -> bool:
    """`{% if user|can:"report.review" %}`: a link or button shows only to a role the matrix
    (duban.core.roles) lets open it, so nobody is shown a page that answers 无权访问."""
    return roles.can(user, action)


@register.filter
def sees(user: Any, obj: Any) -> bool:
    """`{% if user|sees:project %}`: a link to a record shows only when the record is in the
    user's scope (its model's `scope_for` through `restrict`, action `<model>.view`), so a
    reporter is not shown another unit's project that would answer 404."""
    if obj is None:
        return False
    model = type(obj)
    action = f"{model._meta.model_name}.view"
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


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
