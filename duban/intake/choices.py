"""Choices of the intake app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    """Where a proposed target stands in review."""

    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已接受")
    REJECTED = "rejected", _("已驳回")
    # A duplicate of a target already in the table, left as it was (the proposal points at it).
    SKIPPED = "skipped", _("已跳过（重复）")


class DocumentKind(models.TextChoices):
    """How the document came in (decides what its original text is)."""

    TXT = "txt", _("文本文件")
    DOCX = "docx", _("Word 文件")
    HTML = "html", _("网页")
    PASTE = "paste", _("粘贴文本")
    PDF = "pdf", _("PDF 文件")
    DOC = "doc", _("Word 97-2003 文件")
    WPS = "wps", _("WPS 文件")
