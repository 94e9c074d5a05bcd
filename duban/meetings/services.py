"""Every write to meetings: the record, its decisions (each becomes a task through the tasks
service, so it is chased like any other), the 通报会 speakers from the speaking lists, their
commitments and the next quarter's follow-up. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.assessment.queries import quarterly_lists
from duban.audit.services import record
from duban.core.services import save_versioned, snapshot
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.meetings.models import Decision, Meeting, Speaker
from duban.orgs.models import Leader, Unit
from duban.problems.models import Enterprise, Problem
from duban.projects.models import Project
from duban.tasks import services as tasks
from duban.tasks.choices import TaskKind, TaskSource


def record_meeting(
    *,
    actor: Actor,
    kind: str,
    title: str,
    held_on: dt.date,
    chair: Leader | None = None,
    units: Iterable[Unit] = (),
    leaders: Iterable[Leader] = (),
    projects: Iterable[Project] = (),
    problems: Iterable[Problem] = (),
    enterprise: Enterprise | None = None,
    summary: str = "",
    place: str = "",
    quarter: int | None = None,
) -> Meeting:
    """Record a meeting; its 纪要 number is the next of its kind in the year."""
    require(actor, "meeting.manage")
    if kind == MeetingKind.QUARTERLY and quarter is None:
        raise ValidationError({"quarter": _("季度通报会须注明通报季度")})
    if kind == MeetingKind.ENTERPRISE and enterprise is None:
        raise ValidationError({"enterprise": _("一企一议协调会须注明企业")})
    with transaction.atomic():
        last = Meeting.objects.filter(kind=kind, held_on__year=held_on.year).aggregate(
            n=Max("serial")
        )["n"]
        meeting = Meeting(
            kind=kind,
            title=title.strip(),
            held_on=held_on,
            place=place.strip(),
            chair=chair,
            enterprise=enterprise,
            summary=summary.strip(),
            quarter=quarter,
            serial=(last or 0) + 1,
            created_by=person(actor),
        )
        meeting.full_clean()
        meeting.save()
        meeting.units.set(list(units))
        meeting.leaders.set(list(leaders))
        meeting.projects.set(list(projects))
        meeting.problems.set(list(problems))
        record(
            "meeting.recorded",
            actor=actor,
            obj=meeting,
            after={
                **snapshot(meeting),
                "units": sorted(meeting.units.values_list("pk", flat=True)),
                "projects": sorted(meeting.projects.values_list("pk", flat=True)),
                "problems": sorted(meeting.problems.values_list("pk", flat=True)),
            },
        )
    return meeting


def add_decision(
    meeting: Meeting,
    *,
    actor: Actor,
    text: str,
    lead_unit: Unit,
    cooperating_units: Sequence[Unit] = (),
    deadline: dt.date | None = None,
    working_days: int | None = None,
    completion_standard: str = "",
) -> Decision:
    """A 议定事项: it becomes a task (kind decision, source meeting) with its lead unit and a
    deadline (a date, or N working days from the meeting), linked back to the meeting."""
    require(actor, "meeting.manage")
    with transaction.atomic():
        task = tasks.create_task(
            actor=actor,
            kind=TaskKind.DECISION,
            title=text,
            source=TaskSource.MEETING,
            source_detail=f"{meeting.get_kind_display()}：{meeting.title}"[:200],
            lead_unit=lead_unit,
            cooperating_units=cooperating_units,
            assigned_on=meeting.held_on,
            deadline=deadline,
            working_days=working_days,
            completion_standard=completion_standard,
            meeting_id=meeting.pk,
        )
        seq = (meeting.decisions.aggregate(n=Max("seq"))["n"] or 0) + 1
        decision = Decision.objects.create(meeting=meeting, seq=seq, task=task)
        record(
            "meeting.decision_added",
            actor=actor,
            obj=meeting,
            detail={
                "seq": seq,
                "task": task.pk,
                "lead_unit": lead_unit.pk,
                "deadline": task.deadline.isoformat(),
            },
        )
    return decision


def list_speakers(meeting: Meeting, *, actor: Actor) -> list[Speaker]:
    """Fill a 通报会's speakers from the quarter's published speaking lists (assessment):
    the top of each group present experience, the bottom that missed the task make a
    statement. Re-running replaces the list (commitments already written are kept)."""
    require(actor, "meeting.manage")
    if meeting.kind != MeetingKind.QUARTERLY or meeting.quarter is None:
        raise ValidationError(_("只有季度通报会有发言单位名单"))
    year = meeting.held_on.year - (1 if meeting.quarter == 4 and meeting.held_on.month < 4 else 0)
    lists = quarterly_lists(year, meeting.quarter)
    published = bool(lists)
    if not lists:
        # Scores not yet published: the record is prepared from the newest computed ones and
        # says so in its audit row.
        lists = quarterly_lists(year, meeting.quarter, unpublished=True)
    with transaction.atomic():
        wanted: set[tuple[int, str]] = set()
        for q in lists:
            for role, scores in (
                (SpeakerRole.EXPERIENCE, q.top),
                (SpeakerRole.STATEMENT, q.bottom),
            ):
                for s in scores:
                    wanted.add((s.unit_id, role))
                    Speaker.objects.update_or_create(
                        meeting=meeting,
                        unit_id=s.unit_id,
                        role=role,
                        defaults={"group": q.group, "rank": s.rank},
                    )
        stale = [sp.pk for sp in meeting.speakers.all() if (sp.unit_id, sp.role) not in wanted]
        Speaker.objects.filter(pk__in=stale).delete()
        record(
            "meeting.speakers_listed",
            actor=actor,
            obj=meeting,
            detail={"speakers": len(wanted), "groups": len(lists), "published": published},
        )
    return list(meeting.speakers.select_related("unit"))


def record_commitment(
    speaker: Speaker, *, actor: Actor, expected_version: int, commitments: str
) -> Speaker:
    """What a unit promised in its statement (表态发言), to be followed up next quarter."""
    require(actor, "meeting.manage")
    with transaction.atomic():
        before = snapshot(speaker, ["commitments"])
        speaker.commitments = commitments.strip()
        save_versioned(speaker, expected_version=expected_version, fields=["commitments"])
        record(
            "meeting.commitment_recorded",
            actor=actor,
            obj=speaker,
            before=before,
            after=snapshot(speaker, ["commitments"]),
        )
    return speaker


def previous_statements(meeting: Meeting) -> list[Speaker]:
    """The statements of the previous quarter's 通报会, followed up at this one."""
    if meeting.kind != MeetingKind.QUARTERLY or meeting.quarter is None:
        return []
    earlier = (
        Meeting.objects.filter(kind=MeetingKind.QUARTERLY, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-id")
        .first()
    )
    if earlier is None:
        return []
    return list(
        earlier.speakers.filter(role=SpeakerRole.STATEMENT).select_related("unit", "meeting")
    )


def follow_up(
    speaker: Speaker, *, actor: Actor, at: Meeting, expected_version: int, note: str
) -> Speaker:
    """At the next quarter's 通报会: how the unit kept its commitments."""
    require(actor, "meeting.manage")
    if speaker.role != SpeakerRole.STATEMENT:
        raise ValidationError(_("只有表态发言需要跟进承诺"))
    if at.held_on <= speaker.meeting.held_on:
        raise ValidationError(_("承诺在之后的通报会上跟进"))
    if not note.strip():
        raise ValidationError({"note": _("跟进情况：请填写")})
    with transaction.atomic():
        before = snapshot(speaker, ["follow_up", "followed_up_at"])
        speaker.follow_up = note.strip()
        speaker.followed_up_at = at
        save_versioned(
            speaker, expected_version=expected_version, fields=["follow_up", "followed_up_at"]
        )
        record(
            "meeting.commitment_followed_up",
            actor=actor,
            obj=speaker,
            before=before,
            after=snapshot(speaker, ["follow_up", "followed_up_at"]),
        )
    return speaker
