"""Read-only aggregates for the big screen (滚动屏) and the bulletin.

Only published scores ever reach the screen. The public variant (`public=True`) carries
aggregated figures only: rankings of units, target progress and counts, no project lists and
no names of people. The payload of a month is cached under a key made of the published runs'
ids and content hashes: published data does not change, so a new publication (or revision)
simply makes a new key.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q

from duban.assessment.queries import movers, published_runs, scores_of
from duban.core.asof import Month, today
from duban.core.money import format_quantity, quantize
from duban.core.numbers import percent_number
from duban.screen import charts
from duban.supervision.models import Problem
from duban.supervision.queries import OPEN_PROBLEM_STATES, Light, compute_project_lights
from duban.targets.models import Target
from duban.targets.queries import progress_for

CACHE_SECONDS = 24 * 3600
# Provisional red-light rule until the warnings module is merged: a project's approved
# investment this year below this share of its planned investment × months elapsed ÷ 12.
RED_BELOW = Decimal("0.6")


def expected_share(month: Month) -> Decimal:
    """The trajectory (序时进度): the share of the year's target expected by the month's end."""
    return (Decimal(month.month) / 12 * 100).quantize(Decimal("0.1"))


def district_progress(month: Month) -> list[dict[str, Any]]:
    targets = Target.objects.filter(
        year=month.year, unit__isnull=True, category__isnull=True
    ).select_related("metric")
    rows = []
    for p in progress_for(targets, month):
        if p.target.comparator == "growth":
            continue
        rows.append(
            {
                "title": p.target.display_title,
                "target": p.target_text,
                "actual": p.actual_text,
                "rate": float(p.rate or 0),
                "expected": float(expected_share(month)),
                "behind": (p.rate or 0) < expected_share(month),
            }
        )
    return rows


def category_progress(month: Month) -> list[dict[str, Any]]:
    """New starts and completions per category against the district's category targets."""
    targets = list(
        Target.objects.filter(
            year=month.year,
            unit__isnull=True,
            category__isnull=False,
            strategic_only=False,
            foreign_only=False,
            metric__kind__in=["new_starts", "completions"],
        ).select_related("metric", "category")
    )
    by_cat: dict[str, dict[str, Any]] = {}
    for p in progress_for(targets, month):
        cat = p.target.category
        if cat is None:  # the query asked for category targets only
            continue
        row = by_cat.setdefault(
            cat.code, {"category": cat.name, "order": cat.sort_order, "items": {}}
        )
        row["items"][p.target.metric.kind] = {
            "target": float(p.target.value),
            "actual": float(p.actual),
            "rate": float(p.rate or 0),
        }
    return sorted(by_cat.values(), key=lambda r: r["order"])


def _red_lights(month: Month) -> list[Light]:
    """Project lights that are red as of the month: the warning module's own computation, so
    the screen, the bulletin and the warning board never disagree (its project lights only:
    the target lights are not shown here). Worst gap first."""
    reds = [
        light
        for light in compute_project_lights(month)
        if light.kind == "project" and light.colour == "red"
    ]
    reds.sort(key=lambda light: (-light.gap, light.subject))
    return reds


def _red_rows(reds: list[Light]) -> list[dict[str, Any]]:
    return [
        {
            "code": light.subject,
            "name": light.subject_label,
            "unit": light.unit_label,
            "category": light.category_label,
            "expected": format_quantity(
                quantize(light.target_value * light.expected / 100, 0), "万元"
            ),
            "actual": format_quantity(light.actual_value, "万元"),
            "share": percent_number(light.actual),  # 1 decimal: the number policy
            "reason": "；".join(light.reasons),
        }
        for light in reds
    ]


def red_projects(month: Month, limit: int = 12) -> list[dict[str, Any]]:
    """Projects with a red light as of the month (see `_red_lights`), worst gap first."""
    return _red_rows(_red_lights(month)[:limit])


def overdue_problems(month: Month, limit: int = 12) -> list[dict[str, Any]]:
    """Open problems past their deadline at the month's end (or today, if earlier), most
    overdue first. Units only, no people's names: the public screen shows just the count."""
    on = min(month.last_day, today())
    rows = (
        Problem.objects.filter(status__in=OPEN_PROBLEM_STATES, deadline__lt=on)
        .select_related("owner_unit", "department")
        .order_by("deadline", "pk")[:limit]
    )
    return [
        {
            "title": p.title,
            "unit": p.owner_unit.label,
            "department": p.department.label if p.department_id else "",
            "type": p.get_type_display(),
            "overdue_days": (on - p.deadline).days,
        }
        for p in rows
    ]


def rankings(month: Month) -> list[dict[str, Any]]:
    runs = published_runs(month)
    scores = scores_of(runs)
    out = []
    for run in runs:
        out.append(
            {
                "group": run.group_label,
                "run": run.pk,
                "revision": run.revision,
                "rows": [
                    {"rank": s.rank, "unit": s.unit.label, "total": float(s.total)}
                    for s in scores[run.pk]
                ],
            }
        )
    return out


def _cache_key(month: Month, public: bool) -> tuple[str, list[Any]]:
    runs = published_runs(month)
    tag = "-".join(f"{r.pk}:{r.content_sha256[:16]}" for r in runs) or "none"
    return f"screen:v1:{'public' if public else 'internal'}:{month}:{tag}", runs


# What only signed-in viewers see: names of projects and problems (the public screen shows
# aggregated figures only).
PRIVATE_KEYS = ("red_projects", "overdue_problems")


def payload(month: Month, *, public: bool) -> dict[str, Any]:
    """Everything the screen shows for a month; cached per set of published runs.

    The public payload is the internal one without `PRIVATE_KEYS`, so the two are computed
    once between them (at province scale the red-light slide alone takes seconds).
    Unpublished months show no rankings (the slide says so) but still show progress.
    """
    key, runs = _cache_key(month, public)
    hit = cache.get(key)
    if hit is not None:
        return hit
    if public:
        internal = payload(month, public=False)
        data = {k: v for k, v in internal.items() if k not in PRIVATE_KEYS}
    else:
        data = _build(month, runs)
    cache.set(key, data, CACHE_SECONDS)
    return data


def _build(month: Month, runs: list[Any]) -> dict[str, Any]:
    ranking = rankings(month)
    district = district_progress(month)
    categories = category_progress(month)
    reds = _red_lights(month)  # the count of all, the rows of the first 12 only
    problems = overdue_problems(month, limit=100000)
    return {
        "month": str(month),
        "month_label": month.label,
        "expected": float(expected_share(month)),
        "published": bool(runs),
        "rankings": ranking,
        "district": district,
        "categories": categories,
        "red_count": len(reds),
        "overdue_count": len(problems),
        "movers": movers(month),
        "charts": {
            "district": charts.progress_bars(district, float(expected_share(month))),
            "categories": charts.category_bars(categories, float(expected_share(month))),
            "rankings": [charts.ranking_bars(g["rows"]) for g in ranking],
        },
        "red_projects": _red_rows(reds[:12]),
        "overdue_problems": problems[:12],
    }


def months_with_published_scores() -> list[Month]:
    from duban.assessment.models import ScoreRun

    rows = (
        ScoreRun.objects.filter(Q(status="published"))
        .values_list("year", "month")
        .distinct()
        .order_by("year", "month")
    )
    return [Month(y, m) for y, m in rows]
