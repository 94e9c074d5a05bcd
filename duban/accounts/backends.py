"""The authentication backend: Django's ModelBackend, reading the signed-in user's unit in the
same query as the user.

Every page shows the user's unit in its header and most pages scope by it; ModelBackend read
the user, then the unit, on every request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from duban.accounts.models import User

PATH = "duban.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
