"""Every write of the two-person rule (SECURITY.md B4): request, approve, reject, cancel.

`submit` is what the account pages call for a change: a change one administrator may make
alone is made at once; one that `twoperson.needs_second_admin` guards becomes a pending
`ChangeRequest`. `approve` (by a second administrator of the same duty, who is neither the
requester nor the holder) claims the request with a conditional update and makes the change
through the same service, which refuses to make it without that approval. The holder is
notified at each step. Each step is audited in its own transaction.

A temporary password from an approved reset goes to the holder's e-mail address when the
account has one (no administrator sees it); otherwise it is shown once to the approver, who
hands it over. Either way it must be changed at the first sign-in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts import services, twoperson
from duban.accounts.choices import ChangeKind, ChangeStatus
from duban.accounts.models import ChangeRequest, User
from duban.accounts.notices import notify
from duban.audit.services import record
from duban.core.roles import Role, can


@dataclass(frozen=True)
class Outcome:
    """What became of a change: made now, or waiting for a second administrator. A
    temporary password is set only when the acting administrator must hand it over."""

    request: ChangeRequest | None = None
    password: str | None = None

    @property
    def pending(self) -> bool:
        return self.request is not None and self.request.status == ChangeStatus.PENDING


def _describe(kind: str, payload: dict[str, Any]) -> str:
    label = str(ChangeKind(kind).label)
    if kind == ChangeKind.GRANT:
        role = payload.get("role") or ""
        label += f"：{Role(role).label if role else '（未授权）'}"
    return label


def _apply(
    kind: str, target: User, *, actor: User, payload: dict[str, Any], approval: Any = None
) -> str | None:
    """Make the change through the account services; returns a temporary password, if any."""
    if kind == ChangeKind.PASSWORD_RESET:
        return services.reset_password(target, actor=actor, approval=approval)
    if kind in (ChangeKind.DISABLE, ChangeKind.ENABLE):
        services.set_active(
            target, actor=actor, active=kind == ChangeKind.ENABLE, approval=approval
        )
    elif kind == ChangeKind.UPDATE:
        services.update_account(
            target, actor=actor, changes=dict(payload.get("changes", {})), approval=approval
        )
    elif kind == ChangeKind.GRANT:
        unit_id = payload.get("unit")
        # The unit model reached through the account's own foreign key: accounts sits below
        # orgs and does not import it.
        unit_model = User._meta.get_field("unit").related_model
        unit = unit_model._default_manager.get(pk=unit_id) if unit_id else None  # type: ignore[union-attr]
        services.grant_role(
            target, actor=actor, role=payload.get("role") or "", unit=unit, approval=approval
        )
    elif kind == ChangeKind.OTP_RESET:
        services.reset_otp(target, actor=actor, approval=approval)
    else:  # pragma: no cover - ChangeKind is closed
        raise ValidationError(_("未知的变更：%(kind)s") % {"kind": kind})
    return None


def _deliver_password(target: User, password: str, *, by: str) -> str | None:
    """Mail the temporary password to the holder when possible; else return it to show once."""
    if target.email:
        notify(
            target,
            title="您的密码已重置",
            body=f"您的密码已由管理员重置（{by}）。临时密码已发送到您的邮箱，首次登录须修改。"
            "如非本人申请，请立即联系安全管理员。",
            mail_body=f"您的临时密码：{password}\n首次登录须修改。如非本人申请，请立即联系安全管理员。",
        )
        return None
    notify(
        target,
        title="您的密码已重置",
        body=f"您的密码已由管理员重置（{by}），临时密码由管理员当面交给您，首次登录须修改。"
        "如非本人申请，请立即联系安全管理员。",
    )
    return password


def submit(
    *, actor: User, target: User, kind: str, payload: dict[str, Any] | None = None, reason: str = ""
) -> Outcome:
    """Make a change now, or file it for a second administrator when the rule says so."""
    payload = dict(payload or {})
    duty = twoperson.DUTY[ChangeKind(kind)]
    if not can(actor, duty):
        raise PermissionDenied(duty)
    if not twoperson.needs_second_admin(kind, target, actor, payload):
        with transaction.atomic():
            password = _apply(kind, target, actor=actor, payload=payload)
            if password is not None:
                password = _deliver_password(target, password, by=actor.username)
        return Outcome(password=password)
    if kind == ChangeKind.GRANT and target.pk == actor.pk:
        raise PermissionDenied(_("不能修改自己的角色"))
    if kind == ChangeKind.DISABLE and target.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账户"))
    now = timezone.now()
    with transaction.atomic():
        request = ChangeRequest.objects.create(
            kind=kind,
            target=target,
            payload=payload,
            reason=reason[:200],
            requested_by=actor,
            requested_at=now,
            expires_at=now + dt.timedelta(hours=settings.DUBAN_APPROVAL_HOURS),
        )
        record(
            "user.change_requested",
            actor=actor,
            obj=target,
            detail={"request": request.pk, "kind": kind, "payload": payload, "reason": reason},
        )
        notify(
            target,
            title=f"您的账户有一项待批准的变更：{_describe(kind, payload)}",
            body=f"管理员 {actor.username} 申请对您的账户执行“{_describe(kind, payload)}”，"
            "须另一名管理员批准后生效。如有疑问，请联系安全管理员。",
        )
    return Outcome(request=request)


def may_decide(request: ChangeRequest, user: Any) -> bool:
    """A second administrator of the same duty, neither the requester nor the holder."""
    return (
        request.status == ChangeStatus.PENDING
        and can(user, twoperson.DUTY[ChangeKind(request.kind)])
        and user.pk not in (request.requested_by_id, request.target_id)
    )


def _refuse_expired(request: ChangeRequest) -> None:
    """A request past its time is marked expired (its own small transaction) and refused."""
    if request.expires_at <= timezone.now():
        with transaction.atomic():
            expired = ChangeRequest.objects.filter(
                pk=request.pk, status=ChangeStatus.PENDING
            ).update(status=ChangeStatus.EXPIRED)
            if expired:
                record(
                    "user.change_expired",
                    obj=request.target,
                    detail={"request": request.pk, "kind": request.kind},
                )
        raise ValidationError(_("该申请已过期，请重新申请"))


def _claim(request: ChangeRequest, *, actor: User, status: str, note: str = "") -> None:
    """Move a pending, unexpired request to `status` once, even with two deciders racing."""
    now = timezone.now()
    claimed = ChangeRequest.objects.filter(
        pk=request.pk, status=ChangeStatus.PENDING, expires_at__gt=now
    ).update(status=status, decided_by=actor, decided_at=now, decision_note=note[:200])
    if not claimed:
        raise ValidationError(_("该申请已被处理"))
    request.refresh_from_db()


def approve(request: ChangeRequest, *, actor: User) -> Outcome:
    """The second administrator approves: the change is made now, by them, with the request
    as its authority. Returns a temporary password only when it must be handed over."""
    if not may_decide(request, actor):
        raise PermissionDenied(_("须由同一职责的另一名管理员批准（申请人和账户本人不能批准）"))
    target = User.objects.get(pk=request.target_id)
    _refuse_expired(request)
    with transaction.atomic():
        _claim(request, actor=actor, status=ChangeStatus.APPROVED)
        password = _apply(
            request.kind, target, actor=actor, payload=request.payload, approval=request
        )
        record(
            "user.change_approved",
            actor=actor,
            obj=target,
            detail={
                "request": request.pk,
                "kind": request.kind,
                "requested_by": request.requested_by.username,
            },
        )
        by = f"申请人 {request.requested_by.username}，批准人 {actor.username}"
        if password is not None:
            password = _deliver_password(target, password, by=by)
        else:
            notify(
                target,
                title=f"您的账户已变更：{_describe(request.kind, request.payload)}",
                body=f"{_describe(request.kind, request.payload)}已生效（{by}）。"
                "如有疑问，请联系安全管理员。",
            )
    return Outcome(request=request, password=password)


def reject(request: ChangeRequest, *, actor: User, note: str = "") -> ChangeRequest:
    if not may_decide(request, actor):
        raise PermissionDenied(_("须由同一职责的另一名管理员处理"))
    _refuse_expired(request)
    with transaction.atomic():
        _claim(request, actor=actor, status=ChangeStatus.REJECTED, note=note)
        record(
            "user.change_rejected",
            actor=actor,
            obj=request.target,
            detail={"request": request.pk, "kind": request.kind, "note": note},
        )
        notify(
            request.target,
            title=f"对您账户的变更申请已驳回：{_describe(request.kind, request.payload)}",
            body=f"管理员 {actor.username} 驳回了该申请，您的账户未作改动。",
        )
    return request


def cancel(request: ChangeRequest, *, actor: User) -> ChangeRequest:
    """The requester withdraws a pending request."""
    if request.requested_by_id != actor.pk or request.status != ChangeStatus.PENDING:
        raise PermissionDenied(_("只有申请人可以撤回待批准的申请"))
    with transaction.atomic():
        claimed = ChangeRequest.objects.filter(pk=request.pk, status=ChangeStatus.PENDING).update(
            status=ChangeStatus.CANCELLED, decided_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("该申请已被处理"))
        request.refresh_from_db()
        record(
            "user.change_cancelled",
            actor=actor,
            obj=request.target,
            detail={"request": request.pk, "kind": request.kind},
        )
    return request


def decidable_by(user: User) -> list[ChangeRequest]:
    """Pending requests `user` may approve or reject."""
    rows = ChangeRequest.objects.filter(status=ChangeStatus.PENDING, expires_at__gt=timezone.now())
    return [r for r in rows.select_related("target", "requested_by") if may_decide(r, user)]


def requested_by(user: User, limit: int = 50) -> list[ChangeRequest]:
    return list(
        ChangeRequest.objects.filter(requested_by=user).select_related("target", "decided_by")[
            :limit
        ]
    )
