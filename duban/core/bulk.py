"""Fast parameterised INSERTs for bulk paths (imports), portable between SQLite and PostgreSQL.

`bulk_create` prepares every value through the SQL compiler (several Python calls per value:
at 40,000 rows that is most of an import's commit). Here each column gets its converter once:
plain strings, integers and booleans go to the driver as they are; anything else (Decimal,
date, datetime, JSON, or a value of an unexpected type) goes through the field's own
`get_db_prep_save`, so the stored value is exactly what the ORM would store. Table and column
names come from the model's meta through `connection.ops.quote_name`; values are always
parameters, never part of the SQL text.

Nothing here validates, saves a version or writes audit rows: callers run inside their own
`transaction.atomic()` with validation done beforehand and audit rows written in the same
transaction (see `duban.transfer.importers.ledger` and `duban.audit.services.record_many`).
No ids come back (executemany cannot return them on every backend): look rows up by a unique
key afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from duban.core import signals

CHUNK = 1000
# Internal types whose value goes to the driver unchanged when it already has the plain type.
_PLAIN: dict[str, tuple[type, ...]] = {
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "BooleanField": (bool,),
    "IntegerField": (int,),
    "SmallIntegerField": (int,),
    "BigIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "AutoField": (int,),  # the target of a foreign key
    "BigAutoField": (int,),
    "SmallAutoField": (int,),
}
_MISSING = object()


def _converter(field: models.Field[Any, Any], conn: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    """The value → parameter function for one column, chosen once per INSERT."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    plain = _PLAIN.get(target.get_internal_type())
    prep = field.get_db_prep_save

    if plain is not None:

        def convert_plain(value: Any) -> Any:
            if value is None or type(value) in plain:
                return value
            return prep(value, connection=conn)

        return convert_plain

    last: list[Any] = [_MISSING, None]  # the same object again (one `now` for every row)

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, prep(value, connection=conn)
        return last[1]

    return convert


def insert_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    chunk: int = CHUNK,
    now: dt.datetime | None = None,
) -> int:
    """INSERT `rows` (attname → Python value) into `model`'s table; returns the row count.

    A column missing from a row takes the field's default (as `Model(...)` would), and an
    `auto_now`/`auto_now_add` column takes one `timezone.now()` for the whole call (as the
    ORM's `pre_save` does on every insert), or `now` when given (so the caller's instances
    can carry the stored timestamps).
    """
    if not rows:
        return 0
    conn = connections[DEFAULT_DB_ALIAS]
    now = now or timezone.now()
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoFieldMixin))
    ]
    # Per column: (attname, converter, converted constant or _MISSING, converted default or
    # _MISSING when the default is callable and so evaluated per row, like Model.__init__).
    spec: list[tuple[str, Callable[[Any], Any], Any, Any]] = []
    for f in fields:
        convert = _converter(f, conn)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            spec.append((f.attname, convert, convert(now), _MISSING))
        elif f.has_default() and callable(f.default):
            spec.append((f.attname, convert, _MISSING, _MISSING))
        else:
            spec.append((f.attname, convert, _MISSING, convert(f.get_default())))
    by_name = {f.attname: f for f in fields}

    def params(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for attname, convert, constant, default in spec:
            if constant is not _MISSING:
                out.append(constant)
            elif attname in row:
                out.append(convert(row[attname]))
            elif default is not _MISSING:
                out.append(default)
            else:
                out.append(convert(by_name[attname].get_default()))
        return tuple(out)

    qn = conn.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
    with conn.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, [params(r) for r in rows[start : start + chunk]])
    signals.rows_inserted.send(sender=model, rows=rows)  # no post_save was sent for them
    return len(rows)


def row_of(obj: models.Model) -> dict[str, Any]:
    """An unsaved instance's column values (attname → value), for `insert_rows`."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def ids_by(
    model: type[models.Model], key: str, values: Iterable[Any], *, chunk: int = 500
) -> dict[Any, int]:
    """{unique key value: pk} for rows just inserted, looked up 500 keys at a time."""
    keys = list(values)
    out: dict[Any, int] = {}
    manager = model._default_manager
    for start in range(0, len(keys), chunk):
        out.update(
            manager.filter(**{f"{key}__in": keys[start : start + chunk]}).values_list(key, "pk")
        )
    return out
