"""The three people each unit names (方案 三(一)) and the kinds of 帮扶 visits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactRole(models.TextChoices):
    MAIN = "main", _("主要领导")
    DEPUTY = "deputy", _("分管领导")
    LIAISON = "liaison", _("联络员")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("走访")
    MEETING = "meeting", _("座谈")
    ONSITE = "onsite", _("现场办公")
