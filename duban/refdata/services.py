"""Every change to reference data: one function to create a record of a kind, one to edit it.

Each takes the acting person (or a system job) as a keyword-only `actor`, checks the role
matrix for the kind's action, validates the record (the model's rules and the kind's own, e.g.
a light rule in force keeps its thresholds), and writes the record and its audit row in one
transaction. An edit names the version it was loaded at: a save based on a replaced version is
refused (StaleVersionError) instead of silently overwriting, and an edit that changes nothing
writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from duban.accounts.actors import Actor, person, require
from duban.audit.services import record
from duban.core.models import VersionedModel
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.refdata.kinds import Kind


def _extra(kind: Kind, actor: Actor) -> dict[str, Any]:
    """Fields the service sets, never the form: who entered a value."""
    return {"entered_by": person(actor)} if "entered_by" in kind.extra else {}


def create_record(kind: Kind, *, actor: Actor, values: dict[str, Any]) -> models.Model:
    """A new record of `kind`, validated, saved and audited (`<kind>.created`)."""
    require(actor, kind.action)
    obj = kind.model(**values, **_extra(kind, actor))
    with transaction.atomic():
        if kind.check is not None:
            kind.check(obj, None)
        obj.full_clean()
        obj.save()
        record(kind.created_event, actor=actor, obj=obj, after=snapshot(obj))
    return obj


def update_record(
    kind: Kind,
    obj: VersionedModel,
    *,
    actor: Actor,
    expected_version: int,
    changes: dict[str, Any],
) -> VersionedModel:
    """Apply `changes` to the stored `obj` if nobody saved it since `expected_version`; the
    audit row (`<kind>.updated`) holds the changed fields before and after."""
    require(actor, kind.action)
    with transaction.atomic():
        before = snapshot(obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        if not changed_fields(before, snapshot(obj)):
            return obj  # an untouched save changes nothing and records nothing
        for name, value in _extra(kind, actor).items():
            setattr(obj, name, value)
        diff = changed_fields(before, snapshot(obj))
        if kind.check is not None:
            kind.check(obj, before)
        obj.full_clean()
        save_versioned(obj, expected_version=expected_version, fields=sorted(diff))
        record(
            kind.updated_event,
            actor=actor,
            obj=obj,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
        )
    return obj
