"""The audit trail records what the foundation reports on its signals (it cannot import us).

`access.denied`: every 403, and every 404 for a record that exists outside the user's scope
(issue #14: denied accesses were not audited). Written in a transaction of its own: the
request is refused either way.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from duban.audit.models import Outcome
from duban.audit.services import record
from duban.core.signals import access_denied


@receiver(access_denied, dispatch_uid="audit.access_denied")
def record_access_denied(
    sender: Any,
    *,
    user: Any = None,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    with transaction.atomic():
        record(
            "access.denied",
            actor=user,
            outcome=Outcome.DENIED,
            object_type=object_type,
            object_id=object_id,
            detail={"reason": reason, **(detail or {})},
        )
