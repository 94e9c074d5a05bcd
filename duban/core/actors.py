"""Who acts and who looks, as the foundation sees them.

The foundation knows no account model (that lives in `duban.accounts`, above it); what the role
matrix and the scoping rule read from a person is named here as a protocol that the account
model satisfies. A scheduled job acts as a `SystemActor`: named, so the audit trail says which
job did what, and never a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied


class Principal(Protocol):
    """A signed-in person as the role matrix and the scoping rule read them."""

    @property
    def pk(self) -> Any: ...

    @property
    def role(self) -> str: ...

    @property
    def unit_id(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def get_username(self) -> str: ...


# Whoever a page is shown to: a signed-in person, or nobody yet (the login page, the public
# screen). The matrix refuses every action to an anonymous viewer.
Viewer = Principal | AnonymousUser


@dataclass(frozen=True)
class SystemActor:
    """A scheduled job or command acting on its own (escalation, dormant accounts, snapshots).

    It holds no role in the matrix, so it passes no permission check by accident: services that
    jobs call say explicitly that a system actor may run them.
    """

    name: str
    pk: None = None
    role: str = ""
    unit_id: None = None
    is_authenticated: bool = False
    is_active: bool = True

    def get_username(self) -> str:
        return f"system:{self.name}"


def signed_in(user: Viewer) -> Principal:
    """The signed-in person behind a request, for views of apps below `accounts` (which know no
    account model): an anonymous viewer is refused, as `accounts.typing.authenticated_user`
    refuses it above."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied
    return user
