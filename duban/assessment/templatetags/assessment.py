"""Template helpers of the assessment pages: a link is shown only when its page opens."""

from __future__ import annotations

from typing import Any

from django import template

from duban.assessment.queries import bulletin_opens_for

register = template.Library()


@register.simple_tag(takes_context=True)
def bulletin_opens(context: dict[str, Any], kind: str, year: int, period: int) -> bool:
    return bulletin_opens_for(context["request"].user, kind, year, period)
