"""The two-person rule of 三权分立 (SECURITY.md B4), as one pure function.

One administrator alone could otherwise cross the separated duties: reset a reviewer's
password and sign in as them (then approve reports), disable the audit and security
administrators, or strip the audit administrator's role. So these changes need a second
administrator of the same duty:

- any change to an administrator's account (by anyone but the holder editing their own name
  or phone), and making an account an administrator;
- a password reset of an account that holds a business role.

Everything else (a new account without a role, disabling a business account, granting a
business role) stays a single administrator's duty.
"""

from __future__ import annotations

from typing import Any

from duban.accounts.choices import ChangeKind
from duban.accounts.models import User
from duban.core.roles import ADMIN_ROLES

# Which duty may request and approve each kind of change.
DUTY = {
    ChangeKind.PASSWORD_RESET: "user.manage",
    ChangeKind.DISABLE: "user.manage",
    ChangeKind.ENABLE: "user.manage",
    ChangeKind.UPDATE: "user.manage",
    ChangeKind.GRANT: "grant.manage",
    ChangeKind.OTP_RESET: "grant.manage",
}


def needs_second_admin(kind: str, target: User, actor: User, payload: dict[str, Any]) -> bool:
    """True when `actor` may not make this change to `target` alone."""
    if kind == ChangeKind.UPDATE and target.pk == actor.pk:
        return False  # the holder's own name and phone
    if target.role in ADMIN_ROLES:
        return True
    if kind == ChangeKind.GRANT and payload.get("role") in ADMIN_ROLES:
        return True
    return kind == ChangeKind.PASSWORD_RESET and bool(target.role)
