"""Responsibility agreements (目标责任书): one per unit and year.

The agreement is drawn from the decomposition (the unit's targets at their original values, its
listed projects, the method of its group) into `content` while it is a draft. Issuing freezes
that content; signing (both sides on paper, the scan uploaded) locks the agreement for good. A
target revised later in the year appears as an annex, read from `targets.TargetRevision`,
never by changing the agreement.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.agreements.choices import AgreementStatus
from duban.core.actors import Principal
from duban.core.models import VersionedModel
from duban.core.roles import Role


class Agreement(VersionedModel):
    """A unit's 目标责任书 for a year: its frozen content, signatories and signing."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
        related_name="agreements",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # The serial of its 文号 (鼓楼责〔2021〕7号), given when it is issued.
    serial = models.PositiveIntegerField(_("文号序号"), null=True, blank=True)
    # What the agreement says: targets, projects, tasks, method, wording (see content.py).
    content: models.JSONField[Any, Any] = models.JSONField(_("内容"), default=dict)
    district_signatory = models.CharField(_("区级签订人"), max_length=64, blank=True)
    unit_signatory = models.CharField(_("单位主要领导"), max_length=64, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    # The signed scan (duban.files): visible to whoever may see the agreement.
    evidence_files = GenericRelation(
        "files.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    attachment_view_action: ClassVar[str] = "agreement.view"

    class Meta:
        verbose_name = _("目标责任书")
        verbose_name_plural = _("目标责任书")
        ordering = ["year", "unit__kind", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="agreements_one_a_year"),
            models.UniqueConstraint(
                fields=["year", "serial"],
                condition=models.Q(serial__isnull=False),
                name="agreements_serial_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed") | models.Q(signed_on__isnull=False),
                name="agreements_signed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(issued_on__isnull=False),
                name="agreements_issued_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.unit}目标责任书"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees its own agreement; 发改局, reviewers and leaders see all."""
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None

    @property
    def is_locked(self) -> bool:
        return self.status == AgreementStatus.SIGNED

    @property
    def target_count(self) -> int:
        return len(self.content.get("targets", []))
