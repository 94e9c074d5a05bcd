"""The demo district's wording: its bulletins are addressed as the seed plan is (主送 list of
鼓楼区's own units), through the same service 发改局 uses on the templates page."""

from __future__ import annotations

from typing import Any

from duban.accounts.models import User
from duban.core.roles import Role
from duban.documents.choices import DocumentKind
from duban.documents.models import WORDING_FIELDS
from duban.documents.queries import district_default
from duban.documents.services import save_template

# The seed plan's own 主送 line (seeds/002: 鼓楼区人民政府's notice of the action plan).
SEED_ADDRESSEE = "各街道办事处，洪山镇政府，区直各办、局（公司），福州软件园、高新区洪山园"


def load(ctx: Any) -> None:
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first()
    if supervisor is None:
        return
    wording = district_default(DocumentKind.BULLETIN)
    values = {name: getattr(wording, name) for name in WORDING_FIELDS}
    values["addressee"] = SEED_ADDRESSEE
    save_template(DocumentKind.BULLETIN, actor=supervisor, expected_version=0, values=values)
