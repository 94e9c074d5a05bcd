"""In-app notices to account holders, mailed too when the account has an address.

A holder learns of every change an administrator makes to their account (two-person rule,
B4): a request, its approval or refusal. The notice is written in the transaction of the
change; the mail leaves only once that transaction has committed (Django's email backend:
SMTP in production, settings.EMAIL_*).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Notice, User
from duban.audit.services import record

logger = logging.getLogger(__name__)


def notify(user: User, *, title: str, body: str, mail_body: str | None = None) -> Notice:
    """Write a notice for `user` (inside the caller's transaction) and mail it on commit.

    `mail_body` replaces the body in the mail only (a temporary password goes to the
    holder's own address, never into the database)."""
    notice = Notice.objects.create(user=user, created_at=timezone.now(), title=title, body=body)
    address = (user.email or "").strip()
    if address:
        text = mail_body if mail_body is not None else body
        subject = f"[{settings.DUBAN_OTP_ISSUER}] {title}"
        transaction.on_commit(lambda: _send(subject, text, address))
    return notice


def _send(subject: str, body: str, address: str) -> None:
    """Mail after commit; a mail server that is down must not undo the change (the in-app
    notice is written), but it is logged for the operators."""
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # any transport error: SMTP, DNS, TLS
        logger.warning("通知邮件发送失败：%s", subject, exc_info=True)


def unread_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, actor: User) -> int:
    """The holder has read their notices."""
    with transaction.atomic():
        count = Notice.objects.filter(user=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            record("notice.read", actor=actor, obj=actor, detail={"count": count})
    return count
