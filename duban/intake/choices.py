"""Choices of the intake app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    """Where a proposed target stands in review."""

    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已接受")
    REJECTED = "rejected", _("已驳回")


class DocumentKind(models.TextChoices):
    """How the document came in (decides what its original text is)."""

    TXT = "txt", _("文本文件")
    DOCX = "docx", _("Word 文件")
    HTML = "html", _("网页")
    PASTE = "paste", _("粘贴文本")
