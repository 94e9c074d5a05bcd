"""Typed access to what the type checker cannot know on its own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from duban.accounts.models import User


def authenticated_user(request: HttpRequest) -> User:
    """The signed-in account of a request.

    Every view not marked `login_not_required` sits behind LoginRequiredMiddleware, so its
    `request.user` is always a `User`; django-stubs can only say `User | AnonymousUser`.
    The check is real (a view wrongly calling this for an anonymous request is refused),
    not a cast.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
