"""Rate limits on signing in, per source address and per account (SECURITY.md A2, A4).

Lockout alone bounds *consecutive* failures; an attacker who knows the password of a
privileged account could otherwise keep guessing its one-time code lock period after lock
period, and a single address could spray guesses over many usernames. These limits count
failures in a sliding window, whatever happened in between (a correct password, an expired
lock), and refuse further attempts until the window has moved on.

The counts are read from the audit trail itself: every failure is already an
`auth.login_failed` row with its time, address and account, written in the same
transaction as the failure. So the limits hold across every worker process and on both
databases, without a second store that could disagree with the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from duban.audit.models import AuditEvent

FAILURE_EVENT = "auth.login_failed"


@dataclass(frozen=True)
class Limit:
    """At most `failures` failures within `seconds`."""

    failures: int
    seconds: int


def ip_limit() -> Limit:
    return Limit(settings.DUBAN_LOGIN_IP_MAX_FAILURES, settings.DUBAN_LOGIN_IP_WINDOW_SECONDS)


def account_limit() -> Limit:
    return Limit(
        settings.DUBAN_LOGIN_ACCOUNT_MAX_FAILURES, settings.DUBAN_LOGIN_ACCOUNT_WINDOW_SECONDS
    )


def _since(limit: Limit) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=limit.seconds)


def address_throttled(ip: str) -> bool:
    """True when this client address has failed too often lately, on any account."""
    if not ip:
        return False
    limit = ip_limit()
    recent = AuditEvent.objects.filter(event=FAILURE_EVENT, ip=ip, occurred_at__gte=_since(limit))
    return recent[: limit.failures].count() >= limit.failures


def account_throttled(user_pk: int) -> bool:
    """True when this account has failed too often lately, from any address."""
    limit = account_limit()
    recent = AuditEvent.objects.filter(
        event=FAILURE_EVENT,
        object_type="accounts.user",
        object_id=str(user_pk),
        occurred_at__gte=_since(limit),
    )
    return recent[: limit.failures].count() >= limit.failures
