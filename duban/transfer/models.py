"""Import batches (the record of every committed import) and saved column mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.transfer.choices import BatchStatus, ImportKind


class ImportBatch(models.Model):
    """One committed (or failed at commit) import: which file, whose, how many rows did what.

    A preview writes nothing; a row appears here only when someone confirms (F1).
    """

    kind = models.CharField(_("导入类型"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("结果"), max_length=16, choices=BatchStatus.choices)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    counts = models.JSONField(_("各结果行数"), default=dict)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"


class ColumnMapping(models.Model):
    """A district's own name for a column (e.g. "投资额度" means 总投资), kept for next time."""

    district = models.ForeignKey(
        "orgs.District", on_delete=models.CASCADE, related_name="column_mappings"
    )
    kind = models.CharField(_("导入类型"), max_length=16, choices=ImportKind.choices)
    header = models.CharField(_("表头（规范化）"), max_length=128)
    field = models.CharField(_("对应字段"), max_length=48)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("列映射")
        verbose_name_plural = _("列映射")
        ordering = ["district", "kind", "header"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "header"], name="transfer_one_mapping_per_header"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field}"
