"""Every write to the wording templates: permission, validation, version check and the audit
row, in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from duban.accounts.models import User
from duban.audit.services import record
from duban.core.models import StaleVersionError
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.documents.choices import DocumentKind
from duban.documents.models import WORDING_FIELDS, DocumentTemplate
from duban.documents.queries import district_default
from duban.documents.wording import PLACEHOLDERS, TEMPLATED_FIELDS, unknown_placeholders

REQUIRED = ("issuer_mark", "number_prefix", "title", "signature")


def validate_wording(kind: str, values: dict[str, str]) -> None:
    """Refuse empty required parts, placeholders the kind does not supply, and braces in the
    parts printed as written (a 文号 prefix with `{year}` would print literally)."""
    errors: dict[str, list[str]] = {}
    for name in REQUIRED:
        if not values.get(name, "").strip():
            errors.setdefault(name, []).append("不能为空")
    allowed = "、".join(f"{{{p}}}" for p in PLACEHOLDERS.get(kind, {}))
    for name in WORDING_FIELDS:
        text = values.get(name, "")
        if name in TEMPLATED_FIELDS:
            unknown = unknown_placeholders(kind, text)
            if unknown:
                names = "、".join(f"{{{u}}}" for u in unknown)
                errors.setdefault(name, []).append(f"未知占位符 {names}；可用：{allowed}")
        elif "{" in text or "}" in text:
            errors.setdefault(name, []).append("此项不能使用占位符")
    if "〔" in values.get("number_prefix", "") or "号" in values.get("number_prefix", "")[-1:]:
        errors.setdefault("number_prefix", []).append("只填前缀，如“鼓发改”，年份和序号自动生成")
    if errors:
        raise ValidationError(errors)


def save_template(
    kind: str, *, actor: User, expected_version: int, values: dict[str, str]
) -> DocumentTemplate:
    """Save a kind's wording. `expected_version` is the version the form was loaded at (0 for
    the built-in default, which creates the row); a stale one raises StaleVersionError, as
    does a concurrent first save (the unique kind decides who was first)."""
    if not actor.can("document_template.change"):
        raise PermissionDenied("document_template.change")
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("未知公文种类")})
    cleaned = {name: values.get(name, "").strip() for name in WORDING_FIELDS}
    validate_wording(kind, cleaned)
    with transaction.atomic():
        row = DocumentTemplate.objects.filter(kind=kind).first()
        if row is None:
            if expected_version != 0:
                raise StaleVersionError()
            before = district_default(kind).to_dict()
            try:
                with transaction.atomic():
                    row = DocumentTemplate.objects.create(kind=kind, updated_by=actor, **cleaned)
            except IntegrityError as exc:  # another supervisor saved the first version
                raise StaleVersionError() from exc
            diff = changed_fields({k: before.get(k) for k in WORDING_FIELDS}, cleaned)
        else:
            old = snapshot(row, list(WORDING_FIELDS))
            for name, value in cleaned.items():
                setattr(row, name, value)
            row.updated_by = actor
            save_versioned(
                row, expected_version=expected_version, fields=[*WORDING_FIELDS, "updated_by"]
            )
            diff = changed_fields(old, snapshot(row, list(WORDING_FIELDS)))
        record(
            "document_template.changed",
            actor=actor,
            obj=row,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
            detail={"version": row.version},
        )
    return row
