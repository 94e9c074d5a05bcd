"""A meeting's record: who met, what they discussed, what they decided (each decision a
tracked task), and at a quarterly 通报会 who spoke and what they committed to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.orgs.choices import UnitKind


class Meeting(VersionedModel):
    """One meeting. Every business role reads meetings (the record is the district's own)."""

    kind = models.CharField(_("会议类别"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=128)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=64, blank=True)
    chair = models.ForeignKey(
        "orgs.Leader", verbose_name=_("主持人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="chaired_meetings",
    )  # fmt: skip
    units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("参会单位"), blank=True, related_name="meetings"
    )
    leaders = models.ManyToManyField(
        "orgs.Leader", verbose_name=_("参会领导"), blank=True, related_name="meetings"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("研究的项目"), blank=True, related_name="meetings"
    )
    problems = models.ManyToManyField(
        "problems.Problem", verbose_name=_("研究的问题"), blank=True, related_name="meetings"
    )
    enterprise = models.ForeignKey(
        "problems.Enterprise", verbose_name=_("一企一议企业"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="meetings",
    )  # fmt: skip
    summary = models.TextField(_("会议概况"), blank=True)
    # For a 季度通报会: the quarter it reports on (the meeting is usually held the month after).
    quarter = models.PositiveSmallIntegerField(_("通报季度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("纪要期数"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True)
                | (models.Q(quarter__gte=1) & models.Q(quarter__lte=4)),
                name="meetings_quarter_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees the meetings it attended or that assigned it a decision (subqueries,
        so no duplicate rows); every other business role sees all."""
        if user.role == Role.REPORTER:
            unit_id = user.unit_id or 0
            attended = Meeting.units.through.objects.filter(unit_id=unit_id).values("meeting_id")
            assigned = Decision.objects.filter(task__lead_unit_id=unit_id).values("meeting_id")
            return models.Q(pk__in=attended) | models.Q(pk__in=assigned)
        return None

    @property
    def number(self) -> str:
        """The 纪要 number: 〔year〕N号, counted per kind and year."""
        return f"〔{self.held_on.year}〕{self.serial}号"


class Decision(TimestampedModel):
    """One 议定事项; the task it became is what units report on and 发改局 chases."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    seq = models.PositiveSmallIntegerField(_("序号"))
    task = models.OneToOneField(
        "tasks.Task", verbose_name=_("工作任务"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="meetings_decision_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}-{self.seq}"


class Speaker(VersionedModel):
    """A unit that presented experience or made a statement at a 通报会, from the speaking
    lists; a statement's commitments are followed up at the next quarter's meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT)
    role = models.CharField(_("发言类别"), max_length=16, choices=SpeakerRole.choices)
    group = models.CharField(_("考评组"), max_length=16)
    rank = models.PositiveIntegerField(_("排名"))
    commitments = models.TextField(_("表态承诺"), blank=True)
    follow_up = models.TextField(_("下季度跟进情况"), blank=True)
    followed_up_at = models.ForeignKey(
        Meeting, verbose_name=_("跟进会议"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="followed_up",
    )  # fmt: skip

    class Meta:
        verbose_name = _("通报会发言单位")
        verbose_name_plural = _("通报会发言单位")
        ordering = ["meeting", "role", "group", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit", "role"], name="meetings_one_speech"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_role_display()}"

    @property
    def group_label(self) -> str:
        return str(UnitKind(self.group).group_label)
