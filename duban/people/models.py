"""Who answers for a unit, who is paired (挂钩) with which enterprise or project, what each
帮扶 visit achieved, and which enterprises are 困难企业 or on the 重点企业直通车 list.

Phone numbers are stored whole (the unit needs to call its people) and shown masked
(138****1234, `duban.audit.masking.mask_number`) on every page; the audit trail masks the
`phone` key on write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.audit.masking import mask_number
from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.people.choices import ContactRole, VisitKind


class Contact(VersionedModel):
    """One of a unit's 主要领导, 分管领导 or 联络员."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField(_("职责"), max_length=16, choices=ContactRole.choices)
    name = models.CharField(_("姓名"), max_length=32)
    post = models.CharField(_("职务"), max_length=64)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("单位联系人")
        verbose_name_plural = _("单位联系人")
        ordering = ["unit", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "role", "name"], name="people_one_contact_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    @property
    def phone_masked(self) -> str:
        return mask_number(self.phone)

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None


class Pairing(TimestampedModel):
    """A 挂钩: a district leader, or one of a unit's leaders, paired with an enterprise or a
    project to help it (结对帮扶)."""

    leader = models.ForeignKey(
        "orgs.Leader", verbose_name=_("区领导"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="pairings",
    )  # fmt: skip
    contact = models.ForeignKey(
        Contact, verbose_name=_("单位领导"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="pairings",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "problems.Enterprise", verbose_name=_("企业"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="pairings",
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="pairings",
    )  # fmt: skip
    # The unit answerable for the enterprise or project, copied so scoping is one column.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("挂钩日期"))

    class Meta:
        verbose_name = _("挂钩帮扶")
        verbose_name_plural = _("挂钩帮扶")
        ordering = ["unit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(leader__isnull=False, contact__isnull=True)
                    | models.Q(leader__isnull=True, contact__isnull=False)
                ),
                name="people_pairing_one_person",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(enterprise__isnull=False, project__isnull=True)
                    | models.Q(enterprise__isnull=True, project__isnull=False)
                ),
                name="people_pairing_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.subject}"

    @property
    def person(self) -> object:
        return self.leader if self.leader_id else self.contact

    @property
    def subject(self) -> object:
        return self.enterprise if self.enterprise_id else self.project

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None


class Visit(TimestampedModel):
    """One 帮扶 visit: when, how, what was raised and what came of it."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=16, choices=VisitKind.choices)
    content = models.TextField(_("帮扶内容"))
    outcome = models.TextField(_("成效"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["pairing", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"


class EnterpriseFlag(VersionedModel):
    """An enterprise marked 困难企业 (needing 结对帮扶) or on the 重点企业直通车 list."""

    enterprise = models.OneToOneField(
        "problems.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
        related_name="flag",
    )  # fmt: skip
    difficult = models.BooleanField(_("困难企业"), default=False)
    through_train = models.BooleanField(_("重点企业直通车"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("企业标记")
        verbose_name_plural = _("企业标记")
        ordering = ["enterprise"]

    def __str__(self) -> str:
        return str(self.enterprise)
