"""Kinds of meetings (周协调、月调度、季小结) and the two ways a unit speaks at a 通报会."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("周协调会")
    MONTHLY = "monthly", _("月调度会")
    ENTERPRISE = "enterprise", _("一企一议协调会")
    QUARTERLY = "quarterly", _("季度通报会")
    TOPIC = "topic", _("专题会")


class SpeakerRole(models.TextChoices):
    EXPERIENCE = "experience", _("介绍经验")
    STATEMENT = "statement", _("表态发言")
