"""A rectification ledger comes in from Excel the way inspectors send it (one row per finding,
category cells merged down), with the same preview and all-or-nothing commit as the project
ledger; its findings become tasks that only the importing (issuing) office may close."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.audit.models import AuditEvent
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.tasks.choices import FindingCategory, TaskKind
from duban.tasks.models import Ledger, Task
from duban.transfer import services
from duban.transfer.preview import Preview
from tests.support.factories import make_user
from tests.support.spreadsheets import findings_ledger, setup_district

pytestmark = pytest.mark.django_db


def _preview(data: bytes, actor: object, name: str = "城市管理整改台账.xlsx") -> Preview:
    return services.preview_file(name, data, kind="findings", actor=actor, year=2021)


@pytest.fixture
def supervisor() -> object:
    setup_district()
    return make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_findings")


def test_a_ledger_with_merged_category_cells_previews_then_imports(supervisor: object) -> None:
    preview = _preview(findings_ledger(), supervisor)
    assert preview.ok, [str(i) for i in preview.issues[:5]]
    assert preview.counts["new"] == 8
    assert Task.objects.count() == 0  # the preview writes nothing
    services.commit(preview, actor=supervisor)
    ledger = Ledger.objects.get()
    assert ledger.title == "鼓楼区城市管理领域问题整改台账(示例)"
    assert ledger.received_on == dt.date(2021, 5, 10)
    assert ledger.issuer.code == "fgj"
    findings = {t.title: t for t in Task.objects.filter(kind=TaskKind.FINDING)}
    assert len(findings) == 8
    # The merged 大类 cell carries down over its rows.
    assert findings["老旧小区楼道堆物（示例）"].subcategory == "市容环境卫生"
    assert findings["路灯不亮（示例）"].subcategory == "市政设施"
    shop = findings["沿街店铺跨门经营（示例）"]
    assert shop.category == FindingCategory.URBAN
    assert shop.lead_unit.code == "guxi"
    assert [u.code for u in shop.cooperating_units.all()] == ["cgj"]
    assert shop.deadline == dt.date(2021, 7, 31)  # 2021年7月底前
    assert shop.issuer_id == ledger.issuer_id
    assert findings["人行道板破损（示例）"].deadline == dt.date(2021, 7, 15)
    assert AuditEvent.objects.filter(event="import.committed").count() == 1
    assert AuditEvent.objects.filter(event="task.created").count() == 8
    # Re-importing the same ledger writes nothing new.
    again = _preview(findings_ledger(), supervisor)
    assert again.counts["unchanged"] == 8 and again.counts["new"] == 0


def test_one_bad_row_refuses_the_whole_ledger(supervisor: object) -> None:
    groups = [
        ("市容环境卫生", [
            ("背街小巷垃圾清运不及时（示例）", "鼓东街道", "", "增加清运频次", "2021年6月底前"),
            ("不存在的单位的问题（示例）", "月球街道", "", "整改", "2021年6月底前"),
            ("没有时限的问题（示例）", "鼓西街道", "", "整改", ""),
        ]),
    ]  # fmt: skip
    preview = _preview(findings_ledger(groups=groups), supervisor)
    assert not preview.ok
    messages = [str(i) for i in preview.issues]
    assert any("月球街道" in m for m in messages)
    assert any("整改时限不能为空" in m for m in messages)
    with pytest.raises(ValueError):
        services.commit(preview, actor=supervisor)
    assert Task.objects.count() == 0 and Ledger.objects.count() == 0


def test_a_unit_reporter_cannot_import_a_ledger(supervisor: object) -> None:
    from django.core.exceptions import PermissionDenied

    reporter = make_user(Role.REPORTER, Unit.objects.get(code="gudong"), username="gd_findings")
    with pytest.raises(PermissionDenied):
        _preview(findings_ledger(), reporter)
