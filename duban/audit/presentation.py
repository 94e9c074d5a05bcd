"""A change record as a person reads it: field labels, values in the product's formats (dates,
万元/亿元, unit names, choices), who and when, in the user's language.

The stored row is not changed: this is its presentation. The audit app sits below the apps
whose records it describes, so it reads their field definitions from Django's app registry at
run time (by the stored object label), never by importing them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duban.audit.catalogue import describe
from duban.audit.models import FORMER_LABELS, AuditEvent
from duban.core.money import format_wan
from duban.core.roles import Role

# Events whose before/after describe another record than the row's object (the object is the
# project; the values are its plan listing's).
VALUES_OF: dict[str, str] = {
    "project.listing_set": "projects.planlisting",
    "task.progress_reported": "tasks.taskprogress",
    "task.milestone_added": "tasks.milestone",
    "task.milestone_revised": "tasks.milestone",
    "task.milestone_done": "tasks.milestone",
}
# Keys that are bookkeeping, not something a person changed.
HIDDEN = {"version", "created_at", "updated_at", "password"}
# Labels of the keys that are not a field with a verbose name of its own: fields Django named
# after their attribute ("created by"), and values services record beside the fields (a file's
# fingerprint, a claim's value). Without them the history would print raw English keys in the
# middle of a Chinese page (tests/architecture: every key of the demo's history is labelled).
KEY_LABELS: dict[str, Promise] = {
    "actor": gettext_lazy("操作人"),
    "channel": gettext_lazy("渠道"),
    "checked_by": gettext_lazy("核查人"),
    "claim": gettext_lazy("申报"),
    "claimed": gettext_lazy("申报值"),
    "completed_by": gettext_lazy("完成登记人"),
    "computed_by": gettext_lazy("计算人"),
    "cooperating_units": gettext_lazy("配合单位"),
    "created_by": gettext_lazy("建立人"),
    "difficult": gettext_lazy("困难企业"),
    "district": gettext_lazy("区县"),
    "draw": gettext_lazy("抽查批次"),
    "drawn_by": gettext_lazy("抽取人"),
    "entered_by": gettext_lazy("录入人"),
    "issued_by": gettext_lazy("签发人"),
    "items": gettext_lazy("考评项"),
    "meeting": gettext_lazy("会议"),
    "method": gettext_lazy("考评办法"),
    "metric": gettext_lazy("指标"),
    "note": gettext_lazy("说明"),
    "owner": gettext_lazy("所属"),
    "owner_type": gettext_lazy("所属类型"),
    "pairing": gettext_lazy("挂钩关系"),
    "problem": gettext_lazy("协调事项"),
    "problems": gettext_lazy("协调事项"),
    "project": gettext_lazy("项目"),
    "project_code": gettext_lazy("项目编号"),
    "projects": gettext_lazy("项目"),
    "published_by": gettext_lazy("发布人"),
    "replied_by": gettext_lazy("答复人"),
    "report": gettext_lazy("月报"),
    "reported_by": gettext_lazy("报送人"),
    "reviewed_by": gettext_lazy("审核人"),
    "revision": gettext_lazy("修订次数"),
    "revoked_by": gettext_lazy("吊销人"),
    "rule": gettext_lazy("规则"),
    "run": gettext_lazy("计算批次"),
    "set_by": gettext_lazy("设置人"),
    "sha256": gettext_lazy("内容指纹（SHA-256）"),
    "speaking": gettext_lazy("发言规则"),
    "started_by": gettext_lazy("发起人"),
    "submitted_by": gettext_lazy("报送人"),
    "supersedes": gettext_lazy("取代"),
    "target": gettext_lazy("目标"),
    "task": gettext_lazy("任务"),
    "template": gettext_lazy("模板"),
    "through_train": gettext_lazy("直通车"),
    "unit": gettext_lazy("单位"),
    "unit_score": gettext_lazy("单位得分"),
    "units": gettext_lazy("单位"),
    "updated_by": gettext_lazy("修改人"),
    "uploaded_by": gettext_lazy("上传人"),
    "user": gettext_lazy("用户"),
}


def label_of(f: models.Field[Any, Any] | None, key: str) -> str:
    """The label a person reads for `key`: the field's own verbose name when it has one (not
    the one Django makes from the attribute name), else the registered label, else the key."""
    if f is not None and str(f.verbose_name) != f.name.replace("_", " "):
        return str(f.verbose_name)
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    return str(f.verbose_name) if f is not None else key


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One row of a record's history as shown."""

    event: AuditEvent
    title: str
    who: str
    changes: list[Change] = field(default_factory=list)


def _model_of(label: str) -> type[models.Model] | None:
    current = {old: new for new, olds in FORMER_LABELS.items() for old in olds}.get(label, label)
    try:
        return apps.get_model(current)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if key in (f.name, f.attname):
            return f  # type: ignore[return-value]
    return None


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


class _Names:
    """Names of related records, fetched once per model for a whole history."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[str, str]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            rows = model._default_manager.filter(pk__in=list(pks))
            self.found[model] = {
                str(obj.pk): str(getattr(obj, "label", None) or obj) for obj in rows
            }

    def name(self, model: type[models.Model], pk: Any) -> str:
        if pk in (None, ""):
            return "—"
        return self.found.get(model, {}).get(str(pk), f"#{pk}")


def _format(f: models.Field[Any, Any] | None, value: Any, names: _Names) -> str:
    if f is None:
        return _plain(value)
    if value is None or value == "":
        return "—"
    if f.is_relation and f.related_model is not None:
        related = f.related_model
        assert isinstance(related, type)
        if isinstance(value, list):  # a many-to-many: the ids, named in their order
            return "、".join(names.name(related, pk) for pk in value) or "—"
        return names.name(related, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _plain(bool(value))
    if isinstance(f, models.DecimalField) and "万元" in str(f.verbose_name):
        try:
            return format_wan(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(f, models.DateField) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return value
    return _plain(value)


def _who(event: AuditEvent) -> str:
    if not event.actor_username:
        return _("系统")
    if event.actor_username.startswith("system:"):
        return _("系统（%(job)s）") % {"job": event.actor_username.removeprefix("system:")}
    name = event.actor.display_name if event.actor is not None else ""  # type: ignore[attr-defined]
    role = str(Role(event.actor_role).label) if event.actor_role in Role.values else ""
    shown = (
        f"{name}（{event.actor_username}）"
        if name and name != event.actor_username
        else (event.actor_username)
    )
    return f"{shown} · {role}" if role else shown


def present(events: Iterable[AuditEvent]) -> list[Entry]:
    """The history rows ready to print, in the order given."""
    rows = list(events)
    names = _Names()
    plans: list[tuple[AuditEvent, type[models.Model] | None, list[str]]] = []
    for event in rows:
        model = _model_of(VALUES_OF.get(event.event, event.object_type))
        before, after = event.before or {}, event.after or {}
        keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN]
        for key in keys:
            f = _field(model, key)
            if f is not None and f.is_relation and isinstance(f.related_model, type):
                for value in (before.get(key), after.get(key)):
                    for pk in value if isinstance(value, list) else [value]:
                        names.want(f.related_model, pk)
        plans.append((event, model, keys))
    names.load()
    out = []
    for event, model, keys in plans:
        before, after = event.before or {}, event.after or {}
        entry = Entry(event=event, title=describe(event.event), who=_who(event))
        for key in keys:
            f = _field(model, key)
            old, new = before.get(key), after.get(key)
            if event.before is not None and old == new:
                continue
            label = label_of(f, key)
            entry.changes.append(
                Change(
                    label=label,
                    before=_format(f, old, names) if event.before is not None else "",
                    after=_format(f, new, names),
                )
            )
        out.append(entry)
    return out
