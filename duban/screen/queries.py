"""What the big screen (滚动屏) shows: composed from the owning apps' queries (targets'
progress, the warnings' red projects, overdue problems, published rankings); it owns none.

Only published scores ever reach the screen. The public variant (`public=True`) carries
aggregated figures only: rankings of units, target progress and counts, no project lists and
no names of people. The payload of a month is cached under a key made of the published runs'
ids and content hashes: published data does not change, so a new publication (or revision)
simply makes a new key.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Q

from duban.assessment.models import ScoreRun
from duban.assessment.queries import movers, published_runs, scores_of
from duban.core.asof import Month
from duban.core.numbers import format_score
from duban.problems.queries import overdue_rows
from duban.screen import charts
from duban.supervision.queries import red_lights, red_rows, trajectory
from duban.targets.queries import category_progress, district_progress

CACHE_SECONDS = 24 * 3600


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
                    {
                        "rank": s.rank,
                        "unit": s.unit.label,
                        "total": float(s.total),
                        "total_text": format_score(s.total),
                    }
                    for s in scores[run.pk]
                ],
            }
        )
    return out


def _cache_key(month: Month, public: bool) -> tuple[str, list[Any]]:
    runs = published_runs(month)
    tag = "-".join(f"{r.pk}:{r.content_sha256[:16]}" for r in runs) or "none"
    return f"screen:v2:{'public' if public else 'internal'}:{month}:{tag}", runs


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
    hit: dict[str, Any] | None = cache.get(key)
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
    # 序时进度 from the light rule in force: the same curve the lights and the scores read.
    expected, curve = trajectory(month)
    district = district_progress(month, expected)
    categories = category_progress(month)
    red_count, reds = red_lights(month, limit=12)  # the count of all, the first 12 rows
    problems = overdue_rows(month, limit=100000)
    return {
        "month": str(month),
        "month_label": month.label,
        "expected": float(expected),
        "expected_curve": curve,
        "published": bool(runs),
        "rankings": ranking,
        "district": district,
        "categories": categories,
        "red_count": red_count,
        "overdue_count": len(problems),
        "movers": movers(month),
        "charts": {
            "district": charts.progress_bars(district, float(expected)),
            "categories": charts.category_bars(categories, float(expected)),
            "rankings": [charts.ranking_bars(g["rows"]) for g in ranking],
        },
        "red_projects": red_rows(reds),
        "overdue_problems": problems[:12],
    }


def months_with_published_scores() -> list[Month]:
    rows = (
        ScoreRun.objects.filter(Q(status="published"))
        .values_list("year", "month")
        .distinct()
        .order_by("year", "month")
    )
    return [Month(y, m) for y, m in rows]


# --- the LED marquee feed (滚动屏 in the literal sense) -------------------------------------

# What replaces a character an LED controller's GB2312 font cannot show.
NOT_IN_GB2312 = "□"
# Punctuation whose GB2312 and GBK code tables disagree (the middle dot, the em dash): written
# in ASCII so a GB2312 and a GBK controller both show the same thing.
_AMBIGUOUS = str.maketrans({"·": " ", "・": " ", "—": "-", "―": "-", "–": "-"})


def gb2312_safe(text: str) -> str:
    """The text with every character a GB2312 controller (and so a GBK one) can draw: others
    become □ (so a rare character in a name shows as a gap, never as garbage or a dropped
    line)."""
    out = []
    for ch in text.translate(_AMBIGUOUS):
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            out.append(NOT_IN_GB2312)
        else:
            out.append(ch)
    return "".join(out)


def feed(month: Month, *, public: bool, campaign: str) -> dict[str, Any]:
    """The published rankings and headlines as short lines for an LED marquee: from the same
    cached payload as the screen (so the two never disagree), every character GB2312-safe."""
    data = payload(month, public=public)
    lines = [f"{campaign} {data['month_label']}"]
    if not data["rankings"]:
        lines.append(f"{data['month_label']}考评结果尚未发布")
    for group in data["rankings"]:
        ranked = "  ".join(
            f"{r['rank']}.{r['unit']} {r.get('total_text') or format_score(r['total'])}"
            for r in group["rows"]
        )
        lines.append(f"{group['group']}考评排名：{ranked}")
    for row in data["district"]:
        lines.append(f"{row['title']}：完成{row['actual']}（目标{row['target']}）")
    lines.append(f"亮红灯项目{data['red_count']}个，逾期未办结问题{data['overdue_count']}个")
    safe = [gb2312_safe(line) for line in lines]
    return {"month": data["month"], "published": data["published"], "lines": safe}
