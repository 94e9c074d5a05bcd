"""What-if: the rankings every published month would have had under a draft method, side by
side with the published ones, with each unit's movement.

The draft is scored by the same engine (`engine.compute_group`) on the same sources as a
recomputation would be, month by month; nothing is stored. A published run's stored rows are
the other side. The months' sources share one cache per month, so the comparison of a year
costs about what recomputing its months costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from duban.assessment.choices import RunStatus
from duban.assessment.engine import compute_group
from duban.assessment.language import MethodSpec
from duban.assessment.models import ScoreRun, UnitScore
from duban.core.asof import Month
from duban.orgs.models import Unit


@dataclass(frozen=True)
class Movement:
    unit_id: int
    unit: str
    published_rank: int | None
    published_total: Decimal | None
    draft_rank: int
    draft_total: Decimal

    @property
    def change(self) -> int | None:
        """Places gained under the draft (positive: moves up), None if not published."""
        if self.published_rank is None:
            return None
        return self.published_rank - self.draft_rank


@dataclass(frozen=True)
class MonthComparison:
    month: Month
    run: ScoreRun
    rows: list[Movement]

    @property
    def moved(self) -> int:
        return sum(1 for r in self.rows if r.change)


def published_months(year: int, group: str) -> list[tuple[Month, ScoreRun]]:
    """The current published run of each published month of the year, for the group."""
    latest: dict[int, ScoreRun] = {}
    runs = ScoreRun.objects.filter(year=year, group=group, status=RunStatus.PUBLISHED)
    for run in runs.select_related("method").order_by("month", "revision"):
        latest[run.month] = run
    return [(Month(year, m), latest[m]) for m in sorted(latest)]


def compare(spec: MethodSpec) -> list[MonthComparison]:
    """Every published month of the draft's year and group, published vs draft."""
    names = dict(Unit.objects.filter(kind=spec.group).values_list("id", "name"))
    out: list[MonthComparison] = []
    for month, run in published_months(spec.year, spec.group):
        cache: dict[Any, Any] = {}
        result = compute_group(spec, month, cache)
        published = {
            uid: (rank, total)
            for uid, rank, total in UnitScore.objects.filter(run=run).values_list(
                "unit_id", "rank", "total"
            )
        }
        rows = [
            Movement(
                unit_id=r.unit_id,
                unit=names.get(r.unit_id, str(r.unit_id)),
                published_rank=published.get(r.unit_id, (None, None))[0],
                published_total=published.get(r.unit_id, (None, None))[1],
                draft_rank=r.rank,
                draft_total=r.total,
            )
            for r in result.rows
        ]
        out.append(MonthComparison(month, run, rows))
    return out
