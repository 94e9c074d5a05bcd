from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetBasis(models.TextChoices):
    """Which value of a revised target (调整目标) a method scores against."""

    ORIGINAL = "original", _("原目标")
    REVISED = "revised", _("调整后目标")


class Pace(models.TextChoices):
    """What a completion rate compares against in a month: the whole year's target, or the
    share of it expected by the month's end (序时进度, target × month ÷ 12)."""

    TRAJECTORY = "trajectory", _("序时目标")
    YEAR = "year", _("全年目标")


class RunStatus(models.TextChoices):
    """Draft scores are seen by the scoring roles only; published ones are frozen (B6, F3)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", _("月度通报")
    QUARTERLY = "quarterly", _("季度通报")
