from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetBasis(models.TextChoices):
    """Which value of a revised target (调整目标) a method scores against."""

    ORIGINAL = "original", _("原目标")
    REVISED = "revised", _("调整后目标")


class Pace(models.TextChoices):
    """What a completion rate compares against in a month: the whole year's target, or the
    share of it expected by the month's end (序时进度, read from the light rule's trajectory
    curve: `duban.supervision.queries.trajectory`)."""

    TRAJECTORY = "trajectory", _("序时目标")
    YEAR = "year", _("全年目标")


class RunStatus(models.TextChoices):
    """Draft scores are seen by the scoring roles only; published ones are frozen (B6, F3)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", _("月度通报")
    QUARTERLY = "quarterly", _("季度通报")


class NotApplicable(models.TextChoices):
    """What an item means for a unit with no task for it (a method parameter). The common
    practice is the default: the item does not apply and the unit's applicable base weights
    are rescaled to the full 100."""

    RESCALE = "rescale", _("不适用，其余基础分值按比例折算至100分")
    FULL = "full", _("按满分计")
    ZERO = "zero", _("按零分计")


class ItemRole(models.TextChoices):
    """Base items share the 100 points; bonus and deduction items add to or take from the total
    up to their explicit cap; a veto item caps or zeroes the total (一票否决)."""

    BASE = "base", _("基础分")
    BONUS = "bonus", _("加分项")
    DEDUCTION = "deduction", _("扣分项")
    VETO = "veto", _("一票否决")


class ScoringForm(models.TextChoices):
    """How an item turns its figures into points (see docs/assessment.md)."""

    RATE = "rate", _("按完成率计分")
    STEPS = "steps", _("分档计分")
    RANK = "rank", _("按组内名次计分")
    EVENT = "event", _("按次计分")
    POINTS = "points", _("按录入分值")
    VETO = "veto", _("一票否决")


class SpeakingRole(models.TextChoices):
    """The two roles at the quarterly bulletin meeting (通报会)."""

    PRESENT = "present", _("介绍经验")
    STATEMENT = "statement", _("表态发言")
