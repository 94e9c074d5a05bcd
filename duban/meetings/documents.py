"""The meeting's minutes (会议纪要) as an official document (GB/T 9704-2012, 文件格式 with the
纪要 mark): the meeting's facts, what it studied, its 议定事项 with lead unit and deadline, and
for a 通报会 who presented, who made a statement and the commitments to follow up.

Built from the record every time, so the minutes never disagree with the decisions' tasks.
`duban document minutes --id N --out FILE.docx` writes the same file as the page."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError

from duban.core.officialdoc import (
    Column,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    chinese_date,
    render_docx,
)
from duban.documents.registry import DocumentCommand, Generated
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.meetings.models import Meeting
from duban.meetings.services import previous_statements
from duban.orgs.models import District


def _names(items: Any) -> str:
    return "、".join(str(getattr(x, "name", x)) for x in items) or "—"


def document(meeting: Meeting) -> OfficialDocument:
    district = District.current()
    district_name = district.name if district else ""
    kind = meeting.get_kind_display()
    body: list[Any] = [
        Paragraph(
            f"{chinese_date(meeting.held_on)}，"
            + (f"{meeting.chair.name}{meeting.chair.title}" if meeting.chair else "")
            + (f"在{meeting.place}" if meeting.place else "")
            + f"主持召开{meeting.title}。"
            + (meeting.summary or "")
        ),
        Heading("参会单位和领导"),
        Paragraph(f"参会领导：{_names(meeting.leaders.all())}。"),
        Paragraph(f"参会单位：{_names(meeting.units.all())}。"),
    ]
    projects = list(meeting.projects.all())
    problems = list(meeting.problems.select_related("owner_unit"))
    if meeting.enterprise_id:
        body.append(Paragraph(f"协调企业：{meeting.enterprise}。"))
    if projects or problems:
        body.append(Heading("研究的项目和问题"))
        for p in projects:
            body.append(Paragraph(f"项目：{p.code} {p.name}。"))
        for q in problems:
            body.append(Paragraph(f"问题：{q.title}（{q.owner_unit.name}）。"))
    if meeting.kind == MeetingKind.QUARTERLY:
        speakers = list(meeting.speakers.select_related("unit"))
        body.append(Heading("介绍经验和表态发言"))
        for role in (SpeakerRole.EXPERIENCE, SpeakerRole.STATEMENT):
            names = [s.unit.name for s in speakers if s.role == role]
            body.append(Paragraph(f"{SpeakerRole(role).label}：{'、'.join(names) or '无'}。"))
        for s in speakers:
            if s.role == SpeakerRole.STATEMENT and s.commitments:
                body.append(Paragraph(f"{s.unit.name}表态：{s.commitments}"))
        earlier = previous_statements(meeting)
        if earlier:
            body.append(Heading("上季度表态承诺跟进"))
            for s in earlier:
                body.append(
                    Paragraph(f"{s.unit.name}：承诺“{s.commitments or '—'}”；"
                              f"跟进情况：{s.follow_up or '待跟进'}。")
                )  # fmt: skip
    decisions = list(
        meeting.decisions.select_related("task", "task__lead_unit").prefetch_related(
            "task__cooperating_units"
        )
    )
    body.append(Heading("议定事项"))
    if decisions:
        body.append(
            Table(
                [Column("序号", numeric=True), Column("议定事项"), Column("牵头单位"),
                 Column("配合单位"), Column("完成时限")],
                [
                    [str(d.seq), d.task.title, d.task.lead_unit.name,
                     _names(d.task.cooperating_units.all()), f"{d.task.deadline:%Y-%m-%d}"]
                    for d in decisions
                ],
            )
        )  # fmt: skip
        body.append(Paragraph("以上议定事项纳入督查任务，由牵头单位每月报送进展，逾期亮灯督办。"))
    else:
        body.append(Paragraph("本次会议无议定事项。"))
    return OfficialDocument(
        issuer_mark=f"{district_name}{kind}纪要",
        number=meeting.number,
        title=f"{meeting.title}纪要",
        body=body,
        date=meeting.held_on,
    )


def build_docx(meeting: Meeting) -> bytes:
    return render_docx(document(meeting))


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--id", type=int, required=True, help="会议编号")


def _build(options: Mapping[str, Any]) -> Generated:
    meeting = Meeting.objects.filter(pk=options["id"]).first()
    if meeting is None:
        raise CommandError(f"没有编号为{options['id']}的会议")
    return Generated(docx=build_docx(meeting), title=f"{meeting.title}纪要")


DOCUMENT_COMMANDS = [
    DocumentCommand(name="minutes", help="会议纪要", add_arguments=_arguments, build=_build)
]
