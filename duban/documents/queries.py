"""Named reads of the wording templates."""

from __future__ import annotations

from duban.documents.choices import DocumentKind
from duban.documents.defaults import default_wording
from duban.documents.models import DocumentTemplate
from duban.documents.wording import Wording
from duban.orgs.models import District


def wording_for(kind: str) -> Wording:
    """The current wording of a kind: the edited template, else the district's default."""
    row = DocumentTemplate.objects.filter(kind=kind).first()
    if row is not None:
        return row.wording()
    return district_default(kind)


def district_default(kind: str) -> Wording:
    district = District.current()
    return default_wording(kind, district.name if district else "", District.campaign())


def all_wordings() -> list[tuple[str, str, Wording, DocumentTemplate | None]]:
    """Every kind with its label, current wording and stored row (None while default)."""
    rows = {t.kind: t for t in DocumentTemplate.objects.select_related("updated_by")}
    out = []
    for kind in DocumentKind:
        row = rows.get(kind.value)
        out.append(
            (kind.value, str(kind.label), row.wording() if row else district_default(kind), row)
        )
    return out
