"""The wording templates of the documents duban writes, edited by 发改局 (one row per kind)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import VersionedModel
from duban.documents.choices import DocumentKind
from duban.documents.wording import Wording

WORDING_FIELDS = (
    "issuer_mark",
    "number_prefix",
    "title",
    "addressee",
    "opening",
    "closing",
    "signature",
    "cc",
    "printer",
)


class DocumentTemplate(VersionedModel):
    """The wording of one kind of document; every change is versioned and audited."""

    kind = models.CharField(_("公文种类"), max_length=32, choices=DocumentKind.choices)
    issuer_mark = models.CharField(
        _("发文机关标志"), max_length=40, help_text=_("红色版头，如“××区发展和改革局文件”")
    )
    number_prefix = models.CharField(
        _("发文字号前缀"), max_length=16, help_text=_("如“鼓发改”，文号即“鼓发改〔2021〕15号”")
    )
    title = models.CharField(_("标题"), max_length=120)
    addressee = models.CharField(_("主送机关"), max_length=255, blank=True)
    opening = models.TextField(_("开头段落"), blank=True, help_text=_("每行一段"))
    closing = models.TextField(_("结尾段落"), blank=True, help_text=_("每行一段，如“特此通报。”"))
    signature = models.CharField(_("发文机关署名"), max_length=64)
    cc = models.CharField(
        _("抄送机关"), max_length=255, blank=True, help_text=_("用顿号或逗号分隔")
    )
    printer = models.CharField(_("印发机关"), max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], name="documents_template_one_per_kind"),
        ]

    def __str__(self) -> str:
        return str(DocumentKind(self.kind).label)

    @classmethod
    def scope_for(cls, user: Any, action: str) -> models.Q | None:
        """Templates are district-wide: the role matrix alone decides who reads them."""
        return None

    def wording(self) -> Wording:
        return Wording(
            kind=self.kind,
            version=self.version,
            **{name: getattr(self, name) for name in WORDING_FIELDS},
        )
