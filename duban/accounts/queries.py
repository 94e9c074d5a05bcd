"""Named reads of accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.choices import ChangeStatus
from duban.accounts.models import ChangeRequest, User


def accounts(text: str = "") -> QuerySet[User]:
    """Every account for the admins' list, optionally filtered by username or name."""
    qs = User.objects.select_related("unit").order_by("username")
    text = (text or "").strip()[:64]
    if text:
        qs = qs.filter(Q(username__icontains=text) | Q(first_name__icontains=text))
    return qs


def account_requests(user: User) -> QuerySet[ChangeRequest]:
    """Pending two-person changes to one account, for its page."""
    return ChangeRequest.objects.filter(target=user, status=ChangeStatus.PENDING).select_related(
        "requested_by"
    )
