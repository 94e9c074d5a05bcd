from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    """A responsibility agreement's path: drafted from the decomposition, issued (printed for
    signing, its content frozen), signed (the signed scan uploaded; locked from then on)."""

    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发待签")
    SIGNED = "signed", _("已签订")
