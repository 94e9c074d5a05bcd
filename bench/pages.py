"""Benchmark: the pages officials open most, at province scale (issue 22, "Pages at province
scale": p95 < 300 ms each).

    .venv/bin/python bench/pages.py                  # 2,000 units, 100,000 projects, 12 months
    .venv/bin/python bench/pages.py --units 100 --projects 5000 --months 3 --requests 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/pages.py

Builds the province data set of bench/province.py (`generate`, used read-only) in a throw-away
database: on the PostgreSQL server DATABASE_URL names (a database of its own, created, filled
and dropped), else SQLite under var/bench/. On top of it, this script adds only what the pages
need and the shared set has not: two accounts (发改局, who sees every unit, and one unit's
reporter) and, for that unit, its last month's reports turned back to drafts, so that its month
grid renders an editable form per project (the heavier case of the grid).

Then it times, through Django's test Client in this process (the whole request: middleware,
session, view, queries, template; production settings for templates and DEBUG off), each page
`--requests` times after one warm-up request (loads templates, fills caches; reported apart):

* ledger      — the 台账 as 发改局 over every project: default sort, sorts by investment, name,
                unit and planned start, filters by stage, listing, category, unit and text,
                and deep pages (the middle and the last page of the sorted ledger);
* drilldown   — a target's drill-down (计入的项目): a district target (tens of thousands of
                counted projects, paged) and one unit's part of it;
* month_grid  — a unit's month grid (unit_month) as its reporter, editable rows.

With `--lock /tmp/bench.lock` the timing (not the data generation) holds that lock, so
benches sharing a machine never time at the same moment; the load average at the end of the
timing is printed with the figures (`load_average`).

Medians and p95 per page (and per ledger variant) are printed; the last line is one JSON
object with `projects`, `ledger_p50_ms`, `ledger_p95_ms`, `drilldown_p50_ms`,
`drilldown_p95_ms`, `month_grid_p50_ms`, `month_grid_p95_ms`, `database` (other checks parse it).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from province import (  # noqa: E402  (bench/ is the script's folder)
    generate,
    peak_mb,
    setup_django,
    throwaway_database,
)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def add_page_data(year: int, months: int) -> dict[str, int]:
    """The accounts the pages are opened as, and one unit's last month back to drafts."""
    from django.db import connection

    from duban.accounts.models import User
    from duban.core.roles import Role
    from duban.orgs.models import Unit
    from duban.reports.models import MonthlyReport
    from duban.targets.models import Target

    unit = Unit.objects.order_by("sort_order", "pk")[len(Unit.objects.all()) // 2]
    supervisor = User.objects.create(
        username="bench-pages-fgj", role=Role.SUPERVISOR, must_change_password=False
    )
    reporter = User.objects.create(
        username="bench-pages-unit", role=Role.REPORTER, unit=unit, must_change_password=False
    )
    MonthlyReport.objects.filter(project__unit=unit, year=year, month=months).update(
        status="draft", submitted_at=None
    )
    district = Target.objects.filter(year=year, unit__isnull=True, category__isnull=True)
    target = district.order_by("pk").first()
    assert target is not None, "the province data set has district targets"
    part = Target.objects.filter(parent=target, unit=unit).first()
    assert part is not None, "every unit has its part of each district target"
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {
        "supervisor": supervisor.pk,
        "reporter": reporter.pk,
        "unit": unit.pk,
        "target": target.pk,
        "part": part.pk,
    }


def timed(client: object, path: str, requests: int) -> tuple[float, list[float], int]:
    """(first request ms, the next `requests` in ms, response size in bytes)."""
    times = []
    size = 0
    for i in range(requests + 1):
        t = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        took = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
        times.append(took)
        if i == 0:
            first = took
    return first, times[1:], size


def ledger_paths(total: int, unit_id: int, category_id: int, as_of: str) -> list[str]:
    last = max(1, -(-total // 50))
    q = urllib.parse.quote("项目4242")
    return [
        f"/projects/?as_of={as_of}",
        f"/projects/?as_of={as_of}&sort=-investment",
        f"/projects/?as_of={as_of}&sort=name",
        f"/projects/?as_of={as_of}&sort=unit",
        f"/projects/?as_of={as_of}&sort=-planned_start",
        f"/projects/?as_of={as_of}&stage=building&sort=-investment",
        f"/projects/?as_of={as_of}&listing=continuing",
        f"/projects/?as_of={as_of}&category={category_id}&sort=name",
        f"/projects/?as_of={as_of}&unit={unit_id}",
        f"/projects/?as_of={as_of}&q={q}",
        f"/projects/?as_of={as_of}&page={last // 2}",
        f"/projects/?as_of={as_of}&sort=-investment&page={last}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--requests", type=int, default=10, help="per page variant, after one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--lock", type=Path, help="hold this lock file (flock) while timing, not while generating"
    )
    args = parser.parse_args()
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DUBAN_AS_OF", f"{args.year}-{args.months:02d}")
    url, database, drop = throwaway_database(f"duban_bench_pages_{os.getpid()}", bench_dir)
    setup_django(url)
    try:
        took = generate(args.units, args.projects, args.months, args.year, args.seed)
        print(f"generated on {database} in {took}", file=sys.stderr)
        ids = add_page_data(args.year, args.months)
        from django.test import Client

        from duban.accounts.models import User
        from duban.projects.models import Category

        as_of = f"{args.year}-{args.months:02d}"
        fgj, reporter = Client(), Client()
        fgj.force_login(User.objects.get(pk=ids["supervisor"]))
        reporter.force_login(User.objects.get(pk=ids["reporter"]))
        category = Category.objects.order_by("pk").values_list("pk", flat=True).first() or 0
        pages: dict[str, list[tuple[object, str]]] = {
            "ledger": [
                (fgj, path) for path in ledger_paths(args.projects, ids["unit"], category, as_of)
            ],
            "drilldown": [
                (fgj, f"/targets/{ids['target']}/projects/?as_of={as_of}"),
                (fgj, f"/targets/{ids['target']}/projects/?as_of={as_of}&page=3"),
                (fgj, f"/targets/{ids['part']}/projects/?as_of={as_of}"),
                (reporter, f"/targets/{ids['part']}/projects/?as_of={as_of}"),
            ],
            "month_grid": [
                (reporter, f"/reports/unit/{ids['unit']}/{as_of}/"),
                (fgj, f"/reports/unit/{ids['unit']}/{as_of}/"),
                (fgj, f"/reports/unit/{ids['unit']}/{args.year}-{max(1, args.months - 1):02d}/"),
            ],
        }
        if args.lock:  # benches sharing a machine never time at the same moment
            lock = args.lock.open("a")
            fcntl.flock(lock, fcntl.LOCK_EX)
        print(f"timing; load average {os.getloadavg()}", file=sys.stderr)
        result: dict[str, object] = {"database": database, "projects": args.projects}
        print(f"{'page':<68}{'first':>8}{'p50':>8}{'p95':>8}{'KB':>6}")
        for name, variants in pages.items():
            every: list[float] = []
            for client, path in variants:
                first, times, size = timed(client, path, args.requests)
                every.extend(times)
                who = "unit" if client is reporter else "fgj"
                print(
                    f"{who + ' ' + urllib.parse.unquote(path):<68}{first:>8.0f}"
                    f"{statistics.median(times):>8.0f}{p95(times):>8.0f}{size // 1024:>6}"
                )
            result[f"{name}_p50_ms"] = round(statistics.median(every), 1)
            result[f"{name}_p95_ms"] = round(p95(every), 1)
        result["peak_mb"] = peak_mb()
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        order = ["projects", "ledger_p50_ms", "ledger_p95_ms", "drilldown_p50_ms",
                 "drilldown_p95_ms", "month_grid_p50_ms", "month_grid_p95_ms"]  # fmt: skip
        print(json.dumps({k: result[k] for k in [*order, "peak_mb", "load_average", "database"]}))
    finally:
        if not args.keep:
            drop()


if __name__ == "__main__":
    main()
