"""Problem types and the one path a problem walks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemType(models.TextChoices):
    LAND = "land", _("用地")
    PLANNING = "planning", _("规划")
    FUNDING = "funding", _("资金")
    APPROVAL = "approval", _("审批")
    RELOCATION = "relocation", _("征迁")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    """open → in progress → resolved → confirmed by the raiser, or reopened (→ in progress)."""

    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("协调中")
    RESOLVED = "resolved", _("已解决")
    CONFIRMED = "confirmed", _("已确认办结")
    REOPENED = "reopened", _("已重新打开")


# The one table of allowed moves; services refuse anything else.
PROBLEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ProblemStatus.OPEN: frozenset({ProblemStatus.IN_PROGRESS}),
    ProblemStatus.IN_PROGRESS: frozenset({ProblemStatus.RESOLVED}),
    ProblemStatus.RESOLVED: frozenset({ProblemStatus.CONFIRMED, ProblemStatus.REOPENED}),
    ProblemStatus.REOPENED: frozenset({ProblemStatus.IN_PROGRESS}),
    ProblemStatus.CONFIRMED: frozenset(),
}
# Moves that belong to the one who raised the problem, not to the coordinating side.
RAISER_MOVES = frozenset({ProblemStatus.CONFIRMED, ProblemStatus.REOPENED})
CLOSED_PROBLEM_STATES = frozenset({ProblemStatus.RESOLVED, ProblemStatus.CONFIRMED})
# Problems still on someone's desk.
OPEN_PROBLEM_STATES = [ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.REOPENED]
