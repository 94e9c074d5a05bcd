"""Documents read by the intake and the targets proposed from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.intake.choices import DocumentKind, ProposalStatus
from duban.intake.extract import plain_decimal
from duban.targets.choices import Commitment, Comparator


class IntakeDocument(TimestampedModel):
    """A document as uploaded or pasted, with the original text every span points into.

    The original text is kept as read (never converted), so a highlight made years later still
    shows the words the target came from; ``sha256`` is of the uploaded bytes.
    """

    name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8, choices=DocumentKind.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    original_text = models.TextField(_("原文"))
    chrome = models.JSONField(_("页面杂项范围"), default=list, blank=True)
    year = models.PositiveSmallIntegerField(_("目标年度"), null=True, blank=True)
    # The district or county the document is about (泉港区), as read from its text: accepting
    # another place's targets into this district's table needs an explicit choice.
    area = models.CharField(_("文件所属地区"), max_length=32, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("识别文件")
        verbose_name_plural = _("识别文件")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("intake:review", args=[self.pk])

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """Only roles holding ``intake.use`` reach here (restrict checks the matrix first)."""
        return None


class Proposal(VersionedModel):
    """One proposed target, with the span of the document it was read from."""

    document = models.ForeignKey(
        IntakeDocument,
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=16)
    metric = models.CharField(_("指标表述"), max_length=255, blank=True)
    comparator = models.CharField(_("比较方式"), max_length=8, choices=Comparator.choices)
    period = models.CharField(_("期间"), max_length=32, blank=True)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    text = models.CharField(_("原文片段"), max_length=255)
    # What the target counts, as read from the text (see duban.intake.attributes).
    commitment = models.CharField(
        _("承诺程度"), max_length=8, choices=Commitment.choices, default="", blank=True
    )
    due_month = models.PositiveSmallIntegerField(_("完成时限（月）"), default=12)
    floor_wan = models.DecimalField(
        _("总投资下限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    category_hint = models.CharField(_("类别"), max_length=16, blank=True)
    strategic = models.BooleanField(_("仅战略性新兴产业"), default=False)
    foreign = models.BooleanField(_("仅外资项目"), default=False)
    # 其中: the broader proposal this one narrows; its accepted target becomes `broader`.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级建议（其中）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    # 确保X、力争Y: the 力争 proposal points at its 确保 partner; both become one target.
    partner = models.ForeignKey(
        "self",
        verbose_name=_("确保/力争配对"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    target = models.ForeignKey(
        "targets.Target",
        verbose_name=_("生成的目标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_proposals",
    )

    class Meta:
        verbose_name = _("目标建议")
        verbose_name_plural = _("目标建议")
        ordering = ["document", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="intake_proposal_span_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.text}"

    @property
    def value_text(self) -> str:
        """The value as people write it: 40, never 4E+1 or 40.0000."""
        return plain_decimal(self.value)

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """As for documents: the role matrix alone decides."""
        return None
