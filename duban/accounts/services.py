"""Every write to accounts: logins, lockout, passwords, TOTP, grants (SECURITY.md A1–A4, B4, B5).

Each function takes the acting user, runs in one transaction and writes its own audit row, so
the management commands leave the same record as the pages.

Separation of duties (三权分立), as decided for duban:
- the system admin (sysadmin) creates accounts, edits name/phone, enables/disables them and
  resets passwords; a new account has no role and can do nothing;
- the security admin (secadmin) grants the role and the unit (the authorisation: what a person
  may do and whose data), and cannot change their own role;
- the audit admin only reads and exports the audit trail.
One role per account, so nobody holds two duties.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from typing import Any

import pyotp
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts import backends, throttle, twoperson
from duban.accounts.actors import Actor, require
from duban.accounts.choices import ChangeKind, ChangeStatus
from duban.accounts.models import User
from duban.audit.models import Outcome
from duban.audit.services import record
from duban.core.actors import SystemActor
from duban.core.context import current
from duban.core.crypto import is_unreadable
from duban.core.roles import ADMIN_ROLES, PRIVILEGED_ROLES, Role

SESSION_STARTED = "duban_auth_started"
SESSION_SEEN = "duban_auth_seen"
OTP_PENDING_USER = "duban_otp_user"
OTP_PENDING_AT = "duban_otp_at"
OTP_ENROL_SECRET = "duban_otp_enrol"  # noqa: S105 (a session key name, not a secret)


def _clean_username(text: str) -> str:
    """A username as typed, made safe to store in the audit snapshot (C6)."""
    return "".join(ch if ch.isprintable() else "?" for ch in (text or ""))[:150]


def _require(actor: Actor, action: str) -> None:
    require(actor, action)


def _two_people(
    kind: str, user: User, actor: Actor, approval: Any, payload: dict[str, Any] | None = None
) -> None:
    """Refuse a change the two-person rule guards unless `approval` is the approved request
    for exactly this change, decided by `actor` (B4). The system itself (a SystemActor: the
    bootstrap and daily commands) is not an administrator and is not held to it."""
    if isinstance(actor, SystemActor) or not twoperson.needs_second_admin(
        kind, user, actor, payload or {}
    ):
        return
    if (
        approval is None
        or approval.status != ChangeStatus.APPROVED
        or approval.kind != kind
        or approval.target_id != user.pk
        or approval.decided_by_id != actor.pk
        or approval.requested_by_id == actor.pk
    ):
        raise PermissionDenied(_("须由另一名管理员批准（双人复核）"))


def needs_otp(user: User) -> bool:
    return user.role in PRIVILEGED_ROLES


# --- login and lockout (A2) ---


@dataclass(frozen=True)
class LoginAttempt:
    user: User | None
    locked: bool = False


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


def _register_failure(user: User, reason: str, *, second_factor: bool = False) -> bool:
    """Count one failure for the account; lock it at the threshold. True when now locked.

    Password failures and second-factor failures have counters of their own: a correct
    password resets only the first, so wrong codes keep adding up until the account locks.
    """
    now = timezone.now()
    if user.locked_until is not None and user.locked_until <= now:
        # An expired lock starts a fresh count.
        User.objects.filter(pk=user.pk).update(failed_logins=0, otp_failures=0, locked_until=None)
    counter = "otp_failures" if second_factor else "failed_logins"
    User.objects.filter(pk=user.pk).update(**{counter: F(counter) + 1})
    user.refresh_from_db(fields=["failed_logins", "otp_failures", "locked_until"])
    failures = getattr(user, counter)
    threshold = (
        settings.DUBAN_OTP_LOCKOUT_THRESHOLD if second_factor else settings.DUBAN_LOCKOUT_THRESHOLD
    )
    record(
        "auth.login_failed",
        obj=user,
        username=user.username,
        outcome=Outcome.FAILURE,
        detail={"reason": reason, "failures": failures},
    )
    if failures >= threshold and not is_locked(user):
        until = now + dt.timedelta(minutes=settings.DUBAN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until)
        user.locked_until = until
        record(
            "auth.locked",
            obj=user,
            username=user.username,
            outcome=Outcome.DENIED,
            detail={"until": until.isoformat(), "failures": failures, "counter": counter},
        )
        return True
    return is_locked(user)


def _throttled(account: User | None, username: str) -> bool:
    """Refuse (and audit) an attempt from an address or on an account over its rate limit."""
    scope = ""
    if throttle.address_throttled(current().ip):
        scope = "address"
    elif account is not None and throttle.account_throttled(account.pk):
        scope = "account"
    if not scope:
        return False
    with transaction.atomic():
        record(
            "auth.throttled",
            obj=account,
            username=account.username if account is not None else _clean_username(username),
            outcome=Outcome.DENIED,
            detail={"scope": scope},
        )
    return True


def attempt_password(request: HttpRequest, username: str, password: str) -> LoginAttempt:
    """Check a username and password. Unknown user, wrong password, locked account and an
    attempt over the rate limit all return the same failure to the caller, who shows the
    same page for each.

    The password hash (deliberately slow) is computed outside any transaction, so no database
    lock is held while it runs; the writes that follow are short transactions of their own.
    """
    account = User.objects.filter(username__iexact=username).first()
    if _throttled(account, username):
        # Hash all the same, so a throttled attempt answers no faster (A2).
        (account or User(username="-")).check_password(password)
        return LoginAttempt(None, locked=True)
    if account is not None and is_locked(account):
        # Still hash the password so a locked account answers no faster (A2).
        account.check_password(password)
        with transaction.atomic():
            record(
                "auth.login_failed",
                obj=account,
                username=account.username,
                outcome=Outcome.DENIED,
                detail={"reason": "locked"},
            )
        return LoginAttempt(None, locked=True)
    user = auth.authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None:
            if account is None:
                record(
                    "auth.login_failed",
                    username=_clean_username(username),
                    outcome=Outcome.FAILURE,
                    detail={"reason": "unknown_user"},
                )
                return LoginAttempt(None)
            reason = "inactive" if not account.is_active else "bad_password"
            return LoginAttempt(None, locked=_register_failure(account, reason))
        # Only the password counter: second-factor failures stand until a code is right.
        if user.failed_logins:
            User.objects.filter(pk=user.pk).update(failed_logins=0)
    return LoginAttempt(user)


def complete_login(request: HttpRequest, user: User) -> None:
    """The session becomes logged in: new key (A3); `auth.login` starts the two timeouts'
    clocks (`accounts.signals.start_session_clocks`, whichever way a session logs in)."""
    with transaction.atomic():
        for key in (OTP_PENDING_USER, OTP_PENDING_AT, OTP_ENROL_SECRET):
            request.session.pop(key, None)
        user.backend = backends.PATH  # type: ignore[attr-defined]
        auth.login(request, user)  # cycles the session key, starts the clocks
        record("auth.login", actor=user, obj=user, detail={"otp": needs_otp(user)})


def begin_otp(request: HttpRequest, user: User) -> None:
    """Password accepted for a privileged user: remember who, not yet logged in (A4)."""
    request.session.cycle_key()
    request.session[OTP_PENDING_USER] = user.pk
    request.session[OTP_PENDING_AT] = int(time.time())


def pending_otp_user(request: HttpRequest) -> User | None:
    """The account waiting for its code in this session, unless the wait is over, the account
    was disabled, or it has been locked meanwhile (perhaps from another session)."""
    pk = request.session.get(OTP_PENDING_USER)
    started = request.session.get(OTP_PENDING_AT, 0)
    if not pk or time.time() - started > settings.DUBAN_OTP_PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or is_locked(user):
        return None
    return user


def logout_user(request: HttpRequest) -> None:
    """Audit, then flush: the server-side session row is deleted, not just the cookie (A3)."""
    user = request.user
    if user.is_authenticated:
        record("auth.logout", actor=user, obj=user)
    auth.logout(request)


def expire_session(request: HttpRequest, reason: str) -> None:
    user = request.user
    if user.is_authenticated:
        record("auth.session_expired", actor=user, obj=user, detail={"reason": reason})
    auth.logout(request)


# --- TOTP (A4) ---


def totp_for(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def provisioning_uri(user: User, secret: str) -> str:
    return totp_for(secret).provisioning_uri(
        name=user.username, issuer_name=settings.DUBAN_OTP_ISSUER
    )


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (±1 for clock drift) whose code matches, or None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = totp_for(secret)
    current = int(time.time()) // totp.interval
    for step in (current - 1, current, current + 1):
        if pyotp.utils.strings_equal(totp.at(step * totp.interval), code):
            return step
    return None


def verify_otp(user: User, code: str) -> bool:
    """True once per time step: a replayed code (same or earlier step) is refused. A wrong
    or replayed code counts as a second-factor failure; a locked or throttled account is
    refused whatever the code."""
    if _throttled(user, user.username):
        return False
    if is_unreadable(user.otp_secret):
        # The key changed since enrolment: refuse, never guess (an empty key has codes too).
        with transaction.atomic():
            record(
                "auth.login_failed",
                obj=user,
                username=user.username,
                outcome=Outcome.FAILURE,
                detail={"reason": "otp_secret_unreadable"},
            )
        return False
    step = _matching_step(user.otp_secret, code) if user.otp_secret else None
    with transaction.atomic():
        if step is not None:
            # Conditional update: two requests racing with one code cannot both win; nor can
            # a code typed into a session that waited while the account was being locked.
            claimed = User.objects.filter(
                Q(locked_until__isnull=True) | Q(locked_until__lte=timezone.now()),
                pk=user.pk,
                is_active=True,
                otp_last_step__lt=step,
            ).update(otp_last_step=step, otp_failures=0, failed_logins=0, locked_until=None)
            if claimed:
                return True
        user.refresh_from_db(fields=["locked_until"])
        reason = (
            "locked" if is_locked(user) else "otp_replayed" if step is not None else "otp_wrong"
        )
        _register_failure(user, reason, second_factor=True)
    return False


def confirm_enrolment(user: User, *, secret: str, code: str) -> bool:
    """Store the new secret once the user proves their authenticator shows its codes."""
    if _throttled(user, user.username):
        return False
    step = _matching_step(secret, code)
    with transaction.atomic():
        if step is None:
            _register_failure(user, "otp_enrol_wrong", second_factor=True)
            return False
        enrolled = User.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=timezone.now()),
            pk=user.pk,
            is_active=True,
        ).update(otp_secret=secret, otp_last_step=step, otp_failures=0, failed_logins=0)
        if not enrolled:
            _register_failure(user, "locked", second_factor=True)
            return False
        user.otp_secret, user.otp_last_step = secret, step
        record("auth.otp_enrolled", actor=user, obj=user)
    return True


def reset_otp(user: User, *, actor: Actor, approval: Any = None) -> None:
    """Security admin clears a lost authenticator; the next login enrols again."""
    _require(actor, "grant.manage")
    _two_people(ChangeKind.OTP_RESET, user, actor, approval)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(otp_secret="", otp_last_step=0)
        record("user.otp_reset", actor=actor, obj=user, detail=_approval_detail(approval))


# --- passwords (A1, B5) ---


def generate_password() -> str:
    """A random temporary password that always passes the policy."""
    while True:
        candidate = "Tmp-" + secrets.token_urlsafe(12) + "9a"
        try:
            validate_password(candidate)
        except ValidationError:  # pragma: no cover - vanishingly rare
            continue
        return candidate


def change_password(user: User, *, actor: Actor, new_password: str) -> None:
    """Self-service change (or forced first-login change); the policy applies."""
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record("auth.password_changed", actor=actor, obj=user)


def reset_password(user: User, *, actor: Actor, approval: Any = None) -> str:
    """System admin issues a temporary password; the user must change it at next login and
    can do nothing else with it (ForcePasswordChangeMiddleware). Sessions signed in with the
    old password end. Resetting a business account's or an admin's password needs a second
    administrator (`approval`)."""
    _require(actor, "user.manage")
    _two_people(ChangeKind.PASSWORD_RESET, user, actor, approval)
    password = generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        user.otp_failures = 0
        user.save(
            update_fields=[
                "password",
                "must_change_password",
                "failed_logins",
                "otp_failures",
                "locked_until",
            ]
        )
        _end_sessions(user)
        record("user.password_reset", actor=actor, obj=user, detail=_approval_detail(approval))
    return password


def _approval_detail(approval: Any) -> dict[str, Any] | None:
    if approval is None:
        return None
    return {"request": approval.pk, "requested_by": approval.requested_by_id}


# --- accounts and grants (B4) ---

ACCOUNT_FIELDS = ["first_name", "last_name", "phone", "email"]


def create_user(
    *, actor: Actor, username: str, password: str | None = None, **fields: Any
) -> tuple[User, str]:
    """System admin creates an account without a role; returns it with its first password."""
    _require(actor, "user.manage")
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValidationError(
            _("不可设置的字段: %(items)s") % {"items": ", ".join(sorted(unknown))}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名已存在（不区分大小写）")})
    user = User(username=username, role="", must_change_password=True, **fields)
    password = password or generate_password()
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record("user.created", actor=actor, obj=user, after={"username": username, **fields})
    return user, password


def create_bootstrap_account(
    *, actor: SystemActor, username: str, role: str, name: str = "", password: str = ""
) -> tuple[User, str]:
    """`duban create-admin`: one of the separated admins (or the supervisor) with no account
    to grant it, so the system acts. The password must pass the policy (A1); without one a
    password is generated. The account must change it at first login; no superuser (B4)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("用户名 %(username)s 已存在（不区分大小写）") % {"username": username}}
        )
    password = password or generate_password()
    user = User(username=username, first_name=name, role=role, must_change_password=True)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        record(
            "user.created",
            actor=actor,
            obj=user,
            after={"username": username, "role": role},
            detail={"via": "create-admin"},
        )
    return user, password


def update_account(
    user: User, *, actor: Actor, changes: dict[str, Any], approval: Any = None
) -> User:
    """System admin edits identity fields only; role and unit are not among them."""
    _require(actor, "user.manage")
    _two_people(ChangeKind.UPDATE, user, actor, approval)
    unknown = set(changes) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValidationError(
            _("不可修改的字段: %(items)s") % {"items": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        before = {k: getattr(user, k) for k in changes}
        for key, value in changes.items():
            setattr(user, key, value)
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changes))
        record("user.updated", actor=actor, obj=user, before=before, after=changes)
    return user


def set_active(user: User, *, actor: Actor, active: bool, approval: Any = None) -> User:
    _require(actor, "user.manage")
    _two_people(ChangeKind.ENABLE if active else ChangeKind.DISABLE, user, actor, approval)
    if user.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账户"))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        if not active:
            _end_sessions(user)
        record(
            "user.enabled" if active else "user.disabled",
            actor=actor,
            obj=user,
            detail=_approval_detail(approval),
        )
    return user


def _end_sessions(user: User) -> int:
    """Delete every server session of `user` (H1): a disabled account is out at once."""
    doomed = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def grant_role(
    user: User, *, actor: Actor, role: str, unit: Any = None, approval: Any = None
) -> User:
    """Security admin sets the one role (and the unit, for unit-scoped data) of an account.
    Changing an administrator's role, or making someone an administrator, needs a second
    security administrator (`approval`)."""
    _require(actor, "grant.manage")
    _two_people(ChangeKind.GRANT, user, actor, approval, {"role": role})
    if user.pk == actor.pk:
        raise PermissionDenied(_("不能修改自己的角色"))
    if role and role not in Role.values:
        raise ValidationError({"role": _("未知角色")})
    if role == Role.REPORTER and unit is None:
        raise ValidationError({"unit": _("责任单位填报人必须指定所属单位")})
    if role in ADMIN_ROLES:
        unit = None  # the admins hold no business data
    with transaction.atomic():
        before = {"role": user.role, "unit": user.unit_id}
        User.objects.filter(pk=user.pk).update(role=role, unit=unit)
        user.role, user.unit = role, unit
        record(
            "user.role_granted",
            actor=actor,
            obj=user,
            before=before,
            after={"role": role, "unit": getattr(unit, "pk", None)},
            detail=_approval_detail(approval),
        )
    return user


def reveal_phone(user: User, *, actor: Actor) -> str:
    """The full phone number, for a role allowed to see it; every reveal is audited (H2)."""
    _require(actor, "user.phone_reveal")
    with transaction.atomic():
        record("user.phone_revealed", actor=actor, obj=user)
    return user.phone


def disable_dormant(*, actor: Actor, days: int | None = None) -> list[User]:
    """Disable accounts unused for `days` (B5). Idempotent: a second run finds nothing."""
    days = days if days is not None else settings.DUBAN_DORMANT_DAYS
    cutoff = timezone.now() - dt.timedelta(days=days)
    stale = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    disabled = []
    for user in stale:
        with transaction.atomic():
            # Claim with a conditional update so two runs at once disable each account once.
            if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
                continue
            user.is_active = False
            record(
                "user.dormant_disabled",
                actor=actor,
                obj=user,
                detail={"days": days, "last_login": str(user.last_login or "")},
            )
        disabled.append(user)
    return disabled
