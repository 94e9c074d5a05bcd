"""The one typed actor of every service: a signed-in `User`, or a named `SystemActor` for the
periodic jobs and the demo loader.

A service that only people may call takes `actor: User`; one that a job may also run takes
`actor: Actor`. `None` is never an actor: it used to mean "the system" and silently skipped
permission checks; a system actor is explicit, named in the audit trail, and passes only the
checks a service waives for it on purpose.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from duban.accounts.models import User
from duban.core.actors import SystemActor

Actor = User | SystemActor

# The actors of the jobs that run without a person (named in the audit trail).
DEMO = SystemActor("demo")


def person(actor: Actor) -> User | None:
    """The account to store as "done by" (created_by, approved_by …): none for a job."""
    return actor if isinstance(actor, User) else None


def require(actor: Actor, action: str) -> None:
    """Refuse a person whose role lacks `action`; a system job is trusted by the caller that
    chose to run it (a management command or the demo loader, never a web request)."""
    if isinstance(actor, User) and not actor.can(action):
        raise PermissionDenied(action)
