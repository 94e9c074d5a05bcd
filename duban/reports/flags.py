"""Warnings on a submitted report, shown in the review queue (批量审核的提示).

A reviewer with seventy reports approves the clean ones in one action and reads the others; a
report is "clean" when none of these rules fires. Each rule is a pure function of the report's
figures, so the queue, the batch action and the tests agree, and the page can say why:

* 投资大幅跳升 (jump): this month's investment is at least `jump_min_wan` above last month's and
  at least `jump_ratio` times it (no report last month counts as 0) — a typo (万元 typed as 元,
  a digit too many) or a month that needs a word of explanation;
* 累计超年度计划 (over plan): the year to date including this month passes the year's plan;
* 无现场照片 (no photo): no photo among the evidence files (形象进度 is shown by photos);
* 信心低 (low confidence): the unit itself doubts the year's plan will be met.

The thresholds are settings (`DUBAN_REVIEW_JUMP_RATIO`, `DUBAN_REVIEW_JUMP_MIN_WAN`): districts
differ in what a jump is. Lateness is shown beside the figures but is no warning: it is scored
already (月报及时率) and says nothing about whether the figures are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)


@dataclass(frozen=True)
class Thresholds:
    jump_ratio: Decimal
    jump_min_wan: Decimal

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            jump_ratio=Decimal(str(settings.DUBAN_REVIEW_JUMP_RATIO)),
            jump_min_wan=Decimal(str(settings.DUBAN_REVIEW_JUMP_MIN_WAN)),
        )


@dataclass(frozen=True)
class Figures:
    """What the queue shows of one report: 万元 amounts, evidence counts, confidence."""

    this_month_wan: Decimal
    last_month_wan: Decimal | None  # None: no report filed last month
    year_to_date_wan: Decimal  # this year up to and including this month
    planned_wan: Decimal | None  # the year's planned investment, None when not listed
    photos: int
    files: int
    confidence: str


@dataclass(frozen=True)
class Flag:
    code: str
    label: Promise


JUMP = Flag("jump", _("投资大幅跳升"))
OVER_PLAN = Flag("over_plan", _("累计超年度计划"))
NO_PHOTO = Flag("no_photo", _("无现场照片"))
LOW_CONFIDENCE = Flag("low_confidence", _("信心低"))
ALL = (JUMP, OVER_PLAN, NO_PHOTO, LOW_CONFIDENCE)


def is_jump(figures: Figures, thresholds: Thresholds) -> bool:
    last = figures.last_month_wan or ZERO
    rise = figures.this_month_wan - last
    return (
        rise >= thresholds.jump_min_wan and figures.this_month_wan >= last * thresholds.jump_ratio
    )


def is_over_plan(figures: Figures) -> bool:
    return figures.planned_wan is not None and figures.year_to_date_wan > figures.planned_wan


def flags_for(figures: Figures, thresholds: Thresholds) -> tuple[Flag, ...]:
    """The warnings that fire for these figures, in the order the page lists them."""
    fired = {
        JUMP: is_jump(figures, thresholds),
        OVER_PLAN: is_over_plan(figures),
        NO_PHOTO: figures.photos == 0,
        LOW_CONFIDENCE: figures.confidence == "low",
    }
    return tuple(flag for flag in ALL if fired[flag])
