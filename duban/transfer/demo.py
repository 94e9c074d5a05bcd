"""Demo: one rectification ledger imported from the sample workbook (duban.tasks.samples,
invented, 示例) through the same preview and commit as a page upload, then walked: some
findings closed with evidence the issuing office confirmed, one reopened by a 回头看, one
waiting for confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from duban.accounts.actors import DEMO, Actor
from duban.accounts.models import User
from duban.core.roles import Role
from duban.tasks import services as tasks
from duban.tasks.choices import TaskKind
from duban.tasks.models import Ledger, Task
from duban.tasks.samples import findings_workbook
from duban.transfer import services
from duban.transfer.choices import ImportKind

# A 1×1 PNG: the photo of a finding put right (the demo's evidence, 示例).
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)
CLOSED = {
    "背街小巷垃圾清运不及时（示例）": 6,
    "人行道板破损（示例）": 7,
    "沿街店铺跨门经营（示例）": 7,
}
REOPENED = "沿街店铺跨门经营（示例）"
WAITING = "街头绿地黄土裸露（示例）"


def _reporter(task: Task) -> Actor:
    return (
        User.objects.filter(role=Role.REPORTER, unit_id=task.lead_unit_id).order_by("id").first()
        or DEMO
    )


def load(ctx: Any) -> None:
    if Ledger.objects.exists():
        return
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first()
    if supervisor is None:
        return
    name = "鼓楼区城市管理领域问题整改台账（示例）.xlsx"
    preview = services.preview_file(
        name, findings_workbook(), kind=ImportKind.FINDINGS, actor=supervisor, year=ctx.year
    )
    if not preview.ok:
        raise RuntimeError("示例整改台账未通过预览：" + "；".join(str(i) for i in preview.issues))
    services.commit(preview, actor=supervisor)
    year = ctx.year
    findings = {t.title: t for t in Task.objects.filter(kind=TaskKind.FINDING)}
    for title, month in CLOSED.items():
        task = findings[title]
        tasks.request_closure(
            task,
            actor=_reporter(task),
            expected_version=task.version,
            note="已完成整改，附整改前后照片（示例）",
            uploads=[SimpleUploadedFile("整改后照片.png", PHOTO, content_type="image/png")],
            on=dt.date(year, month, 20),
        )
        task.refresh_from_db()
        tasks.confirm_closure(
            task, actor=supervisor, expected_version=task.version, on=dt.date(year, month, 25)
        )
    task = findings[REOPENED]
    task.refresh_from_db()
    tasks.reopen(
        task,
        actor=supervisor,
        expected_version=task.version,
        reason="回头看发现跨门经营反弹（示例）",
        deadline=dt.date(year, 10, 31),
        on=dt.date(year, 8, 16),
    )
    task = findings[WAITING]
    tasks.request_closure(
        task,
        actor=_reporter(task),
        expected_version=task.version,
        note="已补植绿化（示例）",
        uploads=[SimpleUploadedFile("补植照片.png", PHOTO, content_type="image/png")],
        on=dt.date(year, 8, 30),
    )
