"""One scoping rule for every page, export, API and the screen (SECURITY.md B2, B3).

A model that holds business data defines a classmethod `scope_for(user, action) -> Q`
naming the rows that user may act on. `restrict(queryset, user, action)` first checks the role
matrix, then applies that Q. Views fetch single objects with `get_scoped_or_404`, so a row
outside the user's scope answers 404, exactly like a row that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from duban.core import signals
from duban.core.actors import Viewer
from duban.core.roles import can

M = TypeVar("M", bound=models.Model)


def restrict(queryset: models.QuerySet[M], user: Viewer, action: str) -> models.QuerySet[M]:
    if not can(user, action):
        return queryset.none()
    scope = getattr(queryset.model, "scope_for", None)
    if scope is None:
        # A model without a scope rule is not business data a unit role may browse.
        return queryset
    q = scope(user, action)
    return queryset.filter(q) if q is not None else queryset


def get_scoped_or_404(queryset: models.QuerySet[M], user: Viewer, action: str, **lookup: Any) -> M:
    """The one object `lookup` names, if `user` may `action` it; else 404, exactly as for an
    object that does not exist. A refusal of an object that does exist is reported on
    `signals.access_denied` (audited), so probing other units' records leaves a trace."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    # ObjectDoesNotExist is the base of every model's DoesNotExist, which the type of a
    # generic model class cannot name.
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        _report_denial(queryset, user, action, lookup)
        raise Http404 from exc


def _report_denial(
    queryset: models.QuerySet[Any], user: Viewer, action: str, lookup: dict[str, Any]
) -> None:
    try:
        found = queryset.filter(**lookup).values_list("pk", flat=True).first()
    except (ValueError, TypeError, OverflowError):
        return  # a lookup that names nothing (e.g. a malformed id) is not a denial
    if found is None:
        return
    signals.access_denied.send(
        sender=queryset.model,
        user=user,
        reason="out_of_scope",
        object_type=queryset.model._meta.label_lower,
        object_id=str(found),
        detail={"action": action},
    )
