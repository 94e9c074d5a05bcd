"""Named reads of the intake: guesses for the review form, duplicates, subject mismatches.

All pure reads: the review page, the accepting service and the tests use the same rules.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from duban.intake.models import IntakeDocument, Proposal
from duban.intake.subject import same_area
from duban.orgs.models import District, Unit
from duban.projects.models import Category
from duban.targets.choices import MetricKind
from duban.targets.models import Metric, Target

__all__ = [
    "Placement",
    "duplicate_targets",
    "guess_category",
    "guess_metric",
    "subject_mismatches",
]

_MONEY = ("元", "万元", "亿元")
# What a proposal's words say about the kind of metric it measures (a default, never binding).
_KIND_HINTS: tuple[tuple[re.Pattern[str], bool, str], ...] = (
    (re.compile(r"落地|新引进|招引"), False, MetricKind.NEW_LANDED),
    (re.compile(r"新开工|开工"), False, MetricKind.NEW_STARTS),
    (re.compile(r"新开工|开工"), True, MetricKind.NEW_START_INVESTMENT),
    (re.compile(r"建成|竣工|投产"), False, MetricKind.COMPLETIONS),
    (re.compile(r"建成|竣工|投产"), True, MetricKind.COMPLETION_INVESTMENT),
    (re.compile(r"完成.{0,6}投资|年度投资"), True, MetricKind.INVESTMENT_COMPLETED),
)


@dataclass(frozen=True)
class Placement:
    """Where an accepted proposal goes and what its target counts.

    ``unit`` None is the district's own target; the filters (category, investment floor in
    万元, 战略性新兴产业, 外资) narrow which projects a project-measured target counts;
    ``due_month`` is the period's last month; ``commitment`` is 确保 (floor) or 力争 (stretch).
    """

    year: int
    metric: Metric
    unit: Unit | None = None
    category: Category | None = None
    min_total_investment_wan: Decimal | None = None
    strategic_only: bool = False
    foreign_only: bool = False
    due_month: int = 12
    commitment: str = ""


def guess_metric(proposal: Proposal, metrics: list[Metric]) -> Metric | None:
    """The metric whose name reads most like the proposal's words, helped by the kind the
    words suggest (新开工 + a count → new starts; 新开工 + 亿元 → their total investment)."""
    money = proposal.unit in _MONEY
    kinds = {
        kind
        for pattern, is_money, kind in _KIND_HINTS
        if is_money == money and pattern.search(proposal.metric)
    }
    best: tuple[float, Metric] | None = None
    for metric in metrics:
        ratio = difflib.SequenceMatcher(None, proposal.metric, metric.name).ratio()
        if metric.kind in kinds:
            ratio += 0.5
        if (metric.unit in _MONEY) != money:
            ratio -= 0.3
        if best is None or ratio > best[0]:
            best = (ratio, metric)
    return best[1] if best is not None and best[0] >= 0.3 else None


def guess_category(hint: str, categories: list[Category]) -> Category | None:
    """The district's category named by the proposal's hint (工业, 服务业, 招商 …)."""
    if not hint:
        return None
    for category in categories:
        if category.name == hint:
            return category
    for category in categories:
        if hint in category.name or category.name in hint:
            return category
    return None


def duplicate_targets(placement: Placement) -> list[Target]:
    """Targets already in the table for the same metric, period and unit of responsibility.

    "Same metric" includes what it counts (category, investment floor, 战新, 外资): 工业新开工
    and 服务业新开工 are different targets of one metric, not duplicates. A unit's own target
    is compared with the unit's targets (decomposed parts included).
    """
    return list(
        Target.objects.filter(
            year=placement.year,
            metric=placement.metric,
            unit=placement.unit,
            due_month=placement.due_month,
            category=placement.category,
            strategic_only=placement.strategic_only,
            foreign_only=placement.foreign_only,
            min_total_investment_wan=placement.min_total_investment_wan,
        )
        .select_related("metric", "unit", "category")
        .order_by("id")
    )


def subject_mismatches(document: IntakeDocument, year: int) -> list[str]:
    """Why the document may not belong in this district's table of ``year`` (empty if none).

    The document's area is compared with the installation's district, its plan year with the
    year the targets would go into.
    """
    reasons: list[str] = []
    district = District.current()
    if document.area and district is not None and not same_area(document.area, district.name):
        reasons.append(
            _("文件所述地区为%(area)s，本系统为%(district)s")
            % {"area": document.area, "district": district.name}
        )
    if document.year and document.year != year:
        reasons.append(
            _("文件年度为%(doc)s年，目标表年度为%(year)s年") % {"doc": document.year, "year": year}
        )
    return reasons
