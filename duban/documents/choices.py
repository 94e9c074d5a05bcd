"""The documents duban writes, each with one wording template."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    BULLETIN = "bulletin", _("考评通报（月度、季度）")
    LETTER = "letter", _("督办函")
    MINUTES = "minutes", _("会议纪要")
    RESPONSIBILITY = "responsibility", _("目标责任书")
