"""Template filters for account pages."""

from __future__ import annotations

from django import template

from duban.accounts.masking import mask_phone

register = template.Library()


@register.filter(name="mask_phone")
def mask_phone_filter(value: str | None) -> str:
    return mask_phone(value)
