"""System checks for the audit trail (SECURITY.md C4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

# 网络安全法 §21: network logs are kept no less than six months.
MINIMUM_RETENTION_DAYS = 180


@register()
def audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    days = getattr(settings, "DUBAN_AUDIT_RETENTION_DAYS", 0)
    if days < MINIMUM_RETENTION_DAYS:
        return [
            Error(
                f"DUBAN_AUDIT_RETENTION_DAYS={days} 少于法定的 {MINIMUM_RETENTION_DAYS} 天",
                hint="网络安全法第二十一条要求网络日志留存不少于六个月",
                id="duban.E001",
            )
        ]
    return []
