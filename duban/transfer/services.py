"""The import pipeline's entry points: inspect → read → prepare (preview) → apply.

Pages and the `duban import` command call these same functions, so both give the same preview,
the same refusals and the same audit rows.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.audit.models import Outcome as AuditOutcome
from duban.audit.services import record
from duban.orgs.models import District
from duban.transfer.choices import ImportKind
from duban.transfer.headers import header_key
from duban.transfer.importers import findings, ledger, monthly, targets
from duban.transfer.importers.common import Progress
from duban.transfer.models import ColumnMapping
from duban.transfer.preview import Preview
from duban.transfer.reader import read_sheets
from duban.transfer.safety import FileRefused, inspect_file

log = logging.getLogger(__name__)
IMPORTERS: dict[str, Any] = {
    ImportKind.LEDGER: ledger,
    ImportKind.TARGETS: targets,
    ImportKind.MONTHLY: monthly,
    ImportKind.FINDINGS: findings,
}


def mapping_for(kind: str) -> dict[str, str]:
    """This district's saved column names for `kind` (normalised header → field)."""
    district = District.current()
    if district is None:
        return {}
    return dict(
        ColumnMapping.objects.filter(district=district, kind=kind).values_list("header", "field")
    )


def preview_file(
    name: str,
    data: bytes,
    *,
    kind: str,
    actor: Actor,
    year: int,
    progress: Progress | None = None,
) -> Preview:
    """Everything short of writing: raises FileRefused for a bad file, else returns the preview."""
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise FileRefused("invalid", f"未知的导入类型：{kind}")
    safe = inspect_file(name, data)
    sheets = read_sheets(safe, progress=progress)
    return importer.prepare(  # type: ignore[no-any-return]
        sheets,
        actor=actor,
        year=year,
        file_name=name,
        sha256=safe.sha256,
        size=safe.size,
        mapping=mapping_for(kind),
        progress=progress,
    )


def commit(preview: Preview, *, actor: Actor) -> dict[str, int]:
    """Apply a clean preview in one transaction; any error leaves the database untouched."""
    return IMPORTERS[preview.kind].apply(preview, actor=actor)  # type: ignore[no-any-return]


def record_refusal(name: str, data: bytes, reason: str, *, actor: Actor, kind: str) -> None:
    """A refused file leaves one audit row (C1: imports with their outcome) and nothing else."""
    detail = {
        "kind": str(kind),
        "file_name": name[:255],
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "reason": reason,
    }
    log.warning("import refused: %s", detail)
    record(
        "import.refused",
        actor=actor,
        object_type="transfer.importbatch",
        object_repr=name[:255],
        outcome=AuditOutcome.FAILURE,
        detail=detail,
    )


def save_mapping(*, actor: Actor, kind: str, header: str, field: str) -> ColumnMapping:
    """Remember that this district's `header` means `field` for the next import."""
    require(actor, "import.run")
    importer = IMPORTERS.get(kind)
    if importer is None or field not in importer.SYNONYMS:
        raise ValidationError(_("未知的字段：%(field)s") % {"field": field})
    district = District.current()
    if district is None:
        raise ValidationError(_("尚未设置区县，无法保存列映射"))
    key = header_key(header.split("/")[-1] if "/" in header else header)
    if not key:
        raise ValidationError(_("表头为空，无法保存列映射"))
    with transaction.atomic():
        mapping, created = ColumnMapping.objects.update_or_create(
            district=district, kind=kind, header=key[:128], defaults={"field": field}
        )
        record(
            "import.mapping_saved",
            actor=actor,
            obj=mapping,
            after={"header": key, "field": field, "kind": kind},
            detail={"created": created},
        )
    return mapping
