"""Write helpers shared by every app's services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

from duban.core import yearlock
from duban.core.crypto import EncryptedCharField, is_unreadable
from duban.core.models import StaleVersionError, VersionedModel

M = TypeVar("M", bound=VersionedModel)


def _plain(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(field, models.DecimalField):
        return f"{Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))}"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of a record, for the before/after of a change record.

    Decimals keep their field's scale so the same value always prints the same way.
    """
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or (fields is not None and field.name not in fields):
            continue
        if field.name in ("created_at", "updated_at", "password"):
            continue
        out[field.name] = _plain(field, field.value_from_object(obj))
    return out


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        k: [before.get(k), after.get(k)] for k in sorted(after) if before.get(k) != after.get(k)
    }


def save_versioned(obj: M, *, expected_version: int, fields: list[str]) -> M:
    """Write `fields` of obj only if the stored version is still `expected_version`.

    One conditional UPDATE: correct on SQLite and PostgreSQL alike, without relying on
    SELECT … FOR UPDATE (which SQLite ignores). Raises StaleVersionError on a lost race.
    """
    yearlock.ensure_writable(obj)
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    values["version"] = F("version") + 1
    values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(**values)
    if updated != 1:
        raise StaleVersionError(obj)
    obj.version = expected_version + 1
    # A versioned save is a save: what listens to saves (the stored warning lights) hears it,
    # though the write was a conditional UPDATE, which sends no signal of its own.
    post_save.send(
        sender=model,
        instance=obj,
        created=False,
        update_fields=frozenset(fields),
        raw=False,
        using=model._default_manager.db,
    )
    return obj


def reencrypt_fields() -> tuple[int, int]:
    """Re-encrypt every encrypted column under the first key of DUBAN_FIELD_KEY
    (`duban rotate-field-keys`): reading decrypts with any key and writing encrypts with the
    first, so a read and a write per value is the whole rotation. The values do not change,
    so no audit row is written. Returns (re-encrypted, unreadable) counts; an unreadable value
    (a key missing from the setting) is left as it is."""
    done = 0
    unreadable = 0
    with transaction.atomic():
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedCharField):
                    continue
                rows = model._base_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
                for pk, plain in list(rows):
                    if is_unreadable(plain):
                        unreadable += 1
                        continue
                    model._base_manager.filter(pk=pk).update(**{field.name: plain})
                    done += 1
    return done, unreadable
