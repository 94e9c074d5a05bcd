from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    """A warning light's colour, in order of severity."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")

    @classmethod
    def severity(cls, value: str) -> int:
        """0 for green up to 2 for red (the declaration order); a lookup in `_SEVERITY`,
        which is built once from the members (rebuilding `values` each call was slow)."""
        try:
            return _SEVERITY[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a colour") from None

    @classmethod
    def worst(cls, *values: str) -> str:
        if not values:
            return cls.GREEN
        try:
            return max(values, key=_SEVERITY.__getitem__)
        except KeyError as e:
            raise ValueError(f"{e.args[0]!r} is not a colour") from None


# Severity of each colour, by its position in the declaration (green < yellow < red).
_SEVERITY: dict[str, int] = {member.value: i for i, member in enumerate(Colour)}


class LightKind(models.TextChoices):
    TARGET = "target", _("目标任务")
    PROJECT = "project", _("项目")
    TASK = "task", _("工作任务")


class LetterStatus(models.TextChoices):
    ISSUED = "issued", _("已发函")
    REPLIED = "replied", _("已回函")
    CLOSED = "closed", _("已办结")
    ESCALATED = "escalated", _("逾期升级")
    CANCELLED = "cancelled", _("已撤销")
