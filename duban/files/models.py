"""An uploaded file attached to a record (its owner), stored outside the web root (E5)."""

from __future__ import annotations

from typing import ClassVar, Protocol

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.evidence import EvidenceKind


class AttachmentOwner(Protocol):
    """A model files can be attached to names the action that lets a user see them: a file is
    visible exactly where its owner is (the owner's own scoping rule decides)."""

    attachment_view_action: ClassVar[str]


class Attachment(models.Model):
    """A photo or document proving something about its owner (a report's progress, a node's
    completion, a claim's fact).

    Stored under MEDIA_ROOT with a random name (never the uploader's); the original (often
    Chinese) name is only metadata for the download's Content-Disposition.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField(_("所属记录"))
    owner = GenericForeignKey("owner_type", "owner_id")
    original_name = models.CharField(_("原文件名"), max_length=255)
    stored_name = models.CharField(_("存储名"), max_length=128, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=8, choices=EvidenceKind.choices)
    content_type = models.CharField(_("MIME类型"), max_length=128)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["owner_type", "owner_id", "uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="files_owner_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind in (
            EvidenceKind.JPEG,
            EvidenceKind.PNG,
            EvidenceKind.GIF,
            EvidenceKind.WEBP,
        )
