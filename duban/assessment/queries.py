"""Named reads of scores: used by the pages, the bulletin and the screen alike.

Draft runs are filtered by `ScoreRun.scope_for` through `restrict`, so a user without
`score.view_draft` never receives an unpublished number (SECURITY.md B6). Functions that take
no user (`published_runs`, `quarterly_lists`) read published runs only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Prefetch, QuerySet

from duban.assessment.choices import RunStatus
from duban.assessment.models import Bulletin, ItemScore, ScoreRun, UnitScore
from duban.core.actors import Viewer
from duban.core.asof import Month
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404, restrict
from duban.orgs.choices import UnitKind
from duban.targets.models import Target
from duban.targets.queries import counted_projects

GROUP_ORDER = list(UnitKind.values)


def _latest_per_group(runs: QuerySet[ScoreRun]) -> list[ScoreRun]:
    latest: dict[str, ScoreRun] = {}
    for run in runs.select_related("method", "supersedes").order_by("group", "revision"):
        latest[run.group] = run  # highest revision wins
    return [latest[g] for g in GROUP_ORDER if g in latest]


def runs_for_month(user: Viewer, month: Month) -> list[ScoreRun]:
    """The newest run of each group the user may see (drafts only for the scoring roles)."""
    runs = restrict(ScoreRun.objects.all(), user, "score.view")
    return _latest_per_group(runs.filter(year=month.year, month=month.month))


def published_runs(month: Month) -> list[ScoreRun]:
    """The current published run of each group for a month (the newest published revision)."""
    return _latest_per_group(
        ScoreRun.objects.filter(year=month.year, month=month.month, status=RunStatus.PUBLISHED)
    )


def run_history(user: Viewer, month: Month) -> list[ScoreRun]:
    runs = restrict(ScoreRun.objects.all(), user, "score.view")
    return list(
        runs.filter(year=month.year, month=month.month)
        .select_related("method", "published_by", "supersedes")
        .order_by("group", "revision")
    )


def scores_of(runs: list[ScoreRun], *, with_items: bool = False) -> dict[int, list[UnitScore]]:
    """{run id: unit scores in display order}, in one or two queries for all runs."""
    qs = UnitScore.objects.filter(run__in=runs).select_related("unit").order_by("run", "position")
    if with_items:
        qs = qs.prefetch_related(
            Prefetch("items", queryset=ItemScore.objects.order_by("sort_order", "id"))
        )
    out: dict[int, list[UnitScore]] = {run.pk: [] for run in runs}
    for score in qs:
        out[score.run_id].append(score)
    return out


def unit_score_for(user: Viewer, pk: int) -> UnitScore:
    return get_scoped_or_404(
        UnitScore.objects.select_related("unit", "run", "run__method"),
        user,
        "score.view",
        pk=pk,
    )


@dataclass(frozen=True)
class QuarterLists:
    """Per group: who presents experience (介绍经验) and who makes a statement (表态发言)."""

    group: str
    run: ScoreRun
    top: list[UnitScore]
    bottom: list[UnitScore]
    statement_label: str

    @property
    def group_label(self) -> str:
        return UnitKind(self.group).group_label


def quarter_end(year: int, quarter: int) -> Month:
    return Month(year, quarter * 3)


def quarterly_lists(year: int, quarter: int, *, unpublished: bool = False) -> list[QuarterLists]:
    """From the published runs of the quarter's last month, by each method's own rule:
    the top N by rank, and the bottom N (lowest ranked) among units that did not complete the
    method's statement task. `unpublished` takes the newest runs whatever their status (a
    meeting record prepared before publication says so)."""
    end = quarter_end(year, quarter)
    runs = (
        _latest_per_group(ScoreRun.objects.filter(year=end.year, month=end.month))
        if unpublished
        else published_runs(end)
    )
    scores = scores_of(runs)
    out = []
    for run in runs:
        method = run.method
        rows = scores[run.pk]
        top = [s for s in rows if s.position <= method.quarterly_top_n]
        missed = [s for s in rows if not s.task_met]
        bottom = missed[-method.quarterly_bottom_n :] if method.quarterly_bottom_n else []
        label = next(
            (i.label for i in method.items.all() if i.kind == method.statement_item), "任务"
        )
        out.append(QuarterLists(run.group, run, top, bottom, label))
    return out


# "from" is a keyword, hence the functional form.
Mover = TypedDict("Mover", {"unit": str, "group": str, "from": int, "to": int, "change": int})


def movers(month: Month, limit: int = 5) -> list[Mover]:
    """Units whose published rank changed most since the previous month's published run."""
    now = published_runs(month)
    before = published_runs(month.previous()) if month.month > 1 else []
    if not now or not before:
        return []
    prev_rank = {
        (group, unit_id): rank
        for group, unit_id, rank in UnitScore.objects.filter(run__in=before).values_list(
            "run__group", "unit_id", "rank"
        )
    }
    group_of = {run.pk: run.group for run in now}
    rows: list[Mover] = []
    for run_id, runs_scores in scores_of(now).items():
        group = group_of[run_id]
        for s in runs_scores:
            old = prev_rank.get((group, s.unit_id))
            if old is not None and old != s.rank:
                rows.append(
                    {
                        "unit": s.unit.label,
                        "group": UnitKind(group).group_label,
                        "from": old,
                        "to": s.rank,
                        "change": old - s.rank,
                    }
                )
    rows.sort(key=lambda r: (-abs(r["change"]), -r["change"], r["unit"]))
    return rows[:limit]


# How many counted projects a drill-down lists per target (the count itself is always exact).
MAX_LISTED_PROJECTS = 50


def counted_projects_for(
    user: Viewer, score: UnitScore, sources: list[dict[str, Any]]
) -> dict[int, Any]:
    """{target part id: (codes and names of the projects its count is made of, live count)}.

    Listed from the current project records; a drill-down marks a target whose live count
    differs from the number stored with the score (a project changed after computation).
    """
    wanted = [s for s in sources if s.get("type") == "target" and s.get("district_target")]
    parents = {
        t.pk: t
        for t in Target.objects.filter(
            pk__in={s["district_target"] for s in wanted}
        ).select_related("metric")
    }
    month = Month(score.run.year, score.run.month)
    out: dict[int, Any] = {}
    for source in wanted:
        parent = parents.get(source["district_target"])
        if parent is None or parent.metric.unit in ("万元", "亿元"):
            continue
        # Listed only as far as the reader may see projects (a reporter sees its own unit's).
        rows = restrict(
            counted_projects(parent, month).filter(unit_id=score.unit_id), user, "project.view"
        ).order_by("code")
        listed = list(rows.values("pk", "code", "name")[:MAX_LISTED_PROJECTS])
        out[source["id"]] = {"projects": listed, "count": rows.count()}
    return out


def ranking_rows(user: Viewer, month: Month) -> tuple[list[str], list[list[Any]]]:
    """The month's rankings as a table for the Excel export: the runs the user may see (drafts
    only for the scoring roles), each unit's rank, total and item points."""
    runs = runs_for_month(user, month)
    scores = scores_of(runs, with_items=True)
    labels: list[str] = []
    for run in runs:
        for score in scores[run.pk]:
            for item in score.items.all():
                if item.label not in labels:
                    labels.append(item.label)
    headers = ["考评组", "状态", "排名", "责任单位", "总分", "表态发言依据任务", *labels]
    rows: list[list[Any]] = []
    for run in runs:
        status = run.get_status_display() + (f"（第{run.revision}次修订）" if run.revision else "")
        for score in scores[run.pk]:
            points = {item.label: item.points for item in score.items.all()}
            rows.append(
                [
                    run.group_label,
                    status,
                    score.rank,
                    score.unit.name,
                    score.total,
                    "已完成" if score.task_met else "未完成",
                    *[points.get(label) for label in labels],
                ]
            )
    return headers, rows


def bulletin_opens_for(user: Viewer, kind: str, year: int, period: int) -> bool:
    """Whether the bulletin page of a period opens for this user, so a link to it is shown
    only to those it answers: a published bulletin to every reader of scores, an unpublished
    one (a draft) only to its publisher (the rule of views._bulletin_content)."""
    if can(user, "bulletin.publish"):
        return True
    return can(user, "score.view") and (
        Bulletin.objects.filter(kind=kind, year=year, period=period).exists()
    )
